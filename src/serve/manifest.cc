// Reading strata-model.json: every field checked, each problem an error
// that names the file and the field, since a manifest is written by a
// user's export code and a wrong one must not load as a silently wrong model.

#include "serve/manifest.h"

#include <fmt/format.h>

#include <cstdint>

#include "util/fs.h"
#include "util/json_limits.h"

namespace strata::serve {

namespace {

using nlohmann::json;

Result<std::string> string_field(const std::string& file, const json& j, const char* key) {
  auto it = j.find(key);
  if (it == j.end() || !it->is_string() || it->get<std::string>().empty())
    return Error(fmt::format("'{}' must be a non-empty string", key), {file},
                 "see docs/formats/strata-model.md");
  return it->get<std::string>();
}

Result<std::vector<TensorSpec>> tensor_specs(const std::string& file, const json& j,
                                             const char* key) {
  auto it = j.find(key);
  if (it == j.end() || !it->is_array() || it->empty())
    return Error(fmt::format("'{}' must be a non-empty array of tensors", key), {file});
  std::vector<TensorSpec> out;
  for (const auto& t : *it) {
    if (!t.is_object()) return Error(fmt::format("each of '{}' must be an object", key), {file});
    TensorSpec spec;
    auto name = string_field(file, t, "name");
    if (!name) return name.error();
    spec.name = *name;
    // Requests name their tensors: two of one name would be ambiguous.
    for (const auto& seen : out)
      if (seen.name == spec.name)
        return Error(fmt::format("'{}' names the tensor '{}' twice", key, spec.name), {file});
    auto dt = string_field(file, t, "datatype");
    if (!dt) return dt.error();
    auto parsed = parse_datatype(*dt);
    if (!parsed)
      return Error(fmt::format("tensor '{}' has the unknown datatype '{}'", spec.name, *dt), {file},
                   "use FP32, FP64, INT64, INT32, INT16, INT8, UINT8, BOOL or BYTES");
    spec.datatype = *parsed;
    auto shape = t.find("shape");
    if (shape == t.end() || !shape->is_array())
      return Error(fmt::format("tensor '{}' needs a 'shape' array", spec.name), {file});
    for (const auto& d : *shape) {
      // An unsigned value past int64 would read as negative (2^64-1 as -1,
      // the variable marker), so it is refused before the conversion.
      bool too_big = d.is_number_unsigned() && d.get<uint64_t>() > static_cast<uint64_t>(INT64_MAX);
      if (!d.is_number_integer() || too_big || d.get<int64_t>() < -1)
        return Error(
            fmt::format("tensor '{}': dimensions are integers >= 0, or -1 for a variable one",
                        spec.name),
            {file});
      spec.shape.push_back(d.get<int64_t>());
    }
    out.push_back(std::move(spec));
  }
  return out;
}

}  // namespace

const char* backend_name(Backend b) {
  switch (b) {
    case Backend::k_torchscript:
      return "torchscript";
    case Backend::k_xgboost:
      return "xgboost";
    case Backend::k_python:
      return "python";
  }
  return "?";
}

bool Manifest::batchable() const {
  auto variable_first = [](const std::vector<TensorSpec>& specs) {
    for (const auto& s : specs)
      if (s.shape.empty() || s.shape[0] != -1) return false;
    return true;
  };
  return variable_first(inputs) && variable_first(outputs);
}

Result<Manifest> parse_manifest(const std::string& file, std::string_view text) {
  auto parsed = parse_json_file_text(file, text, false);
  if (!parsed) return parsed.error();
  const json& j = *parsed;
  if (!j.is_object()) return Error("a model manifest is a JSON object", {file});
  auto version = j.find("format_version");
  if (version == j.end() || !version->is_number_integer() ||
      version->get<int64_t>() != k_manifest_format_version)
    return Error(
        fmt::format("unsupported format_version (this server reads {})", k_manifest_format_version),
        {file}, "export the model again with a matching Strata");
  Manifest m;
  for (auto [key, out] : {std::pair{"name", &m.name}, {"version", &m.version}, {"file", &m.file}}) {
    auto v = string_field(file, j, key);
    if (!v) return v.error();
    *out = *v;
  }
  if (m.file.find("..") != std::string::npos || m.file.starts_with("/"))
    return Error("'file' must name a file inside the model's directory", {file});
  auto backend = string_field(file, j, "backend");
  if (!backend) return backend.error();
  if (*backend == "torchscript")
    m.backend = Backend::k_torchscript;
  else if (*backend == "xgboost")
    m.backend = Backend::k_xgboost;
  else if (*backend == "python")
    m.backend = Backend::k_python;
  else
    return Error(fmt::format("unknown backend '{}'", *backend), {file},
                 "use torchscript, xgboost or python");
  if (m.backend == Backend::k_python) {
    m.python_function = "predict";
    if (auto py = j.find("python"); py != j.end()) {
      if (!py->is_object())
        return Error("'python' must be an object such as {\"function\": \"predict\"}", {file});
      if (py->contains("function")) {
        auto fn = string_field(file, *py, "function");
        if (!fn) return fn.error();
        m.python_function = *fn;
      }
    }
  }
  auto inputs = tensor_specs(file, j, "inputs");
  if (!inputs) return inputs.error();
  auto outputs = tensor_specs(file, j, "outputs");
  if (!outputs) return outputs.error();
  m.inputs = std::move(*inputs);
  m.outputs = std::move(*outputs);
  return m;
}

Result<Manifest> read_manifest(const std::filesystem::path& dir) {
  auto path = dir / "strata-model.json";
  auto text = read_file(path, k_config_max_bytes, "model manifest");
  if (!text) return text.error();
  return parse_manifest(path.string(), *text);
}

}  // namespace strata::serve
