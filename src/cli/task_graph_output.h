#pragma once
// `--graph[=FILE]` on run, run-many and affected: the task graph written
// out instead of run, as Nx's task graph JSON or as the self-contained HTML
// page `strata graph --html` draws (with tasks for nodes).

#include <nlohmann/json.hpp>
#include <string>

#include "cli/context.h"
#include "tasks/task_graph.h"
#include "util/diagnostics.h"

namespace strata::cli {

// {"tasks": {id: {id, target: {project, target, configuration?}, overrides,
// outputs, projectRoot}}, "dependencies": {id: [ids]},
// "continuousDependencies": {id: []}, "roots": [ids without dependencies]},
// the shape of Nx's TaskGraph.
nlohmann::json task_graph_to_nx_json(const Context& ctx, const TaskGraph& g);
std::string task_graph_to_html(const TaskGraph& g);

// Writes the graph where `where` says: "" or "stdout" prints JSON, a path
// ending in .json or .html writes that file. Returns the exit code.
ExitCode write_task_graph(const Context& ctx, const TaskGraph& g, const std::string& where);

}  // namespace strata::cli
