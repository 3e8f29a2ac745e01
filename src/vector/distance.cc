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

uint32_t l2_u8_scalar(const uint8_t* a, const uint8_t* b, size_t d) {
  uint32_t s = 0;
  for (size_t i = 0; i < d; ++i) {
    int t = static_cast<int>(a[i]) - static_cast<int>(b[i]);
    s += static_cast<uint32_t>(t * t);
  }
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

// |a - b| of unsigned bytes is the OR of both saturating differences (one
// of them is zero); widened to 16 bits, madd squares and adds pairs into
// 32-bit lanes, which cannot overflow for d below 33,000.
__attribute__((target("avx2,fma"))) uint32_t l2_u8_avx2(const uint8_t* a, const uint8_t* b,
                                                        size_t d) {
  const __m256i zero = _mm256_setzero_si256();
  __m256i s = _mm256_setzero_si256();
  size_t i = 0;
  for (; i + 32 <= d; i += 32) {
    __m256i x = _mm256_loadu_si256(reinterpret_cast<const __m256i*>(a + i));
    __m256i y = _mm256_loadu_si256(reinterpret_cast<const __m256i*>(b + i));
    __m256i t = _mm256_or_si256(_mm256_subs_epu8(x, y), _mm256_subs_epu8(y, x));
    __m256i lo = _mm256_unpacklo_epi8(t, zero), hi = _mm256_unpackhi_epi8(t, zero);
    s = _mm256_add_epi32(s, _mm256_add_epi32(_mm256_madd_epi16(lo, lo), _mm256_madd_epi16(hi, hi)));
  }
  __m128i s4 = _mm_add_epi32(_mm256_castsi256_si128(s), _mm256_extracti128_si256(s, 1));
  if (i + 16 <= d) {
    __m128i x = _mm_loadu_si128(reinterpret_cast<const __m128i*>(a + i));
    __m128i y = _mm_loadu_si128(reinterpret_cast<const __m128i*>(b + i));
    __m128i t = _mm_or_si128(_mm_subs_epu8(x, y), _mm_subs_epu8(y, x));
    __m128i lo = _mm_unpacklo_epi8(t, _mm_setzero_si128());
    __m128i hi = _mm_unpackhi_epi8(t, _mm_setzero_si128());
    s4 = _mm_add_epi32(s4, _mm_add_epi32(_mm_madd_epi16(lo, lo), _mm_madd_epi16(hi, hi)));
    i += 16;
  }
  s4 = _mm_add_epi32(s4, _mm_shuffle_epi32(s4, 0x4e));
  s4 = _mm_add_epi32(s4, _mm_shuffle_epi32(s4, 0xb1));
  uint32_t out = static_cast<uint32_t>(_mm_cvtsi128_si32(s4));
  return out + l2_u8_scalar(a + i, b + i, d - i);
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

__attribute__((target("avx512f,avx512bw"))) uint32_t l2_u8_avx512(const uint8_t* a,
                                                                  const uint8_t* b, size_t d) {
  const __m512i zero = _mm512_setzero_si512();
  __m512i s = _mm512_setzero_si512();
  for (size_t i = 0; i < d; i += 64) {
    // The last block may be partial: masked-off bytes load as zero on both sides.
    __mmask64 m = d - i >= 64 ? ~__mmask64{0} : (__mmask64{1} << (d - i)) - 1;
    __m512i x = _mm512_maskz_loadu_epi8(m, a + i), y = _mm512_maskz_loadu_epi8(m, b + i);
    __m512i t = _mm512_or_si512(_mm512_subs_epu8(x, y), _mm512_subs_epu8(y, x));
    __m512i lo = _mm512_unpacklo_epi8(t, zero), hi = _mm512_unpackhi_epi8(t, zero);
    s = _mm512_add_epi32(s, _mm512_add_epi32(_mm512_madd_epi16(lo, lo), _mm512_madd_epi16(hi, hi)));
  }
  return static_cast<uint32_t>(_mm512_reduce_add_epi32(s));
}

#endif

constexpr DistanceKernels k_kernels[] = {
    {"scalar", l2_scalar, dot_scalar, l2_u8_scalar},
#ifdef STRATA_X86_KERNELS
    {"avx2", l2_avx2, dot_avx2, l2_u8_avx2},
    {"avx512", l2_avx512, dot_avx512, l2_u8_avx512},
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
  if (std::strcmp(kernels.name, "avx512") == 0)
    return __builtin_cpu_supports("avx512f") && __builtin_cpu_supports("avx512bw");
#endif
  return std::strcmp(kernels.name, "scalar") == 0;
}

const DistanceKernels& active_kernels() {
  static const DistanceKernels& chosen = choose();
  return chosen;
}

}  // namespace strata::vec
