#include "vector/fast_flat.h"

#include <faiss/impl/DistanceComputer.h>

namespace strata::vec {

namespace {

struct FastDistance : faiss::FlatCodesDistanceComputer {
  const float* m_base;
  size_t m_d;
  bool m_ip;
  const float* m_q = nullptr;

  FastDistance(const float* base, size_t d, bool ip)
      : FlatCodesDistanceComputer(reinterpret_cast<const uint8_t*>(base), d * sizeof(float)),
        m_base(base),
        m_d(d),
        m_ip(ip) {}
  void set_query(const float* x) override { m_q = x; }
  DistanceFn m_fn = m_ip ? active_kernels().dot_product : active_kernels().l2_squared;
  float distance(const float* a, const float* b) const { return m_fn(a, b, m_d); }
  float distance_to_code(const uint8_t* code) override {
    return distance(m_q, reinterpret_cast<const float*>(code));
  }
  float symmetric_dis(idx_t i, idx_t j) override {
    return distance(m_base + i * m_d, m_base + j * m_d);
  }
};

}  // namespace

faiss::FlatCodesDistanceComputer* FastFlat::get_FlatCodesDistanceComputer() const {
  return new FastDistance(get_xb(), static_cast<size_t>(d),
                          metric_type == faiss::METRIC_INNER_PRODUCT);
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
