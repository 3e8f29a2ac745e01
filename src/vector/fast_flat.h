#pragma once
// FastFlat: FAISS's flat vector storage with distance functions built for
// this machine. Debian's libfaiss is compiled for the x86-64 baseline, where
// its distance loop runs scalar and takes most of a query's time; these run
// 8 floats at a time and pick an AVX2 version at load time when the CPU has
// it. The stored codes and file format are IndexFlat's own, so snapshots
// stay plain FAISS indexes.

#include <faiss/IndexFlat.h>
#include <faiss/IndexHNSW.h>

#include <cstddef>

namespace strata::vec {

float l2_squared(const float* a, const float* b, size_t d);
float dot_product(const float* a, const float* b, size_t d);

struct FastFlat : faiss::IndexFlat {
  FastFlat(faiss::Index::idx_t d, faiss::MetricType metric) : faiss::IndexFlat(d, metric) {}
  faiss::FlatCodesDistanceComputer* get_FlatCodesDistanceComputer() const override;
};

// Swaps an HNSW index's flat storage for a FastFlat holding the same vectors.
void use_fast_storage(faiss::IndexHNSWFlat& index);

}  // namespace strata::vec
