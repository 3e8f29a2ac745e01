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
  std::string kind = g.value("kind", "");
  if (kind == "threshold")
    gate.kind = GateKind::k_threshold;
  else if (kind == "no_regression")
    gate.kind = GateKind::k_no_regression;
  else if (kind == "fresh_evaluation")
    gate.kind = GateKind::k_fresh_evaluation;
  else
    return field_error(file, where + ".kind must be threshold, no_regression or fresh_evaluation");
  gate.metric = g.value("metric", "");
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
  c.params_file = t.value("params_file", "params.json");
  c.params = strings(t, "params");
  if (!t.contains("seed") || !t["seed"].is_number_integer())
    return field_error(file, "training.seed must be an integer");
  c.seed = t["seed"].get<int64_t>();
  c.data = strings(t, "data");
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
  if (d.value("format_version", 0) != 1)
    return Error("model.json: unknown format_version", {file}, "this strata reads format 1");
  ModelConfig c;
  for (auto [key, out] :
       {std::pair{"name", &c.name}, {"version", &c.version}, {"framework", &c.framework}}) {
    auto v = string_at(file, d, key, "");
    if (!v) return v.error();
    *out = *v;
  }
  if (auto st = parse_training(file, d.value("training", json()), c); !st) return st.error();
  json eval = d.value("evaluation", json::object());
  c.metrics = strings(eval, "metrics");
  c.primary_metric = eval.value("primary", c.metrics.empty() ? "" : c.metrics.front());
  c.higher_is_better = eval.value("higher_is_better", true);
  json deploy = d.value("deployment", json::object());
  c.backend = deploy.value("backend", "");
  c.aliases = strings(deploy, "aliases");
  json gates = d.value("gates", json::array());
  for (size_t i = 0; i < gates.size(); ++i) {
    auto g = parse_gate(file, gates[i], i);
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
