// Each kernel is compiled for its instruction set with a target attribute,
// not target_clones: the dispatch is an ordinary function pointer chosen
// after start-up (an ifunc resolver runs before ThreadSanitizer's runtime
// and crashes it), and tests can call every kernel by name. The wide
// kernels keep two accumulators to hide the FMA latency and finish the
// tail with a masked load (AVX-512) or a scalar loop (AVX2), so they sum in
// another order than the scalar loop: results agree to rounding, not bits.

#include "vector/distance.h"

#include <cstdlib>
#include <cstring>

#if defined(__x86_64__)
// GCC 12's _mm512_reduce_add_ps starts from _mm256_undefined_pd(), which
// its own -Wuninitialized then reports; the lanes it leaves undefined are
// never read.
#pragma GCC diagnostic ignored "-Wuninitialized"
#include <immintrin.h>
#define STRATA_X86_KERNELS 1
#endif

namespace strata::vec {

namespace {

float l2_scalar(const float* a, const float* b, size_t d) {
  float s = 0;
  for (size_t i = 0; i < d; ++i) s += (a[i] - b[i]) * (a[i] - b[i]);
  return s;
}

float dot_scalar(const float* a, const float* b, size_t d) {
  float s = 0;
  for (size_t i = 0; i < d; ++i) s += a[i] * b[i];
  return s;
}

#ifdef STRATA_X86_KERNELS

__attribute__((target("avx2,fma"))) float sum8(__m256 v) {
  __m128 x = _mm_add_ps(_mm256_castps256_ps128(v), _mm256_extractf128_ps(v, 1));
  x = _mm_add_ps(x, _mm_movehl_ps(x, x));
  x = _mm_add_ss(x, _mm_shuffle_ps(x, x, 1));
  return _mm_cvtss_f32(x);
}

__attribute__((target("avx2,fma"))) float l2_avx2(const float* a, const float* b, size_t d) {
  __m256 s0 = _mm256_setzero_ps(), s1 = _mm256_setzero_ps();
  size_t i = 0;
  for (; i + 16 <= d; i += 16) {
    __m256 t0 = _mm256_sub_ps(_mm256_loadu_ps(a + i), _mm256_loadu_ps(b + i));
    __m256 t1 = _mm256_sub_ps(_mm256_loadu_ps(a + i + 8), _mm256_loadu_ps(b + i + 8));
    s0 = _mm256_fmadd_ps(t0, t0, s0);
    s1 = _mm256_fmadd_ps(t1, t1, s1);
  }
  if (i + 8 <= d) {
    __m256 t = _mm256_sub_ps(_mm256_loadu_ps(a + i), _mm256_loadu_ps(b + i));
    s0 = _mm256_fmadd_ps(t, t, s0);
    i += 8;
  }
  float s = sum8(_mm256_add_ps(s0, s1));
  for (; i < d; ++i) s += (a[i] - b[i]) * (a[i] - b[i]);
  return s;
}

__attribute__((target("avx2,fma"))) float dot_avx2(const float* a, const float* b, size_t d) {
  __m256 s0 = _mm256_setzero_ps(), s1 = _mm256_setzero_ps();
  size_t i = 0;
  for (; i + 16 <= d; i += 16) {
    s0 = _mm256_fmadd_ps(_mm256_loadu_ps(a + i), _mm256_loadu_ps(b + i), s0);
    s1 = _mm256_fmadd_ps(_mm256_loadu_ps(a + i + 8), _mm256_loadu_ps(b + i + 8), s1);
  }
  if (i + 8 <= d) {
    s0 = _mm256_fmadd_ps(_mm256_loadu_ps(a + i), _mm256_loadu_ps(b + i), s0);
    i += 8;
  }
  float s = sum8(_mm256_add_ps(s0, s1));
  for (; i < d; ++i) s += a[i] * b[i];
  return s;
}

__attribute__((target("avx512f"))) float l2_avx512(const float* a, const float* b, size_t d) {
  __m512 s0 = _mm512_setzero_ps(), s1 = _mm512_setzero_ps();
  size_t i = 0;
  for (; i + 32 <= d; i += 32) {
    __m512 t0 = _mm512_sub_ps(_mm512_loadu_ps(a + i), _mm512_loadu_ps(b + i));
    __m512 t1 = _mm512_sub_ps(_mm512_loadu_ps(a + i + 16), _mm512_loadu_ps(b + i + 16));
    s0 = _mm512_fmadd_ps(t0, t0, s0);
    s1 = _mm512_fmadd_ps(t1, t1, s1);
  }
  for (; i < d; i += 16) {
    // The last block may be partial: masked-off lanes load as zero.
    __mmask16 m =
        d - i >= 16 ? static_cast<__mmask16>(0xffff) : static_cast<__mmask16>((1u << (d - i)) - 1);
    __m512 t = _mm512_sub_ps(_mm512_maskz_loadu_ps(m, a + i), _mm512_maskz_loadu_ps(m, b + i));
    s0 = _mm512_fmadd_ps(t, t, s0);
  }
  return _mm512_reduce_add_ps(_mm512_add_ps(s0, s1));
}

__attribute__((target("avx512f"))) float dot_avx512(const float* a, const float* b, size_t d) {
  __m512 s0 = _mm512_setzero_ps(), s1 = _mm512_setzero_ps();
  size_t i = 0;
  for (; i + 32 <= d; i += 32) {
    s0 = _mm512_fmadd_ps(_mm512_loadu_ps(a + i), _mm512_loadu_ps(b + i), s0);
    s1 = _mm512_fmadd_ps(_mm512_loadu_ps(a + i + 16), _mm512_loadu_ps(b + i + 16), s1);
  }
  for (; i < d; i += 16) {
    __mmask16 m =
        d - i >= 16 ? static_cast<__mmask16>(0xffff) : static_cast<__mmask16>((1u << (d - i)) - 1);
    s0 = _mm512_fmadd_ps(_mm512_maskz_loadu_ps(m, a + i), _mm512_maskz_loadu_ps(m, b + i), s0);
  }
  return _mm512_reduce_add_ps(_mm512_add_ps(s0, s1));
}

#endif

constexpr DistanceKernels k_kernels[] = {
    {"scalar", l2_scalar, dot_scalar},
#ifdef STRATA_X86_KERNELS
    {"avx2", l2_avx2, dot_avx2},
    {"avx512", l2_avx512, dot_avx512},
#endif
};

const DistanceKernels& choose() {
  const DistanceKernels* best = &k_kernels[0];
  for (const auto& k : k_kernels)
    if (kernels_supported(k)) best = &k;  // listed narrowest first
  const char* forced = std::getenv("STRATA_VEC_KERNEL");
  if (forced)
    for (const auto& k : k_kernels)
      if (std::strcmp(k.name, forced) == 0 && kernels_supported(k)) best = &k;
  return *best;
}

}  // namespace

std::span<const DistanceKernels> all_kernels() { return k_kernels; }

bool kernels_supported(const DistanceKernels& kernels) {
#ifdef STRATA_X86_KERNELS
  __builtin_cpu_init();
  if (std::strcmp(kernels.name, "avx2") == 0)
    return __builtin_cpu_supports("avx2") && __builtin_cpu_supports("fma");
  if (std::strcmp(kernels.name, "avx512") == 0) return __builtin_cpu_supports("avx512f");
#endif
  return std::strcmp(kernels.name, "scalar") == 0;
}

const DistanceKernels& active_kernels() {
  static const DistanceKernels& chosen = choose();
  return chosen;
}

}  // namespace strata::vec
