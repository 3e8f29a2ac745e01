#include "ml/model_config.h"

#include <algorithm>

#include "util/fs.h"
#include "util/json_limits.h"

namespace strata::ml {

namespace {

using nlohmann::json;

Error field_error(const std::string& file, const std::string& what) {
  return Error("model.json: " + what, {file}, "the fields are in docs/formats/model-json.md");
}

Result<std::string> string_at(const std::string& file, const json& obj, const char* key,
                              const std::string& where) {
  if (!obj.contains(key) || !obj[key].is_string())
    return field_error(file, where + "." + key + " must be a string");
  return obj[key].get<std::string>();
}

std::vector<std::string> strings(const json& obj, const char* key) {
  std::vector<std::string> out;
  if (obj.contains(key) && obj[key].is_array())
    for (const auto& v : obj[key])
      if (v.is_string()) out.push_back(v.get<std::string>());
  return out;
}

// A member that may be left out (then `fallback`) but, when written, has to
// be of the right type: json::value() would throw on a mismatch instead.
Result<std::string> optional_string(const std::string& file, const json& obj, const char* key,
                                    const std::string& where, std::string fallback) {
  if (!obj.contains(key)) return fallback;
  if (!obj[key].is_string()) return field_error(file, where + key + " must be a string");
  return obj[key].get<std::string>();
}

Result<bool> optional_bool(const std::string& file, const json& obj, const char* key,
                           const std::string& where, bool fallback) {
  if (!obj.contains(key)) return fallback;
  if (!obj[key].is_boolean()) return field_error(file, where + key + " must be true or false");
  return obj[key].get<bool>();
}

// The member `key` of the document, `empty` when left out, or an error
// when it is there with another type.
Result<json> optional_member(const std::string& file, const json& d, const char* key, json empty) {
  if (!d.contains(key)) return empty;
  if (d[key].type() != empty.type())
    return field_error(file,
                       std::string(key) + " must be an " + (empty.is_array() ? "array" : "object"));
  return d[key];
}

std::optional<double> number(const json& obj, const char* key) {
  if (obj.contains(key) && obj[key].is_number()) return obj[key].get<double>();
  return std::nullopt;
}

Result<Gate> parse_gate(const std::string& file, const json& g, size_t index) {
  std::string where = "gates[" + std::to_string(index) + "]";
  if (!g.is_object()) return field_error(file, where + " must be an object");
  Gate gate;
  auto name = string_at(file, g, "name", where);
  if (!name) return name.error();
  gate.name = *name;
  auto kind_field = optional_string(file, g, "kind", where + ".", "");
  if (!kind_field) return kind_field.error();
  const std::string& kind = *kind_field;
  if (kind == "threshold")
    gate.kind = GateKind::k_threshold;
  else if (kind == "no_regression")
    gate.kind = GateKind::k_no_regression;
  else if (kind == "fresh_evaluation")
    gate.kind = GateKind::k_fresh_evaluation;
  else
    return field_error(file, where + ".kind must be threshold, no_regression or fresh_evaluation");
  auto metric = optional_string(file, g, "metric", where + ".", "");
  if (!metric) return metric.error();
  gate.metric = *metric;
  if (gate.kind != GateKind::k_fresh_evaluation && gate.metric.empty())
    return field_error(file, where + " (" + gate.name + ") needs a metric");
  gate.min = number(g, "min");
  gate.max = number(g, "max");
  gate.tolerance = number(g, "tolerance").value_or(0.0);
  gate.aliases = strings(g, "aliases");
  return gate;
}

Status parse_training(const std::string& file, const json& t, ModelConfig& c) {
  if (!t.is_object()) return field_error(file, "training must be an object");
  auto params_file = optional_string(file, t, "params_file", "training.", "params.json");
  if (!params_file) return params_file.error();
  c.params_file = *params_file;
  c.params = strings(t, "params");
  if (!t.contains("seed") || !t["seed"].is_number_integer())
    return field_error(file, "training.seed must be an integer");
  c.seed = t["seed"].get<int64_t>();
  c.data = strings(t, "data");
  return ok_status();
}

// evaluation and deployment: every member optional, none of a wrong type.
Status parse_evaluation_and_deployment(const std::string& file, const json& d, ModelConfig& c) {
  auto eval = optional_member(file, d, "evaluation", json::object());
  if (!eval) return eval.error();
  c.metrics = strings(*eval, "metrics");
  auto primary = optional_string(file, *eval, "primary", "evaluation.",
                                 c.metrics.empty() ? "" : c.metrics.front());
  if (!primary) return primary.error();
  c.primary_metric = *primary;
  auto higher = optional_bool(file, *eval, "higher_is_better", "evaluation.", true);
  if (!higher) return higher.error();
  c.higher_is_better = *higher;
  auto deploy = optional_member(file, d, "deployment", json::object());
  if (!deploy) return deploy.error();
  auto backend = optional_string(file, *deploy, "backend", "deployment.", "");
  if (!backend) return backend.error();
  c.backend = *backend;
  c.aliases = strings(*deploy, "aliases");
  return ok_status();
}

}  // namespace

bool Gate::applies_to(const std::string& alias) const {
  return aliases.empty() || std::find(aliases.begin(), aliases.end(), alias) != aliases.end();
}

Result<ModelConfig> parse_model_config(const std::string& file, std::string_view text) {
  auto doc = parse_json_file_text(file, text, false);
  if (!doc) return doc.error();
  const json& d = *doc;
  if (!d.is_object()) return field_error(file, "expected a JSON object");
  if (!d.contains("format_version") || d["format_version"] != 1)
    return Error("model.json: unknown format_version", {file}, "this strata reads format 1");
  ModelConfig c;
  for (auto [key, out] :
       {std::pair{"name", &c.name}, {"version", &c.version}, {"framework", &c.framework}}) {
    auto v = string_at(file, d, key, "");
    if (!v) return v.error();
    *out = *v;
  }
  if (auto st = parse_training(file, d.value("training", json()), c); !st) return st.error();
  if (auto st = parse_evaluation_and_deployment(file, d, c); !st) return st.error();
  auto gates = optional_member(file, d, "gates", json::array());
  if (!gates) return gates.error();
  for (size_t i = 0; i < gates->size(); ++i) {
    auto g = parse_gate(file, (*gates)[i], i);
    if (!g) return g.error();
    c.gates.push_back(std::move(*g));
  }
  return c;
}

Result<ModelConfig> load_model_config(const std::filesystem::path& project_dir) {
  auto path = project_dir / k_model_config;
  auto text = read_file(path);
  if (!text)
    return Error(path.string() + " is missing", {path.string()},
                 "a model project is made by strata generate model NAME --framework F")
        .of(ErrorKind::k_not_found);
  return parse_model_config(path.string(), *text);
}

}  // namespace strata::ml
