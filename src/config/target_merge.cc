#include "config/target_merge.h"

#include "util/glob.h"

namespace strata {

namespace {

using nlohmann::json;

std::string command_of(const json& t) {
  auto o = t.find("options");
  if (o == t.end() || !o->is_object()) return {};
  auto c = o->find("command");
  return c != o->end() && c->is_string() ? c->get<std::string>() : std::string();
}

// Merges `from[section]` (an object of values) into `into[section]`, key by
// key, recording origins as "section/key".
void merge_options(MergedTarget& t, const json& from, const TargetLayer& where) {
  auto it = from.find("options");
  if (it == from.end()) return;
  json& opts = t.value["options"];
  if (!opts.is_object()) opts = json::object();
  for (const auto& [k, v] : it->items()) {
    opts[k] = v;
    t.origin["options/" + k] = where;
  }
}

void merge_configurations(MergedTarget& t, const json& from, const TargetLayer& where) {
  auto it = from.find("configurations");
  if (it == from.end()) return;
  json& configs = t.value["configurations"];
  if (!configs.is_object()) configs = json::object();
  for (const auto& [name, opts] : it->items()) {
    json& c = configs[name];
    if (!c.is_object()) c = json::object();
    for (const auto& [k, v] : opts.items()) {
      c[k] = v;
      t.origin["configurations/" + name + "/" + k] = where;
    }
  }
}

bool overridable(const MergedTarget& t, const std::string& key, bool present) {
  if (!present) return true;
  const TargetLayer* o = t.origin_of(key);
  return o && o->kind != TargetLayer::Kind::k_explicit;
}

}  // namespace

SourceLoc TargetLayer::loc(std::string_view sub) const {
  if (!file) return {};
  return file->loc(pointer + std::string(sub));
}

std::string MergedTarget::executor() const {
  auto it = value.find("executor");
  return it != value.end() && it->is_string() ? it->get<std::string>() : std::string();
}

const TargetLayer* MergedTarget::origin_of(const std::string& key) const {
  auto it = origin.find(key);
  return it == origin.end() ? nullptr : &it->second;
}

bool compatible_targets(const json& a, const json& b) {
  std::string ea = a.value("executor", std::string());
  std::string eb = b.value("executor", std::string());
  if (ea.empty() || eb.empty()) return true;
  if (ea != eb) return false;
  if (ea != "nx:run-commands") return true;
  std::string ca = command_of(a), cb = command_of(b);
  return ca.empty() || cb.empty() || ca == cb;
}

void merge_layer(MergedTarget& t, const json& layer, const TargetLayer& where) {
  if (!t.empty && !compatible_targets(t.value, layer)) {
    t.value = json::object();
    t.origin.clear();
  }
  for (const auto& [k, v] : layer.items()) {
    if (k == "options" || k == "configurations") continue;
    t.value[k] = v;
    t.origin[k] = where;
  }
  merge_options(t, layer, where);
  merge_configurations(t, layer, where);
  if (t.empty || where.kind == TargetLayer::Kind::k_explicit) t.declared = where;
  t.empty = false;
}

void apply_target_defaults(MergedTarget& t, const json& defaults, const TargetLayer& where) {
  if (!compatible_targets(t.value, defaults)) return;
  for (const auto& [k, v] : defaults.items()) {
    if (k == "options" || k == "configurations") continue;
    if (!overridable(t, k, t.value.contains(k))) continue;
    t.value[k] = v;
    t.origin[k] = where;
  }
  if (auto it = defaults.find("options"); it != defaults.end()) {
    json& opts = t.value["options"];
    if (!opts.is_object()) opts = json::object();
    for (const auto& [k, v] : it->items()) {
      if (!overridable(t, "options/" + k, opts.contains(k))) continue;
      opts[k] = v;
      t.origin["options/" + k] = where;
    }
  }
  if (auto it = defaults.find("configurations"); it != defaults.end()) {
    json& configs = t.value["configurations"];
    if (!configs.is_object()) configs = json::object();
    for (const auto& [name, opts] : it->items()) {
      json& c = configs[name];
      if (!c.is_object()) c = json::object();
      for (const auto& [k, v] : opts.items()) {
        std::string key = "configurations/" + name + "/" + k;
        if (!overridable(t, key, c.contains(k))) continue;
        c[k] = v;
        t.origin[key] = where;
      }
    }
  }
}

std::string find_target_defaults_key(const std::map<std::string, json>& defaults,
                                     std::string_view target_name, std::string_view executor) {
  if (!executor.empty()) {
    if (auto it = defaults.find(std::string(executor)); it != defaults.end()) return it->first;
  }
  if (auto it = defaults.find(std::string(target_name)); it != defaults.end()) return it->first;
  std::string best;
  for (const auto& [key, value] : defaults) {
    if (!is_glob(key) || key.size() <= best.size()) continue;
    if (glob_match(key, target_name)) best = key;
  }
  return best;
}

}  // namespace strata
