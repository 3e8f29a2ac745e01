#pragma once
// FastFlat: FAISS's flat vector storage with the distance kernels chosen
// for this CPU (vector/distance.h). Debian's libfaiss is compiled for the
// x86-64 baseline, where its distance loop runs scalar; building the graph
// (FAISS's HNSW insertion) computes its distances through this storage. The
// stored codes and file format are IndexFlat's own, so snapshots stay plain
// FAISS indexes.

#include <faiss/IndexFlat.h>
#include <faiss/IndexHNSW.h>

#include <cstddef>

#include "vector/distance.h"

namespace strata::vec {

struct FastFlat : faiss::IndexFlat {
  FastFlat(faiss::Index::idx_t d, faiss::MetricType metric) : faiss::IndexFlat(d, metric) {}
  faiss::FlatCodesDistanceComputer* get_FlatCodesDistanceComputer() const override;
};

// Swaps an HNSW index's flat storage for a FastFlat holding the same vectors.
void use_fast_storage(faiss::IndexHNSWFlat& index);

}  // namespace strata::vec
