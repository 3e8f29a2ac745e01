#pragma once
// Turns a task's target into the shell commands to run: options merged with
// the chosen configuration, {args.x} and {projectRoot} interpolated, extra
// arguments appended as nx:run-commands does. A target with another
// executor runs through the workspace's Nx; without Nx, resolving it fails
// with the executor's location and what to install.

#include <map>
#include <string>
#include <vector>

#include "model/workspace.h"
#include "tasks/task_graph.h"

namespace strata {

struct ResolvedCommand {
  std::vector<std::string> commands;       // each run with /bin/sh -c
  std::string cwd;                         // absolute
  bool parallel = false;                   // run `commands` at once (else in order)
  std::map<std::string, std::string> env;  // added to the inherited environment
  bool noop = false;                       // nx:noop: nothing to run
};

Result<ResolvedCommand> resolve_command(const Workspace& ws, const Task& task);

// Whether `target` runs through the workspace's Nx (its executor is not
// nx:run-commands or nx:noop).
bool runs_through_nx(const Target& target);

// The options in effect for `task`: target options with its configuration
// merged over them. Part of the task hash.
nlohmann::json effective_options(const Target& target, const std::string& configuration);

}  // namespace strata
