#pragma once
// ServedModels: the models a server holds, each with its current version,
// the previous one (kept loaded for an instant rollback) and the spec it
// was asked for. A reload resolves the spec through the ModelSource again;
// when the version changed, the new one is loaded completely (instances
// started, workers ready) before one pointer swap makes it current, so no
// request sees a half-loaded model. Requests hold the version they started
// on (a shared_ptr), so the swap fails none of them.

#include <atomic>
#include <functional>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "serve/backend.h"
#include "serve/batcher.h"
#include "serve/manifest.h"
#include "serve/model_source.h"
#include "serve/model_stats.h"
#include "util/mutex.h"
#include "util/result.h"

namespace strata::serve {

// Hears of every batch a served version runs (what metrics.db records).
using BatchLog = std::function<void(const std::string& model, const std::string& version,
                                    const BatchRecord& batch)>;

// How one model is served: batching, instances, backend options.
struct ModelConfig {
  BatchingConfig batching;
  BackendOptions backend;
  BatchLog on_batch;  // empty: batches are only counted
};

// Reads the --model-config file: {"MODEL": {"max_batch_size", "preferred_batch_sizes",
// "max_queue_delay_us", "instances", "threads"}}, each model's fields over `defaults`.
Result<std::map<std::string, ModelConfig>> read_model_configs(const std::string& path,
                                                              const ModelConfig& defaults);

// One loaded model version.
class LoadedModel {
 public:
  LoadedModel(Manifest manifest, ResolvedModel where, const ModelConfig& config,
              std::vector<std::unique_ptr<ModelInstance>> instances);

  // Checks the inputs against the manifest (names, datatypes, shapes),
  // puts them in the manifest's order, runs them and checks the outputs.
  Result<std::vector<Tensor>> infer(std::vector<Tensor> inputs);

  const Manifest& manifest() const { return m_manifest; }
  const ResolvedModel& where() const { return m_where; }
  const std::string& version() const { return m_where.version; }
  ModelStats& stats() { return m_stats; }

 private:
  Result<std::vector<Tensor>> order_inputs(std::vector<Tensor> inputs) const;

  Manifest m_manifest;
  ResolvedModel m_where;
  ModelStats m_stats;
  std::unique_ptr<Batcher> m_batcher;  // last: its threads stop before the rest goes
};

// Loads a version: its manifest, then `instances` copies of the model.
Result<std::shared_ptr<LoadedModel>> load_model(const ResolvedModel& where,
                                                const ModelConfig& config);

// What a reload did.
struct ReloadOutcome {
  std::string model;
  std::string from;  // the version served before
  std::string to;    // the version served now (== from: unchanged)
};

class ServedModels {
 public:
  ServedModels(ModelSource& source, ModelConfig defaults,
               std::map<std::string, ModelConfig> per_model)
      : m_source(source), m_defaults(std::move(defaults)), m_per_model(std::move(per_model)) {}

  // Resolves and loads the spec's version. Call for each model before serving.
  Status add(const ModelSpec& spec);
  // The current version, or a named one that is loaded (current or previous).
  std::shared_ptr<LoadedModel> find(const std::string& name, const std::string& version = {}) const;
  // Resolves the model's spec again and swaps when the version moved. A
  // version that fails to load leaves the current one serving.
  Result<ReloadOutcome> reload(const std::string& name);
  // Serves the previous version again (until the source moves on).
  Result<ReloadOutcome> rollback(const std::string& name);
  std::vector<std::string> names() const;
  // Every loaded version's samples, with the families' HELP and TYPE.
  std::string render_metrics() const;

 private:
  struct Slot {
    ModelSpec spec;
    std::shared_ptr<LoadedModel> current;
    std::shared_ptr<LoadedModel> previous;
    std::string
        rolled_back_from;  // a reload leaves this version alone until the source moves off it
    std::shared_ptr<Mutex> reloading =
        std::make_shared<Mutex>();  // one reload of a model at a time
  };
  const ModelConfig& config_for(const std::string& name) const;

  ModelSource& m_source;
  ModelConfig m_defaults;
  std::map<std::string, ModelConfig> m_per_model;
  mutable Mutex m_mutex;
  std::map<std::string, Slot> m_slots GUARDED_BY(m_mutex);
};

}  // namespace strata::serve
