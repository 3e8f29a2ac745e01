#pragma once
// Strata's manifest policy, offline: what a workload must have before it
// goes near a cluster (probes, resource limits, a non-root user, a
// read-only root file system) and what it must never have (a privileged
// container, a hostPath volume, the host's network or process namespaces).
// It reads any YAML or JSON manifests, not only Strata's, and names for
// every finding the file, line, object, field path and rule.

#include <filesystem>
#include <functional>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "config/json_locator.h"
#include "util/result.h"

namespace strata::kube {

struct Finding {
  SourceLoc loc;       // the field, or the nearest enclosing node that exists
  std::string object;  // "Deployment/billing"
  std::string field;   // "spec.template.spec.containers[0].livenessProbe"
  std::string rule;    // "probes", "limits", "non-root", "read-only-root", "privileged", ...
  std::string message;
};

// Where a JSON pointer sits in its file (0:0 when unknown).
using Locate = std::function<TextPos(const std::string& pointer)>;

// The findings of one object; objects that run no pods have none.
std::vector<Finding> check_object(const nlohmann::json& object, const std::string& file,
                                  const Locate& locate);

// The findings of every object in a .yaml, .yml or .json file (several YAML
// documents, a `kind: List`); documents without apiVersion and kind, such as
// kustomization.yaml or a patch, are skipped.
Result<std::vector<Finding>> check_manifest_file(const std::filesystem::path& path,
                                                 const std::string& shown_as);

// The manifest files under `path` (itself if it is a file), sorted; hidden
// folders and node_modules are skipped.
std::vector<std::filesystem::path> manifest_files(const std::filesystem::path& path);

// How to satisfy a rule, for the hint line.
std::string rule_hint(const std::string& rule);

// "file:line:col: Deployment/billing: spec...livenessProbe: message [probes]"
std::string format_finding(const Finding& f);

}  // namespace strata::kube
