// Tensor sizes, and joining and splitting along the batch dimension, which
// the dynamic batcher does for every batched request. Sizes are checked
// with overflow in mind: shapes come from clients.

#include "serve/tensor.h"

#include <fmt/format.h>

#include <cstring>

namespace strata::serve {

namespace {

struct TypeRow {
  const char* name;
  DataType type;
  size_t size;
};
constexpr TypeRow k_types[] = {
    {"BOOL", DataType::k_bool, 1},   {"UINT8", DataType::k_uint8, 1},
    {"INT8", DataType::k_int8, 1},   {"INT16", DataType::k_int16, 2},
    {"INT32", DataType::k_int32, 4}, {"INT64", DataType::k_int64, 8},
    {"FP32", DataType::k_fp32, 4},   {"FP64", DataType::k_fp64, 8},
    {"BYTES", DataType::k_bytes, 0},
};

uint32_t read_u32le(const char* p) {
  uint32_t v;
  std::memcpy(&v, p, 4);  // the protocol is little-endian, as is every machine Strata runs on
  return v;
}

}  // namespace

std::optional<DataType> parse_datatype(std::string_view name) {
  for (const auto& row : k_types)
    if (name == row.name) return row.type;
  return std::nullopt;
}

const char* datatype_name(DataType t) {
  for (const auto& row : k_types)
    if (row.type == t) return row.name;
  return "?";
}

size_t element_size(DataType t) {
  for (const auto& row : k_types)
    if (row.type == t) return row.size;
  return 0;
}

std::optional<uint64_t> Tensor::element_count() const {
  uint64_t n = 1;
  for (int64_t d : shape) {
    if (d < 0) return std::nullopt;
    if (d != 0 && n > UINT64_MAX / static_cast<uint64_t>(d)) return std::nullopt;
    n *= static_cast<uint64_t>(d);
  }
  return n;
}

std::optional<std::vector<size_t>> bytes_element_offsets(std::string_view data) {
  std::vector<size_t> offsets;
  size_t at = 0;
  while (at < data.size()) {
    if (data.size() - at < 4) return std::nullopt;
    uint32_t len = read_u32le(data.data() + at);
    if (data.size() - at - 4 < len) return std::nullopt;
    offsets.push_back(at);
    at += 4 + len;
  }
  offsets.push_back(at);
  return offsets;
}

Status check_tensor_size(const Tensor& t, std::string_view role) {
  auto count = t.element_count();
  if (!count) return Error(fmt::format("{} '{}' has an invalid shape", role, t.name));
  if (t.datatype == DataType::k_bytes) {
    auto offsets = bytes_element_offsets(t.data);
    if (!offsets || offsets->size() - 1 != *count)
      return Error(fmt::format("{} '{}': the BYTES data does not hold {} length-prefixed elements",
                               role, t.name, *count));
    return ok_status();
  }
  uint64_t size = element_size(t.datatype);
  if (*count > UINT64_MAX / size || *count * size != t.data.size())
    return Error(fmt::format("{} '{}' has {} bytes of data, but its shape and datatype need {}",
                             role, t.name, t.data.size(),
                             *count > UINT64_MAX / size ? UINT64_MAX : *count * size));
  return ok_status();
}

Result<Tensor> concat_rows(const std::vector<const Tensor*>& parts) {
  if (parts.empty()) return Error("nothing to join").of(ErrorKind::k_internal);
  Tensor out = *parts[0];
  for (size_t i = 1; i < parts.size(); ++i) {
    const Tensor& p = *parts[i];
    if (p.datatype != out.datatype || p.shape.size() != out.shape.size() || p.shape.empty() ||
        !std::equal(p.shape.begin() + 1, p.shape.end(), out.shape.begin() + 1))
      return Error(
          fmt::format("cannot batch '{}': shapes differ beyond the first dimension", p.name));
    out.shape[0] += p.shape[0];
    out.data += p.data;
  }
  return out;
}

Result<Tensor> slice_rows(const Tensor& t, int64_t begin, int64_t count) {
  if (t.shape.empty() || begin < 0 || count < 0 || begin + count > t.shape[0])
    return Error(fmt::format("output '{}' has fewer rows than the batch", t.name))
        .of(ErrorKind::k_internal);
  Tensor out{t.name, t.datatype, t.shape, {}};
  out.shape[0] = count;
  auto per_row = Tensor{
      t.name,
      t.datatype,
      std::vector<int64_t>(t.shape.begin() + 1, t.shape.end()),
      {}}.element_count();
  if (!per_row) return Error("invalid output shape").of(ErrorKind::k_internal);
  if (t.datatype != DataType::k_bytes) {
    size_t row_bytes = *per_row * element_size(t.datatype);
    if (t.data.size() < (begin + count) * row_bytes)
      return Error("output data too short").of(ErrorKind::k_internal);
    out.data = t.data.substr(begin * row_bytes, count * row_bytes);
    return out;
  }
  auto offsets = bytes_element_offsets(t.data);
  size_t first = begin * *per_row, last = (begin + count) * *per_row;
  if (!offsets || offsets->size() <= last)
    return Error("output BYTES data too short").of(ErrorKind::k_internal);
  out.data = t.data.substr((*offsets)[first], (*offsets)[last] - (*offsets)[first]);
  return out;
}

}  // namespace strata::serve
