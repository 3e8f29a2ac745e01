#pragma once
// Merges the layers of one target the way Nx does. A project's target is
// built from inferred layers (package.json scripts), explicit layers
// (pyproject [tool.strata], package.json "nx", project.json, in that order)
// and the matching targetDefaults entry. Explicit layers merge over the
// inferred one (options and configurations key by key when the executors
// are compatible, a full replacement when not); target defaults then fill
// whatever the explicit layers left unset, overriding inferred values. So
// the precedence is project files > targetDefaults > inferred.

#include <map>
#include <nlohmann/json.hpp>
#include <string>
#include <string_view>

#include "config/config_file.h"

namespace strata {

// Where one layer of a target came from.
struct TargetLayer {
  enum class Kind { k_inferred, k_defaults, k_explicit };
  Kind kind = Kind::k_explicit;
  const ConfigFile* file = nullptr;
  std::string pointer;  // the target object (or script) in that file

  SourceLoc loc(std::string_view sub = {}) const;  // sub: "/executor" etc.
};

struct MergedTarget {
  nlohmann::json value = nlohmann::json::object();
  // The layer that set each key: "executor", "options/cwd",
  // "configurations/prod/x", "inputs", ...
  std::map<std::string, TargetLayer> origin;
  TargetLayer declared;  // the most specific layer, for Target::loc
  bool empty = true;

  std::string executor() const;
  const TargetLayer* origin_of(const std::string& key) const;
};

// Nx's compatibility rule: executors equal or one missing, and two
// run-commands layers with different commands are not compatible.
bool compatible_targets(const nlohmann::json& a, const nlohmann::json& b);

// Merges a project-level or inferred layer over `target`.
void merge_layer(MergedTarget& target, const nlohmann::json& layer, const TargetLayer& where);

// Fills `target` from a targetDefaults entry: keys the explicit layers did
// not set; skipped when the executors are not compatible.
void apply_target_defaults(MergedTarget& target, const nlohmann::json& defaults,
                           const TargetLayer& where);

// The targetDefaults key for a target: its executor, else its exact name,
// else the longest glob key matching the name; "" when none applies.
std::string find_target_defaults_key(const std::map<std::string, nlohmann::json>& defaults,
                                     std::string_view target_name, std::string_view executor);

}  // namespace strata
