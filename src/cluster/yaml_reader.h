#pragma once
// YAML as JSON: kubeconfig files (and manifests a team writes) are YAML,
// while everything Strata sends to the API server is JSON, so YAML is read
// once into nlohmann::json. Plain scalars get YAML 1.2's core types (null,
// booleans, integers, floats); quoted scalars stay strings. Anchors, tags
// and multi-document streams beyond the first document are not needed for
// kubeconfigs: aliases are refused.

#include <nlohmann/json.hpp>
#include <string>
#include <string_view>

#include "util/result.h"

namespace strata::cluster {

// The first document of `text`; `file` names it in errors, which carry the
// line and column libyaml reports.
Result<nlohmann::json> parse_yaml(std::string_view text, const std::string& file);

}  // namespace strata::cluster
