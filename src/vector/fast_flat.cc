#include "vector/fast_flat.h"

#include <faiss/impl/DistanceComputer.h>

// The 8-float vector type never crosses a call boundary that another
// compiler or flag set could see (helpers are inline, in this file only),
// so GCC's note about its AVX calling convention does not apply.
#pragma GCC diagnostic ignored "-Wpsabi"

// The AVX2/baseline clones are picked by an ifunc resolver that runs while
// the program is being loaded, before ThreadSanitizer's runtime starts; the
// resolver is instrumented like any function and would crash. TSan builds
// use the baseline loop only.
#if defined(__SANITIZE_THREAD__)
#define STRATA_AVX2_CLONES
#elif defined(__has_feature)
#if __has_feature(thread_sanitizer)
#define STRATA_AVX2_CLONES
#endif
#endif
#ifndef STRATA_AVX2_CLONES
#define STRATA_AVX2_CLONES __attribute__((target_clones("avx2", "default")))
#endif

namespace strata::vec {

namespace {

typedef float v8f __attribute__((vector_size(32)));
// 8 floats as they lie in memory: unaligned, aliasing the float array.
typedef float v8f_mem __attribute__((vector_size(32), aligned(4), may_alias));

// The helpers take and return vectors by reference: passing one by value
// from the non-AVX clone would need the AVX calling convention, which
// clang refuses to compile.
inline const v8f_mem& load8(const float* p) { return *reinterpret_cast<const v8f_mem*>(p); }

inline float lanes(const v8f& v) {
  return ((v[0] + v[1]) + (v[2] + v[3])) + ((v[4] + v[5]) + (v[6] + v[7]));
}

}  // namespace

STRATA_AVX2_CLONES float l2_squared(const float* a, const float* b, size_t d) {
  v8f s0 = {}, s1 = {};
  size_t i = 0;
  for (; i + 16 <= d; i += 16) {
    v8f t0 = load8(a + i) - load8(b + i);
    v8f t1 = load8(a + i + 8) - load8(b + i + 8);
    s0 += t0 * t0;
    s1 += t1 * t1;
  }
  float s = lanes(s0 + s1);
  for (; i < d; ++i) s += (a[i] - b[i]) * (a[i] - b[i]);
  return s;
}

STRATA_AVX2_CLONES float dot_product(const float* a, const float* b, size_t d) {
  v8f s0 = {}, s1 = {};
  size_t i = 0;
  for (; i + 16 <= d; i += 16) {
    s0 += load8(a + i) * load8(b + i);
    s1 += load8(a + i + 8) * load8(b + i + 8);
  }
  float s = lanes(s0 + s1);
  for (; i < d; ++i) s += a[i] * b[i];
  return s;
}

// After the definitions above: clang refuses target_clones on a function
// that was called before its definition.
namespace {

struct FastDistance : faiss::FlatCodesDistanceComputer {
  const float* m_base;
  size_t m_d;
  bool m_ip;
  const float* m_q = nullptr;

  FastDistance(const float* base, size_t d, bool ip)
      : FlatCodesDistanceComputer(reinterpret_cast<const uint8_t*>(base), d * sizeof(float)),
        m_base(base), m_d(d), m_ip(ip) {}
  void set_query(const float* x) override { m_q = x; }
  float distance(const float* a, const float* b) const { return m_ip ? dot_product(a, b, m_d) : l2_squared(a, b, m_d); }
  float distance_to_code(const uint8_t* code) override {
    return distance(m_q, reinterpret_cast<const float*>(code));
  }
  float symmetric_dis(idx_t i, idx_t j) override { return distance(m_base + i * m_d, m_base + j * m_d); }
};

}  // namespace

faiss::FlatCodesDistanceComputer* FastFlat::get_FlatCodesDistanceComputer() const {
  return new FastDistance(get_xb(), static_cast<size_t>(d), metric_type == faiss::METRIC_INNER_PRODUCT);
}

void use_fast_storage(faiss::IndexHNSWFlat& index) {
  auto* old = dynamic_cast<faiss::IndexFlat*>(index.storage);
  if (!old || dynamic_cast<FastFlat*>(old)) return;
  auto* fast = new FastFlat(old->d, old->metric_type);
  fast->codes = std::move(old->codes);
  fast->ntotal = old->ntotal;
  if (index.own_fields) delete old;
  index.storage = fast;
  index.own_fields = true;
}

}  // namespace strata::vec
