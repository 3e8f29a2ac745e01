#pragma once
// The projects a set of changed files affects: the owners of the files,
// everything when a global file changed, the projects named by the root
// implicitDependencies for matching files, the projects with a target whose
// declared inputs name the file as "{workspaceRoot}/..." (directly or
// through named inputs, as Nx does), and then every project that depends
// on any of those, transitively.

#include <string>
#include <vector>

#include "graph/project_graph.h"
#include "model/workspace.h"

namespace strata {

// `changed` holds paths relative to the workspace root; deleted files count
// too, since ownership is decided by path. Returns sorted project names.
std::vector<std::string> affected_projects(const Workspace& ws, const ProjectGraph& graph,
                                           const std::vector<std::string>& changed);

// The projects directly touched by `changed`, before following dependents.
std::vector<std::string> touched_projects(const Workspace& ws,
                                          const std::vector<std::string>& changed);

// `seeds` plus everything that depends on them, transitively; sorted.
std::vector<std::string> with_dependents(const ProjectGraph& graph,
                                         const std::vector<std::string>& seeds);

}  // namespace strata
