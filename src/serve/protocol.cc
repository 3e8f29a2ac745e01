// Decoding tensors from JSON checks the element count against the shape
// before converting a value, and the binary extension's sizes against the
// body before slicing it, so a request cannot make the server allocate
// more than the body it sent (plus the JSON parser's own bounded tree).

#include "serve/protocol.h"

#include <fmt/format.h>

#include <charconv>
#include <cstring>
#include <limits>
#include <nlohmann/json.hpp>

#include "util/json_limits.h"

namespace strata::serve {

namespace {

using nlohmann::json;

template <typename T>
void put(std::string& out, T v) {
  out.append(reinterpret_cast<const char*>(&v), sizeof v);
}

template <typename T>
T get(const char* p) {
  T v;
  std::memcpy(&v, p, sizeof v);
  return v;
}

// Appends the leaves of a (possibly nested) JSON array, up to `limit`.
bool flatten(const json& j, std::vector<const json*>& out, uint64_t limit) {
  if (!j.is_array()) {
    if (out.size() >= limit) return false;
    out.push_back(&j);
    return true;
  }
  for (const auto& e : j)
    if (!flatten(e, out, limit)) return false;
  return true;
}

// The values an integer datatype holds.
std::pair<int64_t, int64_t> integer_range(DataType t) {
  switch (t) {
    case DataType::k_uint8:
      return {0, std::numeric_limits<uint8_t>::max()};
    case DataType::k_int8:
      return {std::numeric_limits<int8_t>::min(), std::numeric_limits<int8_t>::max()};
    case DataType::k_int16:
      return {std::numeric_limits<int16_t>::min(), std::numeric_limits<int16_t>::max()};
    case DataType::k_int32:
      return {std::numeric_limits<int32_t>::min(), std::numeric_limits<int32_t>::max()};
    default:
      return {std::numeric_limits<int64_t>::min(), std::numeric_limits<int64_t>::max()};
  }
}

Status encode_value(const json& v, DataType t, std::string& out) {
  switch (t) {
    case DataType::k_bool:
      if (!v.is_boolean()) return Error("BOOL data must be true or false");
      out.push_back(v.get<bool>() ? 1 : 0);
      return ok_status();
    case DataType::k_bytes: {
      if (!v.is_string()) return Error("BYTES data must be strings");
      const auto& s = v.get_ref<const std::string&>();
      put(out, static_cast<uint32_t>(s.size()));
      out += s;
      return ok_status();
    }
    case DataType::k_fp32:
    case DataType::k_fp64:
      if (!v.is_number()) return Error("floating-point data must be numbers");
      if (t == DataType::k_fp32)
        put(out, v.get<float>());
      else
        put(out, v.get<double>());
      return ok_status();
    default:
      break;
  }
  if (!v.is_number_integer())
    return Error(fmt::format("{} data must be integers", datatype_name(t)));
  // Refused rather than wrapped: a UINT8 300 must not reach the model as 44.
  auto [lo, hi] = integer_range(t);
  bool fits = v.is_number_unsigned() ? v.get<uint64_t>() <= static_cast<uint64_t>(hi)
                                     : v.get<int64_t>() >= lo && v.get<int64_t>() <= hi;
  if (!fits) return Error(fmt::format("{} is out of range for {}", v.dump(), datatype_name(t)));
  int64_t i = v.get<int64_t>();
  switch (t) {
    case DataType::k_uint8:
      put(out, static_cast<uint8_t>(i));
      break;
    case DataType::k_int8:
      put(out, static_cast<int8_t>(i));
      break;
    case DataType::k_int16:
      put(out, static_cast<int16_t>(i));
      break;
    case DataType::k_int32:
      put(out, static_cast<int32_t>(i));
      break;
    default:
      put(out, i);
      break;
  }
  return ok_status();
}

json decode_values(const Tensor& t) {
  json out = json::array();
  if (t.datatype == DataType::k_bytes) {
    auto offsets = bytes_element_offsets(t.data);
    for (size_t i = 0; offsets && i + 1 < offsets->size(); ++i)
      out.push_back(t.data.substr((*offsets)[i] + 4, (*offsets)[i + 1] - (*offsets)[i] - 4));
    return out;
  }
  size_t size = element_size(t.datatype);
  for (size_t at = 0; at + size <= t.data.size(); at += size) {
    const char* p = t.data.data() + at;
    switch (t.datatype) {
      case DataType::k_bool:
        out.push_back(*p != 0);
        break;
      case DataType::k_uint8:
        out.push_back(get<uint8_t>(p));
        break;
      case DataType::k_int8:
        out.push_back(get<int8_t>(p));
        break;
      case DataType::k_int16:
        out.push_back(get<int16_t>(p));
        break;
      case DataType::k_int32:
        out.push_back(get<int32_t>(p));
        break;
      case DataType::k_int64:
        out.push_back(get<int64_t>(p));
        break;
      case DataType::k_fp32:
        out.push_back(get<float>(p));
        break;
      case DataType::k_fp64:
        out.push_back(get<double>(p));
        break;
      case DataType::k_bytes:
        break;
    }
  }
  return out;
}

Result<Tensor> tensor_head(const json& in) {
  if (!in.is_object()) return Error("each input must be an object");
  Tensor t;
  auto name = in.find("name");
  auto dt = in.find("datatype");
  auto shape = in.find("shape");
  if (name == in.end() || !name->is_string()) return Error("an input lacks its 'name'");
  t.name = name->get<std::string>();
  if (dt == in.end() || !dt->is_string() || !parse_datatype(dt->get<std::string>()))
    return Error(fmt::format("input '{}' lacks a known 'datatype'", t.name));
  t.datatype = *parse_datatype(dt->get<std::string>());
  if (shape == in.end() || !shape->is_array() || shape->size() > 32)
    return Error(
        fmt::format("input '{}' lacks a 'shape' (an array of at most 32 dimensions)", t.name));
  for (const auto& d : *shape) {
    if (!d.is_number_integer() || d.get<int64_t>() < 0)
      return Error(fmt::format("input '{}': shape dimensions must be integers >= 0", t.name));
    t.shape.push_back(d.get<int64_t>());
  }
  if (!t.element_count())
    return Error(fmt::format("input '{}': the shape's size overflows", t.name));
  return t;
}

std::optional<uint64_t> binary_size_of(const json& j) {
  auto p = j.find("parameters");
  if (p == j.end() || !p->is_object()) return std::nullopt;
  auto s = p->find("binary_data_size");
  if (s == p->end() || !s->is_number_unsigned()) return std::nullopt;
  return s->get<uint64_t>();
}

bool flag(const json& j, const char* key) {
  auto p = j.find("parameters");
  if (p == j.end() || !p->is_object()) return false;
  auto f = p->find(key);
  return f != p->end() && f->is_boolean() && f->get<bool>();
}

Result<InferRequest> parse_request_json(const json& j) {
  if (!j.is_object()) return Error("the request must be a JSON object");
  InferRequest req;
  if (auto id = j.find("id"); id != j.end() && id->is_string()) req.id = id->get<std::string>();
  req.binary_by_default = flag(j, "binary_data_output");
  auto inputs = j.find("inputs");
  if (inputs == j.end() || !inputs->is_array() || inputs->empty())
    return Error("the request needs 'inputs'");
  if (auto outs = j.find("outputs"); outs != j.end()) {
    if (!outs->is_array()) return Error("'outputs' must be an array");
    for (const auto& o : *outs) {
      if (!o.is_object() || !o.contains("name") || !o["name"].is_string())
        return Error("each requested output needs a 'name'");
      req.outputs.push_back({o["name"].get<std::string>(), flag(o, "binary_data")});
    }
  }
  return req;
}

}  // namespace

Result<InferRequest> parse_infer_request(std::string_view body,
                                         std::optional<std::string_view> header_length) {
  size_t json_size = body.size();
  if (header_length) {
    auto hl = *header_length;
    auto [end, ec] = std::from_chars(hl.data(), hl.data() + hl.size(), json_size);
    if (ec != std::errc() || end != hl.data() + hl.size() || json_size > body.size())
      return Error("Inference-Header-Content-Length is not a size within the body");
  }
  json j;
  if (auto problem = parse_json_bounded(body.substr(0, json_size), false, j))
    return Error(fmt::format("the request is not valid JSON: {}", problem->message));
  auto req = parse_request_json(j);
  if (!req) return req.error();
  std::string_view binary = body.substr(json_size);
  for (const auto& in : j["inputs"]) {
    auto t = tensor_head(in);
    if (!t) return t.error();
    uint64_t count = *t->element_count();
    if (auto size = binary_size_of(in)) {
      if (!header_length)
        return Error(fmt::format(
            "input '{}' has binary data but no Inference-Header-Content-Length", t->name));
      if (*size > binary.size())
        return Error(fmt::format("input '{}': binary_data_size exceeds the body", t->name));
      t->data = std::string(binary.substr(0, *size));
      binary.remove_prefix(*size);
    } else {
      auto data = in.find("data");
      if (data == in.end())
        return Error(fmt::format("input '{}' has neither 'data' nor binary data", t->name));
      std::vector<const json*> leaves;
      if (!flatten(*data, leaves, count) || leaves.size() != count)
        return Error(fmt::format(
            "input '{}': its data does not hold the {} elements its shape says", t->name, count));
      for (const json* v : leaves)
        if (auto st = encode_value(*v, t->datatype, t->data); !st)
          return Error(fmt::format("input '{}': {}", t->name, st.error().message));
    }
    if (auto st = check_tensor_size(*t); !st) return st.error();
    req->inputs.push_back(std::move(*t));
  }
  if (!binary.empty()) return Error("the body holds more binary data than the inputs declare");
  return req;
}

Result<InferResponse> build_infer_response(const std::string& model, const std::string& version,
                                           const InferRequest& req,
                                           const std::vector<Tensor>& outputs) {
  json out = {{"model_name", model}, {"model_version", version}, {"outputs", json::array()}};
  if (!req.id.empty()) out["id"] = req.id;
  std::string binary;
  auto emit = [&](const Tensor& t, bool as_binary) {
    json o = {{"name", t.name}, {"datatype", datatype_name(t.datatype)}, {"shape", t.shape}};
    if (as_binary) {
      o["parameters"] = {{"binary_data_size", t.data.size()}};
      binary += t.data;
    } else {
      o["data"] = decode_values(t);
    }
    out["outputs"].push_back(std::move(o));
  };
  if (req.outputs.empty()) {
    for (const auto& t : outputs) emit(t, req.binary_by_default);
  } else {
    for (const auto& want : req.outputs) {
      auto it = std::find_if(outputs.begin(), outputs.end(),
                             [&](const Tensor& t) { return t.name == want.name; });
      if (it == outputs.end()) return Error(fmt::format("the model has no output '{}'", want.name));
      emit(*it, want.binary);
    }
  }
  InferResponse res;
  res.body = out.dump(-1, ' ', false, json::error_handler_t::replace);
  if (!binary.empty() || (req.binary_by_default && req.outputs.empty())) {
    res.header_length = res.body.size();
    res.body += binary;
  }
  return res;
}

}  // namespace strata::serve
