#pragma once
// Turns a merged target into the model's Target, normalised to the forms the
// task runner knows: nx:run-commands (nx:run-script becomes the script's
// command run in the project root) and nx:noop. Any other executor is kept
// with its options and its location: it runs through the workspace's own
// Nx, and without one, running it (never loading it) is an error that shows
// what to install or the "command" form to use instead.

#include <map>
#include <optional>
#include <string>
#include <vector>

#include "config/target_fields.h"
#include "config/target_merge.h"
#include "model/workspace.h"
#include "util/diagnostics.h"

namespace strata {

// What conversion needs to know about the project owning the target.
struct TargetContext {
  std::string project;
  std::string root;                                   // relative to the workspace root
  const std::map<std::string, std::string>* scripts;  // package.json scripts, or null
  NamedInputLookup is_named_input;
  std::vector<std::string> named_input_names;  // for did-you-mean
};

// Converts; problems go to `diags`. nullopt when the target cannot run.
// The merged value is consumed.
std::optional<Target> convert_target(const std::string& name, MergedTarget& merged,
                                     const TargetContext& ctx, Diagnostics& diags);

// nx:run-commands, nx:run-script and nx:noop: the executors Strata runs itself.
bool is_native_executor(const std::string& executor);

}  // namespace strata
