// The pipeline decides what to run and reads what the targets wrote
// (artifacts/train/metrics.json, artifacts/evaluation.json, export/); the
// port runs them. Registering re-runs evaluate and export through the port
// first: both are cached, so this costs nothing when they are current, and
// a registered version can never pair metrics with another model's files.

#include "ml/pipeline.h"

#include <algorithm>

#include "ml/gates.h"
#include "util/fs.h"
#include "util/suggest.h"

namespace strata::ml {

namespace fs = std::filesystem;
using nlohmann::json;

namespace {

Result<json> read_json(const fs::path& path, const std::string& hint) {
  auto text = read_file(path);
  if (!text)
    return Error(path.string() + " is missing", {path.string()}, hint).of(ErrorKind::k_not_found);
  auto doc = json::parse(*text, nullptr, false);
  if (doc.is_discarded() || !doc.is_object())
    return Error("not a JSON object", {path.string()}, hint).of(ErrorKind::k_corruption);
  return doc;
}

Status failed_targets(const std::vector<TargetOutcome>& outcomes, const std::string& target) {
  std::string failed;
  for (const auto& o : outcomes)
    if (o.result == RunResult::k_failed) failed += (failed.empty() ? "" : ", ") + o.model;
  if (failed.empty()) return ok_status();
  return Error(target + " failed for " + failed, {},
               "its output is above; strata run MODEL:" + target + " runs it alone");
}

}  // namespace

const char* to_string(RunResult r) {
  switch (r) {
    case RunResult::k_ran:
      return "ran";
    case RunResult::k_skipped:
      return "skipped";
    case RunResult::k_restored:
      return "restored";
    case RunResult::k_failed:
      return "failed";
  }
  return "failed";
}

json TargetOutcome::to_json() const {
  json out = {{"model", model},
              {"target", target},
              {"result", ml::to_string(result)},
              {"key", key},
              {"durationMs", duration_ms}};
  if (!source.empty()) out["source"] = source;
  return out;
}

json data_hashes(const fs::path& project, const ModelConfig& config) {
  json out = json::object();
  for (const auto& rel : config.data) {
    auto bytes = read_file(project / rel);
    out[rel] = bytes ? "sha256:" + registry::sha256_hex(*bytes) : "missing";
  }
  return out;
}

Result<std::string> data_hash(const fs::path& project, const ModelConfig& config) {
  std::string lines;
  for (const auto& rel : config.data) {
    auto bytes = read_file(project / rel);
    if (!bytes) return bytes.error();
    lines += registry::sha256_hex(*bytes) + " " + rel + "\n";
  }
  return "sha256:" + registry::sha256_hex(lines);
}

Result<ModelProject> MLPipeline::find(const std::string& name) const {
  for (const auto& m : m_models)
    if (m.name == name) return m;
  std::vector<std::string> names;
  for (const auto& m : m_models) names.push_back(m.name);
  std::string hint = did_you_mean(name, names);
  return Error(
             "no model project named '" + name + "'", {},
             hint.empty()
                 ? "models are projects tagged type:model: strata generate model NAME --framework F"
                 : hint)
      .of(ErrorKind::k_not_found);
}

Result<std::vector<std::string>> MLPipeline::select(const std::vector<std::string>& names) const {
  std::vector<std::string> out;
  if (names.empty())
    for (const auto& m : m_models) out.push_back(m.name);
  for (const auto& n : names) {
    if (auto m = find(n); !m) return m.error();
    out.push_back(n);
  }
  return out;
}

Result<std::vector<TargetOutcome>> MLPipeline::train_models(
    const std::vector<std::string>& names,
    const std::optional<std::vector<std::string>>& affected) {
  auto chosen = select(names);
  if (!chosen) return chosen.error();
  if (affected)
    std::erase_if(*chosen, [&](const std::string& n) {
      return std::find(affected->begin(), affected->end(), n) == affected->end();
    });
  if (chosen->empty()) return std::vector<TargetOutcome>{};
  return m_port.run(*chosen, "train");
}

Result<std::vector<TargetOutcome>> MLPipeline::evaluate_models(
    const std::vector<std::string>& names) {
  auto chosen = select(names);
  if (!chosen) return chosen.error();
  if (chosen->empty()) return std::vector<TargetOutcome>{};
  return m_port.run(*chosen, "evaluate");
}

Result<registry::ModelVersion> MLPipeline::register_model(const std::string& name,
                                                          const std::string& git_commit) {
  auto project = find(name);
  if (!project) return project.error();
  auto config = load_model_config(project->root);
  if (!config) return config.error();
  for (const char* target : {"evaluate", "export"}) {
    auto ran = m_port.run({name}, target);
    if (!ran) return ran.error();
    if (auto st = failed_targets(*ran, target); !st) return st.error();
  }
  auto evaluation =
      read_json(project->root / "artifacts/evaluation.json", "strata evaluate " + name);
  if (!evaluation) return evaluation.error();
  auto training = read_json(project->root / "artifacts/train/metrics.json", "strata train " + name);
  if (!training) return training.error();
  registry::RegisterRequest r;
  r.name = config->name;
  r.framework = config->framework;
  r.metrics = evaluation->value("metrics", json::object());
  r.export_dir = (project->root / "export").string();
  r.git_commit = git_commit;
  r.training_key = m_port.last_key(name, "train");
  r.data_hashes = data_hashes(project->root, *config);
  r.params = training->value("params", json::object());
  r.params["seed"] = config->seed;
  // Written by the model's own evaluate script: a data_hash of another type
  // (null) is no hash, not an exception out of the JSON library.
  if (auto h = evaluation->find("data_hash"); h != evaluation->end() && h->is_string())
    r.evaluation_data_hash = h->get<std::string>();
  return m_registry->register_model(r);
}

Result<registry::AliasEvent> MLPipeline::promote_model(const PromoteRequest& request) {
  auto project = find(request.model);
  if (!project) return project.error();
  auto config = load_model_config(project->root);
  if (!config) return config.error();
  auto current_data = data_hash(project->root, *config);
  if (!current_data) return current_data.error();
  std::string version = request.version;
  if (version.empty()) {
    auto latest = m_registry->latest(config->name);
    if (!latest) return latest.error();
    version = latest->version;
  }
  auto as_candidate = [](const registry::ModelVersion& v) {
    return GateCandidate{v.version, v.metrics, v.evaluation_data_hash};
  };
  registry::MoveCheck check;
  if (!request.force)
    check = [&](const registry::ModelVersion& candidate,
                const std::optional<registry::ModelVersion>& holder) {
      std::optional<GateCandidate> held;
      if (holder) held = as_candidate(*holder);
      return check_gates(*config, request.alias, as_candidate(candidate), held, *current_data);
    };
  std::string reason = request.force ? "forced past the gates" +
                                           (request.reason.empty() ? "" : ": " + request.reason)
                                     : request.reason;
  return m_registry->promote({config->name, request.alias, version, request.actor, reason}, check);
}

}  // namespace strata::ml
