#pragma once
// Targets that the plugins listed in nx.json infer (@nx/jest/plugin,
// @nx/eslint/plugin, ...) exist only inside Nx, so Strata asks the
// installed Nx once, with `nx graph --file=...`, and takes each project's
// targets from it. The config loader layers them under the project's own
// files, like package.json scripts; the workspace snapshot then keeps them
// so a warm start does not call Nx again.

#include <filesystem>
#include <map>
#include <nlohmann/json.hpp>
#include <string>
#include <string_view>

#include "nx/nx_install.h"
#include "util/result.h"

namespace strata {

// Each project's "targets" object, keyed by project root ("libs/a", "." for
// the workspace root).
using NxTargets = std::map<std::string, nlohmann::json>;

// Reads the project graph JSON `nx graph --file` writes.
Result<NxTargets> parse_nx_graph_targets(std::string_view text);

// The line in which Nx says it met plugin errors and wrote a partial graph
// ("3 errors occurred while processing the project graph. ..."); "" when
// it did not.
std::string partial_graph_problem(std::string_view output);

// Runs Nx (cwd: `root`) and returns what parse_nx_graph_targets reads.
// When Nx reports plugin errors but still writes a (partial) graph, the
// targets it has are returned and `problem` says what Nx reported.
Result<NxTargets> infer_nx_targets(const std::filesystem::path& root, const NxInstall& nx,
                                   std::string* problem = nullptr);

}  // namespace strata
