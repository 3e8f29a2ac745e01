// Loading happens outside the map's lock (it can take seconds: a Python
// worker importing scikit-learn), under the model's own reload lock, so
// requests keep flowing to the current version and two reloads of one
// model never load twice. Only the pointer swap holds the map's lock.

#include "serve/served_models.h"

#include <fmt/format.h>

#include <algorithm>
#include <chrono>

#include "util/fs.h"
#include "util/json_limits.h"

namespace strata::serve {

namespace {

using Clock = std::chrono::steady_clock;
using nlohmann::json;

Status apply_config(const std::string& path, const std::string& model, const json& j,
                    ModelConfig& c) {
  if (!j.is_object())
    return Error(fmt::format("the settings of model '{}' must be an object", model), {path});
  for (const auto& [key, value] : j.items()) {
    bool number = value.is_number_integer() && value.get<int64_t>() >= 0;
    if (key == "max_batch_size" && number)
      c.batching.max_batch_size = value.get<int64_t>();
    else if (key == "max_queue_delay_us" && number)
      c.batching.max_queue_delay = std::chrono::microseconds(value.get<int64_t>());
    else if (key == "instances" && number && value.get<int64_t>() >= 1 &&
             value.get<int64_t>() <= 64)
      c.batching.instances = static_cast<int>(value.get<int64_t>());
    else if (key == "threads" && number && value.get<int64_t>() >= 1)
      c.backend.threads = static_cast<int>(value.get<int64_t>());
    else if (key == "preferred_batch_sizes" && value.is_array()) {
      c.batching.preferred_batch_sizes.clear();
      for (const auto& p : value) {
        if (!p.is_number_integer() || p.get<int64_t>() < 1)
          return Error(
              fmt::format("model '{}': preferred_batch_sizes are positive integers", model),
              {path});
        c.batching.preferred_batch_sizes.push_back(p.get<int64_t>());
      }
    } else {
      return Error(fmt::format("model '{}': unknown setting or bad value for '{}'", model, key),
                   {path},
                   "settings: max_batch_size, preferred_batch_sizes, max_queue_delay_us, instances "
                   "(1-64), threads");
    }
  }
  return ok_status();
}

}  // namespace

Result<std::map<std::string, ModelConfig>> read_model_configs(const std::string& path,
                                                              const ModelConfig& defaults) {
  auto text = read_file(path, k_config_max_bytes, "model config");
  if (!text) return text.error();
  auto j = parse_json_file_text(path, *text, false);
  if (!j) return j.error();
  if (!j->is_object())
    return Error("the model config is a JSON object keyed by model name", {path});
  std::map<std::string, ModelConfig> out;
  for (const auto& [model, settings] : j->items()) {
    ModelConfig c = defaults;
    if (auto st = apply_config(path, model, settings, c); !st) return st.error();
    out[model] = c;
  }
  return out;
}

LoadedModel::LoadedModel(Manifest manifest, ResolvedModel where, const ModelConfig& config,
                         std::vector<std::unique_ptr<ModelInstance>> instances)
    : m_manifest(std::move(manifest)), m_where(std::move(where)) {
  BatchingConfig batching = config.batching;
  if (!m_manifest.batchable()) batching.max_batch_size = 0;
  BatchSink sink;
  if (config.on_batch)
    sink = [log = config.on_batch, model = m_where.name,
            version = m_where.version](const BatchRecord& b) { log(model, version, b); };
  m_batcher =
      std::make_unique<Batcher>(std::move(instances), batching, &m_stats.batches, std::move(sink));
}

Result<std::vector<Tensor>> LoadedModel::order_inputs(std::vector<Tensor> inputs) const {
  if (inputs.size() != m_manifest.inputs.size())
    return Error(fmt::format("model '{}' takes {} inputs, the request has {}", m_manifest.name,
                             m_manifest.inputs.size(), inputs.size()));
  std::vector<Tensor> ordered;
  for (const auto& spec : m_manifest.inputs) {
    auto it = std::find_if(inputs.begin(), inputs.end(),
                           [&](const Tensor& t) { return t.name == spec.name; });
    if (it == inputs.end())
      return Error(fmt::format("the request lacks the input '{}'", spec.name));
    if (it->datatype != spec.datatype)
      return Error(fmt::format("input '{}' must be {}, not {}", spec.name,
                               datatype_name(spec.datatype), datatype_name(it->datatype)));
    bool shape_ok = it->shape.size() == spec.shape.size();
    for (size_t i = 0; shape_ok && i < spec.shape.size(); ++i)
      shape_ok = spec.shape[i] == -1 || spec.shape[i] == it->shape[i];
    if (!shape_ok)
      return Error(fmt::format("input '{}' does not have the model's shape {}", spec.name,
                               json(spec.shape).dump()));
    if (!ordered.empty() && m_manifest.batchable() && it->shape[0] != ordered[0].shape[0])
      return Error("the inputs differ in their first (batch) dimension");
    ordered.push_back(std::move(*it));
  }
  return ordered;
}

Result<std::vector<Tensor>> LoadedModel::infer(std::vector<Tensor> inputs) {
  auto start = Clock::now();
  auto ordered = order_inputs(std::move(inputs));
  int64_t rows = ordered && !ordered->empty() ? ordered->front().rows() : 0;
  InferTiming timing;
  Result<std::vector<Tensor>> out = ordered ? m_batcher->infer(std::move(*ordered), &timing)
                                            : Result<std::vector<Tensor>>(ordered.error());
  if (out)
    if (auto st = check_outputs(m_manifest, *out); !st) out = st.error();
  (out ? m_stats.success : m_stats.failure).fetch_add(1, std::memory_order_relaxed);
  if (out) {
    m_stats.rows.fetch_add(static_cast<unsigned long long>(rows), std::memory_order_relaxed);
    m_stats.queue.observe(timing.queue_seconds);
    m_stats.compute.observe(timing.compute_seconds);
  }
  m_stats.request.observe(std::chrono::duration<double>(Clock::now() - start).count());
  return out;
}

Result<std::shared_ptr<LoadedModel>> load_model(const ResolvedModel& where,
                                                const ModelConfig& config) {
  auto manifest = read_manifest(where.directory);
  if (!manifest) return manifest.error();
  if (manifest->name != where.name || manifest->version != where.version)
    return Error(fmt::format("the manifest says {}:{}, but it is stored as {}:{}", manifest->name,
                             manifest->version, where.name, where.version),
                 {(where.directory / "strata-model.json").string()});
  std::vector<std::unique_ptr<ModelInstance>> instances;
  for (int i = 0; i < std::max(1, config.batching.instances); ++i) {
    auto instance = load_instance(*manifest, where.directory, config.backend);
    if (!instance) return instance.error();
    instances.push_back(std::move(*instance));
  }
  return std::make_shared<LoadedModel>(std::move(*manifest), where, config, std::move(instances));
}

const ModelConfig& ServedModels::config_for(const std::string& name) const {
  auto it = m_per_model.find(name);
  return it == m_per_model.end() ? m_defaults : it->second;
}

Status ServedModels::add(const ModelSpec& spec) {
  {
    MutexLock lock(m_mutex);
    if (m_slots.count(spec.name)) return Error(fmt::format("model '{}' is named twice", spec.name));
  }
  auto where = m_source.resolve(spec.name, ModelSource::selector(spec));
  if (!where) return where.error();
  auto loaded = load_model(*where, config_for(spec.name));
  if (!loaded) return loaded.error();
  MutexLock lock(m_mutex);
  Slot& slot = m_slots[spec.name];
  slot.spec = spec;
  slot.current = std::move(*loaded);
  return ok_status();
}

std::shared_ptr<LoadedModel> ServedModels::find(const std::string& name,
                                                const std::string& version) const {
  MutexLock lock(m_mutex);
  auto it = m_slots.find(name);
  if (it == m_slots.end()) return nullptr;
  const Slot& s = it->second;
  if (version.empty() || (s.current && s.current->version() == version)) return s.current;
  if (s.previous && s.previous->version() == version) return s.previous;
  return nullptr;
}

Result<ReloadOutcome> ServedModels::reload(const std::string& name) {
  std::shared_ptr<Mutex> reloading;
  ModelSpec spec;
  std::string serving, rolled_back_from;
  {
    MutexLock lock(m_mutex);
    auto it = m_slots.find(name);
    if (it == m_slots.end())
      return Error(fmt::format("model '{}' is not served", name)).of(ErrorKind::k_not_found);
    reloading = it->second.reloading;
  }
  MutexLock one_at_a_time(*reloading);
  {
    MutexLock lock(m_mutex);
    Slot& s = m_slots[name];
    spec = s.spec;
    serving = s.current->version();
    rolled_back_from = s.rolled_back_from;
  }
  auto where = m_source.resolve(name, ModelSource::selector(spec));
  if (!where) return where.error();
  if (where->version == serving || where->version == rolled_back_from)
    return ReloadOutcome{name, serving, serving};
  std::shared_ptr<LoadedModel> loaded;
  {
    MutexLock lock(m_mutex);
    Slot& s = m_slots[name];
    if (s.previous && s.previous->version() == where->version)
      loaded = s.previous;  // back to the kept one: instant
  }
  if (!loaded) {
    auto fresh = load_model(*where, config_for(name));
    if (!fresh) return fresh.error();
    loaded = std::move(*fresh);
  }
  MutexLock lock(m_mutex);
  Slot& s = m_slots[name];
  s.previous = std::exchange(s.current, std::move(loaded));
  s.rolled_back_from.clear();
  return ReloadOutcome{name, serving, s.current->version()};
}

Result<ReloadOutcome> ServedModels::rollback(const std::string& name) {
  MutexLock lock(m_mutex);
  auto it = m_slots.find(name);
  if (it == m_slots.end())
    return Error(fmt::format("model '{}' is not served", name)).of(ErrorKind::k_not_found);
  Slot& s = it->second;
  if (!s.previous)
    return Error(fmt::format("model '{}' has no previous version loaded", name), {},
                 "a previous version is kept after a reload moved to a new one")
        .of(ErrorKind::k_conflict);
  std::string from = s.current->version();
  std::swap(s.current, s.previous);
  s.rolled_back_from = from;
  return ReloadOutcome{name, from, s.current->version()};
}

std::vector<std::string> ServedModels::names() const {
  MutexLock lock(m_mutex);
  std::vector<std::string> out;
  for (const auto& [name, slot] : m_slots) out.push_back(name);
  return out;
}

std::string ServedModels::render_metrics() const {
  std::vector<std::shared_ptr<LoadedModel>> loaded;
  {
    MutexLock lock(m_mutex);
    for (const auto& [name, slot] : m_slots)
      for (const auto& m : {slot.current, slot.previous})
        if (m) loaded.push_back(m);
  }
  std::string out = model_stats_help();
  for (const auto& m : loaded)
    out += render_model_stats(
        m->stats(), fmt::format("model=\"{}\",version=\"{}\"", m->where().name, m->version()));
  return out;
}

}  // namespace strata::serve
