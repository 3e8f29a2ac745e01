#pragma once
// The boundary rules of a workspace: the `boundaries` block of the root
// config (strata.json / nx.json). Layer rules and the public layer work on
// the `context:` and `layer:` tags; `depConstraints` follow Nx's
// enforce-module-boundaries options. Format: docs/commands/check.md.

#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "config/config_file.h"
#include "util/result.h"

namespace strata {

// One row of Nx's depConstraints.
struct DepConstraint {
  std::vector<std::string> source_tags;  // sourceTag (one) or allSourceTags (all must match)
  bool combo = false;                    // from allSourceTags
  std::optional<std::vector<std::string>> only_tags;  // onlyDependOnLibsWithTags; [] = nothing
  std::vector<std::string> not_tags;                  // notDependOnLibsWithTags (transitive)
  std::vector<std::string> banned_externals;          // bannedExternalImports (globs)
  std::optional<std::vector<std::string>> allowed_externals;  // allowedExternalImports
  SourceLoc loc;                                              // the row in the config file

  std::string source_label() const;  // "layer:domain" or "a" and "b"
};

struct BoundaryRules {
  // layer -> layers of the same context it may import
  std::map<std::string, std::vector<std::string>> layers;
  std::string public_layer = "api";
  // layer -> external modules/packages/headers (globs) it must not import
  std::map<std::string, std::vector<std::string>> banned_externals;
  std::vector<DepConstraint> dep_constraints;
  std::string config_file;  // where the rules came from ("" for the defaults)

  // The rules `strata new` writes, used when the config has none.
  static BoundaryRules defaults();
};

// Reads `boundaries` from the root config file; problems (wrong types,
// unknown keys) go to the file's diagnostics with file:line. Without a
// `boundaries` key the defaults apply.
BoundaryRules read_boundary_rules(ConfigFile& file);

// Nx's tag matching: "*" matches any project, "/re/" is a regular
// expression, a tag with '*' is a glob, anything else must be equal.
bool has_tag(const std::vector<std::string>& tags, std::string_view pattern);
// The value of the first "prefix:value" tag, or "" ("context", "layer").
std::string tag_value(const std::vector<std::string>& tags, std::string_view prefix);

}  // namespace strata
