#pragma once
// Tensor: one named input or output of an inference, as the KServe v2
// protocol and every backend see it. The data is kept in the binary tensor
// extension's layout (little-endian, row-major; BYTES as a 4-byte length
// before each element), so binary requests are taken without conversion and
// batching joins and splits tensors by rows as byte ranges.

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "util/result.h"

namespace strata::serve {

enum class DataType { k_bool, k_uint8, k_int8, k_int16, k_int32, k_int64, k_fp32, k_fp64, k_bytes };

// "FP32" and so on; nullopt for a name the protocol does not define (or
// one Strata does not serve: FP16, BF16, UINT16..64).
std::optional<DataType> parse_datatype(std::string_view name);
const char* datatype_name(DataType t);
// Bytes per element; 0 for BYTES, whose elements vary.
size_t element_size(DataType t);

struct Tensor {
  std::string name;
  DataType datatype = DataType::k_fp32;
  std::vector<int64_t> shape;
  std::string data;

  // Product of the shape; nullopt when a dimension is negative or the
  // product overflows.
  std::optional<uint64_t> element_count() const;
  // The rows along dimension 0 (1 for a scalar).
  int64_t rows() const { return shape.empty() ? 1 : shape[0]; }
};

// Checks that `t.data` holds exactly the elements its shape and datatype
// say (for BYTES: that many length-prefixed elements, nothing after them).
// `role` names the tensor in the message: "input" or "output".
Status check_tensor_size(const Tensor& t, std::string_view role = "input");

// Offsets of each BYTES element's length prefix in `data`, plus the end;
// nullopt when the data is not a sequence of length-prefixed elements.
std::optional<std::vector<size_t>> bytes_element_offsets(std::string_view data);

// Joins tensors of one name, datatype and trailing shape along dimension 0.
Result<Tensor> concat_rows(const std::vector<const Tensor*>& parts);
// Rows [begin, begin + count) of `t`.
Result<Tensor> slice_rows(const Tensor& t, int64_t begin, int64_t count);

}  // namespace strata::serve
