#pragma once
// Reads the workspace configuration: strata.json or nx.json at the root,
// then projects from project.json, package.json workspaces and
// pyproject.toml, and merges targets as Nx does (inferred, then target
// defaults, then project.json).

#include <filesystem>
#include <map>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "files/file_index.h"
#include "model/workspace.h"
#include "util/diagnostics.h"

namespace strata {

// The nearest directory at or above `start` holding strata.json or nx.json,
// else the nearest holding a package.json with "workspaces", a
// pnpm-workspace.yaml, or a .git directory.
Result<std::filesystem::path> find_workspace_root(const std::filesystem::path& start);

// Each project's targets as the Nx plugins listed in nx.json infer them
// (the "targets" object of Nx's project graph), keyed by project root. They
// are the lowest layer of each project's targets; without them, nx.json
// "plugins" earns a warning. See nx/plugin_targets.h.
using InferredTargets = std::map<std::string, nlohmann::json>;

// Loads every project. Problems (malformed files, unknown keys) are
// reported into `diags` with file:line:col; the result fails when any of
// them is an error. An executor never fails a load: only running it can.
Result<Workspace> load_workspace(const std::filesystem::path& root, const FileIndex& files,
                                 Diagnostics& diags, const InferredTargets* inferred = nullptr);

// The same, from a sorted list of workspace files (relative to `root`, '/'
// separators), for callers and tests that have no FileIndex.
Result<Workspace> load_workspace_from_files(const std::filesystem::path& root,
                                            const std::vector<std::string>& files,
                                            Diagnostics& diags,
                                            const InferredTargets* inferred = nullptr);

}  // namespace strata
