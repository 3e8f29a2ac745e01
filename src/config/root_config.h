#pragma once
// Reads the workspace-wide configuration: strata.json (preferred) or
// nx.json, plus the package manager's workspace globs (package.json
// "workspaces", pnpm-workspace.yaml) and the list of global files.

#include <filesystem>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "config/config_file.h"
#include "model/workspace.h"

namespace strata {

struct RootConfig {
  WorkspaceConfig config;
  std::unique_ptr<ConfigFile> file;          // strata.json / nx.json, null if none
  std::unique_ptr<ConfigFile> package_json;  // the root package.json, null if none
  // Legacy tasksRunnerOptions.default.options.cacheableOperations.
  std::vector<std::string> cacheable_operations;
  bool has_package_workspaces = false;  // package.json "workspaces" or pnpm
  // Targets Nx's plugins infer, by project root; null when not taken from Nx.
  const std::map<std::string, nlohmann::json>* inferred_targets = nullptr;
};

// `files` is the sorted workspace file list. Problems go to `diags`.
// `inferred` (may be null) is kept in the result for the projects.
RootConfig read_root_config(const std::filesystem::path& root,
                            const std::vector<std::string>& files, Diagnostics& diags,
                            const std::map<std::string, nlohmann::json>* inferred = nullptr);

// Reads and parses a workspace file as JSON (by name) or TOML.
std::unique_ptr<ConfigFile> load_config_file(const std::filesystem::path& root,
                                             const std::string& rel_path);

// Copies a file's diagnostics into `out`.
void append_diagnostics(const Diagnostics& from, Diagnostics& out);

}  // namespace strata
