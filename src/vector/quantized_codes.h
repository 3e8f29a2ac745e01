#pragma once
// QuantizedCodes: an 8-bit scalar-quantised copy of an index's vectors, for
// the exact scan of filtered queries. A row of 784 floats becomes 784
// bytes, so a scan reads a quarter of the memory and compares bytes in
// integer SIMD (vector/distance.h). One step size serves every dimension
// (each dimension keeps its own minimum), so distances between codes are
// squared L2 distances of the reconstructions, up to the factor step².
//
// The scan stays exact: each row keeps its reconstruction error
// |x - x̂| and the query's own is computed, so by the triangle inequality
// the true distance lies within (row error + query error) of the code
// distance. Every row whose lower bound beats the k-th best upper bound is
// re-ranked on the float vectors (scan_l2 below). Integer-valued data such
// as 8-bit pixels quantise without error, and the re-rank is then k rows.

#include <cstddef>
#include <cstdint>
#include <functional>
#include <span>
#include <string>
#include <utility>
#include <vector>

#include "util/result.h"

namespace strata::vec {

class QuantizedCodes {
 public:
  QuantizedCodes() = default;
  explicit QuantizedCodes(size_t dim) : m_dim(dim) {}

  // Encodes rows [rows(), count) of `vectors` (`count` rows of dim floats,
  // the index's whole storage). New rows outside the trained range widen
  // it and re-encode every row, so the error bound holds for all of them.
  void append(const float* vectors, size_t count);
  void clear();

  size_t dim() const { return m_dim; }
  size_t rows() const { return m_errors.size(); }
  float step() const { return m_step; }
  const uint8_t* code(int64_t row) const {
    return m_codes.data() + static_cast<size_t>(row) * m_dim;
  }
  float error(int64_t row) const { return m_errors[static_cast<size_t>(row)]; }
  // The value a code's byte `c` stands for in dimension `i`.
  float decode(size_t i, uint8_t c) const { return m_lo[i] + m_step * c; }

  struct EncodedQuery {
    std::vector<uint8_t> code;
    float error = 0;  // |q - q̂|, the query's own reconstruction error
  };
  EncodedQuery encode_query(const float* q) const;

  // The k rows of `rows` nearest to `q` by squared L2 over the float
  // `vectors`, as (squared distance, row), nearest first, ties by row: the
  // same answer as an exact scan, reading codes for all rows and floats
  // only for the rows the bounds cannot rule out. `reranked`, if given,
  // receives how many rows were compared on floats.
  std::vector<std::pair<float, int64_t>> scan_l2(const float* q, const float* vectors,
                                                 std::span<const int64_t> rows, size_t k,
                                                 size_t* reranked = nullptr) const;

  // The persisted form (docs/formats/vector-store.md, snapshot version 3),
  // little-endian: step (f32), per-dimension minimum and maximum (dim x f32
  // each), rows (u64), per-row errors (rows x f32), codes (rows x dim u8).
  using Sink = std::function<void(const void* data, size_t size)>;
  // Fills `data` with exactly `size` bytes; false if the input ends first.
  using Source = std::function<bool(void* data, size_t size)>;
  void write(const Sink& out) const;
  // Reads what write() wrote; `max_rows` bounds the row count read from the
  // file before it sizes an allocation.
  static Result<QuantizedCodes> read(const Source& in, size_t dim, uint64_t max_rows);

 private:
  void retrain(const float* vectors, size_t count);
  void encode_rows(const float* vectors, size_t first, size_t count);
  void prefetch_row(const uint8_t* p) const;

  size_t m_dim = 0;
  float m_step = 1;
  std::vector<float> m_lo, m_hi;  // per dimension: the trained range
  std::vector<uint8_t> m_codes;   // rows x dim
  std::vector<float> m_errors;    // per row: |x - x̂|, rounded up
};

}  // namespace strata::vec
