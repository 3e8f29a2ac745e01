#pragma once
// YAML in and out, for Kubernetes manifests. Out: block-style YAML of a
// JSON value, the way manifests are usually written by hand, with strings
// quoted only where YAML would read them as something else. In: libyaml's
// document API turned into JSON (the data model Kubernetes itself uses),
// keeping every node's position so a policy finding can name its line.

#include <map>
#include <nlohmann/json.hpp>
#include <string>
#include <string_view>
#include <vector>

#include "config/json_locator.h"
#include "util/result.h"

namespace strata::kube {

// `value` as block-style YAML, ending in a newline.
std::string to_yaml(const nlohmann::json& value);

// One document of a YAML stream.
struct YamlDocument {
  nlohmann::json value;
  std::map<std::string, TextPos> positions;  // by JSON pointer ("" is the root)
};

// Every document of `text` (a stream separated by `---`); `file` names it
// in errors. Plain scalars resolve as YAML 1.2's core schema does (null,
// true/false, integers, floats); quoted scalars stay strings. Aliases and
// nesting are bounded, so a hostile file cannot blow up.
Result<std::vector<YamlDocument>> parse_yaml(std::string_view text, const std::string& file);

}  // namespace strata::kube
