// Training, encoding, the bounded scan and the persisted form of the 8-bit
// codes. Errors are measured, not derived from the step: a value clamped
// into the range, or a step rounded down by the float division, is still
// covered by the bound, because the bound uses the error each row really has.

#include "vector/quantized_codes.h"

#include <algorithm>
#include <cmath>
#include <cstring>
#include <limits>

#include "vector/distance.h"

namespace strata::vec {

namespace {

// Float roundings in the code distance, the reconstructions and the float
// kernels are far below this; it only widens the bounds, never narrows them.
constexpr float k_relative_slack = 1e-3f;
// How far ahead of the scan rows are fetched.
constexpr size_t k_prefetch_rows = 4;

uint8_t quantize(float x, float lo, float step) {
  float c = std::round((x - lo) / step);
  if (!(c > 0)) return 0;  // also NaN
  return c >= 255 ? 255 : static_cast<uint8_t>(c);
}

}  // namespace

void QuantizedCodes::prefetch_row(const uint8_t* p) const {
  // Every line of the row: the rows a filter keeps lie apart, and the
  // hardware prefetcher starts each one cold.
  for (size_t line = 0; line < m_dim; line += 64) __builtin_prefetch(p + line);
}

void QuantizedCodes::clear() {
  m_lo.clear();
  m_hi.clear();
  m_codes.clear();
  m_errors.clear();
  m_step = 1;
}

void QuantizedCodes::append(const float* vectors, size_t count) {
  size_t first = rows();
  if (count <= first || m_dim == 0) return;
  bool inside = !m_lo.empty();
  for (size_t r = first; r < count && inside; ++r)
    for (size_t i = 0; i < m_dim; ++i) {
      float x = vectors[r * m_dim + i];
      if (x < m_lo[i] || x > m_hi[i]) {
        inside = false;
        break;
      }
    }
  if (inside) return encode_rows(vectors, first, count);
  retrain(vectors, count);
  encode_rows(vectors, 0, count);
}

void QuantizedCodes::retrain(const float* vectors, size_t count) {
  m_lo.assign(m_dim, std::numeric_limits<float>::infinity());
  m_hi.assign(m_dim, -std::numeric_limits<float>::infinity());
  for (size_t r = 0; r < count; ++r)
    for (size_t i = 0; i < m_dim; ++i) {
      float x = vectors[r * m_dim + i];
      m_lo[i] = std::min(m_lo[i], x);
      m_hi[i] = std::max(m_hi[i], x);
    }
  float widest = 0;
  for (size_t i = 0; i < m_dim; ++i) widest = std::max(widest, m_hi[i] - m_lo[i]);
  m_step = widest / 255.0f;
  if (!(m_step > 0) || !std::isfinite(m_step)) m_step = 1;
  for (size_t i = 0; i < m_dim; ++i)
    if (!std::isfinite(m_lo[i])) m_lo[i] = m_hi[i] = 0;
}

void QuantizedCodes::encode_rows(const float* vectors, size_t first, size_t count) {
  m_codes.resize(count * m_dim);
  m_errors.resize(count);
  for (size_t r = first; r < count; ++r) {
    double err = 0;
    uint8_t* c = m_codes.data() + r * m_dim;
    for (size_t i = 0; i < m_dim; ++i) {
      float x = vectors[r * m_dim + i];
      c[i] = quantize(x, m_lo[i], m_step);
      double e = static_cast<double>(x) - decode(i, c[i]);
      err += e * e;
    }
    m_errors[r] = static_cast<float>(std::sqrt(err) * (1 + 1e-6));
  }
}

QuantizedCodes::EncodedQuery QuantizedCodes::encode_query(const float* q) const {
  EncodedQuery out;
  out.code.resize(m_dim);
  double err = 0;
  for (size_t i = 0; i < m_dim; ++i) {
    out.code[i] = quantize(q[i], m_lo[i], m_step);
    double e = static_cast<double>(q[i]) - decode(i, out.code[i]);
    err += e * e;
  }
  out.error = static_cast<float>(std::sqrt(err) * (1 + 1e-6));
  return out;
}

std::vector<std::pair<float, int64_t>> QuantizedCodes::scan_l2(const float* q, const float* vectors,
                                                               std::span<const int64_t> rows,
                                                               size_t k, size_t* reranked) const {
  k = std::min(k, rows.size());
  if (k == 0) return {};
  const DistanceKernels& kernels = active_kernels();
  EncodedQuery eq = encode_query(q);
  float step2 = m_step * m_step;
  // Pass 1, codes only: the k smallest upper bounds (a max-heap) and every
  // row whose lower bound does not exceed the k-th upper bound seen so far.
  std::vector<float> uppers;
  uppers.reserve(k + 1);
  std::vector<std::pair<float, int64_t>> maybe;  // (lower bound, row)
  for (size_t j = 0; j < rows.size(); ++j) {
    if (j + k_prefetch_rows < rows.size()) prefetch_row(code(rows[j + k_prefetch_rows]));
    int64_t row = rows[j];
    float a = std::sqrt(
        step2 * static_cast<float>(kernels.l2_squared_u8(eq.code.data(), code(row), m_dim)));
    float slack = eq.error + error(row);
    float lower = (a - slack) * (1 - k_relative_slack);
    if (uppers.size() == k && lower > uppers.front()) continue;
    maybe.emplace_back(lower, row);
    float upper = (a + slack) * (1 + k_relative_slack) + std::numeric_limits<float>::min();
    if (uppers.size() < k) {
      uppers.push_back(upper);
      std::push_heap(uppers.begin(), uppers.end());
    } else if (upper < uppers.front()) {
      std::pop_heap(uppers.begin(), uppers.end());
      uppers.back() = upper;
      std::push_heap(uppers.begin(), uppers.end());
    }
  }
  // Pass 2, floats: re-rank the rows the final bound cannot rule out.
  float bound = uppers.front();
  std::vector<std::pair<float, int64_t>> best;  // max-heap of (squared distance, row)
  best.reserve(k + 1);
  size_t compared = 0;
  for (auto [lower, row] : maybe) {
    if (lower > bound) continue;
    ++compared;
    float d = kernels.l2_squared(q, vectors + static_cast<size_t>(row) * m_dim, m_dim);
    std::pair<float, int64_t> scored{d, row};
    if (best.size() == k && !(scored < best.front())) continue;
    best.push_back(scored);
    std::push_heap(best.begin(), best.end());
    if (best.size() > k) {
      std::pop_heap(best.begin(), best.end());
      best.pop_back();
    }
  }
  std::sort_heap(best.begin(), best.end());
  if (reranked) *reranked = compared;
  return best;
}

void QuantizedCodes::write(const Sink& out) const {
  auto f32 = [&](float v) {
    uint32_t bits;
    std::memcpy(&bits, &v, 4);
    uint8_t b[4] = {static_cast<uint8_t>(bits), static_cast<uint8_t>(bits >> 8),
                    static_cast<uint8_t>(bits >> 16), static_cast<uint8_t>(bits >> 24)};
    out(b, 4);
  };
  f32(m_step);
  for (size_t i = 0; i < m_dim; ++i) f32(m_lo.empty() ? 0 : m_lo[i]);
  for (size_t i = 0; i < m_dim; ++i) f32(m_hi.empty() ? 0 : m_hi[i]);
  uint64_t n = rows();
  uint8_t nb[8];
  for (int i = 0; i < 8; ++i) nb[i] = static_cast<uint8_t>(n >> (8 * i));
  out(nb, 8);
  for (float e : m_errors) f32(e);
  if (!m_codes.empty()) out(m_codes.data(), m_codes.size());
}

Result<QuantizedCodes> QuantizedCodes::read(const Source& in, size_t dim, uint64_t max_rows) {
  QuantizedCodes c(dim);
  bool ok = true;
  auto f32 = [&]() {
    uint8_t b[4] = {};
    ok = ok && in(b, 4);
    uint32_t bits = b[0] | (b[1] << 8) | (b[2] << 16) | (static_cast<uint32_t>(b[3]) << 24);
    float v;
    std::memcpy(&v, &bits, 4);
    return v;
  };
  c.m_step = f32();
  c.m_lo.resize(dim);
  c.m_hi.resize(dim);
  for (float& v : c.m_lo) v = f32();
  for (float& v : c.m_hi) v = f32();
  uint8_t nb[8] = {};
  ok = ok && in(nb, 8);
  uint64_t n = 0;
  for (int i = 0; i < 8; ++i) n |= static_cast<uint64_t>(nb[i]) << (8 * i);
  if (!ok) return Error("the quantised codes are truncated");
  if (n > max_rows || !(c.m_step > 0)) return Error("the quantised codes' header is invalid");
  c.m_errors.resize(n);
  for (float& e : c.m_errors) e = f32();
  c.m_codes.resize(n * dim);
  ok = ok && (c.m_codes.empty() || in(c.m_codes.data(), c.m_codes.size()));
  if (!ok) return Error("the quantised codes are truncated");
  if (n == 0) {  // untrained: the next append() trains
    c.m_lo.clear();
    c.m_hi.clear();
  }
  return c;
}

}  // namespace strata::vec
