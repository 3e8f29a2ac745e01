#pragma once
// A target's "outputs" turned into paths relative to the workspace root:
// tokens interpolated, `..` normalised, and anything that would reach
// outside the workspace (directly or through a symlinked directory) refused,
// since restoring a cache entry deletes and rewrites these paths.

#include <filesystem>
#include <nlohmann/json.hpp>
#include <string>
#include <string_view>
#include <vector>

#include "model/workspace.h"
#include "util/result.h"

namespace strata {

// One resolved output: a plain path, or a glob whose matches lie under `base`.
struct OutputPath {
  std::string path;  // normalised, relative to the root; may hold glob syntax
  std::string base;  // `path` itself, or the directories before its first glob segment
  bool glob = false;

  // True when `rel` (relative to the root) is this output or lies inside it.
  bool covers(std::string_view rel) const;
};

// Interpolates {projectRoot}, {workspaceRoot}, {projectName} and
// {options.a.b} (from `options`, the task's effective options) in each of
// `target.outputs`. An output naming an option that is not set is dropped,
// as Nx does. Fails with the target's location when an output resolves to
// the workspace root itself or to a path outside it.
Result<std::vector<OutputPath>> resolve_outputs(const std::filesystem::path& root,
                                                const Project& project, const Target& target,
                                                const nlohmann::json& options);

// Fails when an output, or a directory on its way, is now a symlink leading
// outside the workspace: resolve_outputs cannot see that before the task
// has run and created it, so the store checks again before collecting.
Status check_outputs_inside(const std::filesystem::path& root,
                            const std::vector<OutputPath>& outputs);

// Resolves a single output string; `interpolated` is the text after token
// replacement. Exposed for tests and for callers with ad-hoc outputs.
Result<OutputPath> resolve_output_path(const std::filesystem::path& root,
                                       std::string_view interpolated);

}  // namespace strata
