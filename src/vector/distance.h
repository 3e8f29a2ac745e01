#pragma once
// Distance kernels for the vector store, chosen by the CPU at run time.
// Debian's libfaiss and Strata's own build target the x86-64 baseline, where
// a 784-dimension distance runs scalar and takes most of a query's time.
// Each kernel set here is compiled for one instruction set (scalar, AVX2
// with FMA, AVX-512F with BW) and the best one the CPU reports is picked once, on
// first use; STRATA_VEC_KERNEL=scalar|avx2|avx512 forces one (for
// measuring what an older CPU gets; one the CPU lacks is ignored).

#include <cstddef>
#include <cstdint>
#include <span>

namespace strata::vec {

using DistanceFn = float (*)(const float* a, const float* b, size_t d);
// Squared L2 distance between two 8-bit codes (vector/quantized_codes.h),
// exact in integers: d <= 33,000 keeps the sum within 32 bits.
using CodeDistanceFn = uint32_t (*)(const uint8_t* a, const uint8_t* b, size_t d);

// One instruction set's kernels: squared L2 distance and dot product of
// floats, squared L2 distance of 8-bit codes.
struct DistanceKernels {
  const char* name;
  DistanceFn l2_squared;
  DistanceFn dot_product;
  CodeDistanceFn l2_squared_u8;
};

// Every kernel set compiled into this build, scalar first.
std::span<const DistanceKernels> all_kernels();
// Whether this CPU can run the set.
bool kernels_supported(const DistanceKernels& kernels);
// The set in use: the widest supported, unless STRATA_VEC_KERNEL names another.
const DistanceKernels& active_kernels();

inline float l2_squared(const float* a, const float* b, size_t d) {
  return active_kernels().l2_squared(a, b, d);
}
inline float dot_product(const float* a, const float* b, size_t d) {
  return active_kernels().dot_product(a, b, d);
}

}  // namespace strata::vec
