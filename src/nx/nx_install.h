#pragma once
// The Nx installed in a workspace (node_modules/nx). Strata calls it only
// for what Nx alone can do: run a task whose executor is not one Strata
// runs itself, and infer targets with the plugins listed in nx.json.
// Strata keeps the scheduling, hashing, caching and output capture; Nx is
// started without its daemon, cache, cloud or terminal UI, and with its
// own state under .strata/nx, so it never schedules or caches anything.

#include <filesystem>
#include <map>
#include <optional>
#include <string>
#include <vector>

namespace strata {

struct NxInstall {
  std::string script;   // absolute path of Nx's command-line entry point, run with node
  std::string version;  // from its package.json, "" when not given
};

// node_modules/nx under `root` when it is installed, else nullopt.
std::optional<NxInstall> find_nx(const std::filesystem::path& root);

// The environment every Nx process Strata starts gets (added to the
// inherited one): no daemon, cloud, terminal UI, prompts or cache reads,
// and workspace data under .strata/nx.
std::map<std::string, std::string> nx_environment(const std::filesystem::path& root);

// The shell command that runs one task through Nx's executor machinery
// and nothing else: `node <nx> run P:T[:C] --excludeTaskDependencies
// --skipNxCache ...` plus the task's own arguments. Nx writes its cache
// entry and terminal log in any case, so the command points Nx's cache
// at a temporary directory it removes afterwards.
std::string nx_run_command(const NxInstall& nx, const std::string& project,
                           const std::string& target, const std::string& configuration,
                           const std::vector<std::string>& args);

// The npm package that provides an executor ("@nx/angular:application" ->
// "@nx/angular", "nx:noop" -> "nx"); "" for a local executor given as a
// path ("./tools/executors:x").
std::string executor_package(const std::string& executor);

}  // namespace strata
