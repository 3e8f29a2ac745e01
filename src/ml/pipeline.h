#pragma once
// MLPipeline: the model lifecycle over the task runner and the registry.
// Training is a task run (the train target of each model project): the task
// hash is the training key, so an unchanged key skips, a key seen before
// restores its artefacts from the local or remote cache, and only a new key
// trains. The pipeline knows the runner only through TrainingPort, which
// the command line implements with the scheduler and the cache.

#include <filesystem>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

#include "ml/model_config.h"
#include "registry/model_registry.h"
#include "util/result.h"

namespace strata::ml {

// A project tagged type:model.
struct ModelProject {
  std::string name;
  std::filesystem::path root;  // absolute
};

enum class RunResult { k_ran, k_skipped, k_restored, k_failed };
const char* to_string(RunResult r);  // "trained"/"ran", "skipped", "restored", "failed"

struct TargetOutcome {
  std::string model;
  std::string target;
  RunResult result = RunResult::k_failed;
  std::string key;     // the task hash: for train, the training key
  std::string source;  // restored: "local" or "remote"
  int64_t duration_ms = 0;

  nlohmann::json to_json() const;
};

class TrainingPort {
 public:
  virtual ~TrainingPort() = default;
  // Runs `target` of each model (and what it depends on) and says, per
  // model, whether it ran, was skipped or restored.
  virtual Result<std::vector<TargetOutcome>> run(const std::vector<std::string>& models,
                                                 const std::string& target) = 0;
  // The training key of the model's last train run, "" when never run.
  virtual std::string last_key(const std::string& model, const std::string& target) = 0;
};

struct PromoteRequest {
  std::string model;
  std::string version;  // "" = the latest registered
  std::string alias;
  std::string actor;
  std::string reason;
  bool force = false;  // skip the gates (recorded in the reason)
};

class MLPipeline {
 public:
  MLPipeline(std::vector<ModelProject> models, TrainingPort& port,
             registry::ModelRegistry* registry)
      : m_models(std::move(models)), m_port(port), m_registry(registry) {}

  // `names` empty: every model; `affected`, when set, keeps only those in it.
  Result<std::vector<TargetOutcome>> train_models(
      const std::vector<std::string>& names,
      const std::optional<std::vector<std::string>>& affected = std::nullopt);
  Result<std::vector<TargetOutcome>> evaluate_models(const std::vector<std::string>& names);
  // Evaluates and exports (cached), then registers the export with its
  // metrics and lineage as the next version.
  Result<registry::ModelVersion> register_model(const std::string& name,
                                                const std::string& git_commit);
  // Moves the alias if the model's gates allow, judged under the registry lock.
  Result<registry::AliasEvent> promote_model(const PromoteRequest& request);

  Result<ModelProject> find(const std::string& name) const;
  const std::vector<ModelProject>& models() const { return m_models; }

 private:
  Result<std::vector<std::string>> select(const std::vector<std::string>& names) const;

  std::vector<ModelProject> m_models;
  TrainingPort& m_port;
  registry::ModelRegistry* m_registry;
};

// Per declared data file "sha256:<hex>", and the one hash over all of them
// that evaluations record (docs/formats/model-json.md).
nlohmann::json data_hashes(const std::filesystem::path& project, const ModelConfig& config);
Result<std::string> data_hash(const std::filesystem::path& project, const ModelConfig& config);

}  // namespace strata::ml
