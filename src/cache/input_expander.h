#pragma once
// A target's "inputs" with named inputs expanded, following Nx: named inputs
// come from a built-in "default" ({projectRoot}/**/*), then the workspace,
// then the project (later ones win); a target without "inputs" uses
// ["default", "^default"].

#include <string>
#include <utility>
#include <vector>

#include "cache/glob_set.h"
#include "model/workspace.h"
#include "util/result.h"

namespace strata {

struct ExpandedInputs {
  GlobSet project_globs;    // matched against the project's own files
  GlobSet workspace_globs;  // {workspaceRoot}/...: matched against every file
  GlobSet negations;        // "!..." removes matching files from both
  std::string fileset_key;  // canonical text of the filesets, to memoise selections
  std::vector<std::string> env;
  std::vector<std::string> runtime;
  std::vector<std::string> externals;
  std::vector<std::pair<std::string, bool>> dependent_outputs;  // (glob, transitive)
  std::vector<std::string> dependency_inputs;                   // "^name": names
};

// The inputs a target declares, or Nx's default when it declares none.
std::vector<InputSpec> target_inputs(const Target& target);

// Expands `inputs` for `project`. `loc` is blamed for unknown or cyclic
// named inputs. Named inputs may not themselves refer to dependencies
// ("^name"), as in Nx.
Result<ExpandedInputs> expand_inputs(const Workspace& ws, const Project& project,
                                     const std::vector<InputSpec>& inputs, const SourceLoc& loc);

// Expands the named input `name` of `project` (used for "^name": the
// dependency's own inputs under that name).
Result<ExpandedInputs> expand_named_input(const Workspace& ws, const Project& project,
                                          const std::string& name, const SourceLoc& loc);

}  // namespace strata
