#pragma once
// The project graph written out: Nx's `nx graph --file=out.json` JSON,
// Graphviz DOT, one self-contained interactive HTML page, and a plain text
// summary for the terminal.

#include <nlohmann/json.hpp>
#include <string>

#include "graph/project_graph.h"
#include "model/workspace.h"

namespace strata {

// A target as Nx writes it in project configuration: executor, options,
// configurations, dependsOn, inputs, outputs, cache.
nlohmann::json target_to_json(const Target& t);
nlohmann::json input_to_json(const InputSpec& in);
nlohmann::json depends_on_to_json(const DependsOn& d);

// {"graph": {"nodes": {...}, "dependencies": {...}}}, the shape of
// `nx graph --file=out.json`. Only projects in `g.nodes` are written.
nlohmann::json to_nx_json(const Workspace& ws, const ProjectGraph& g);
// to_nx_json(ws, g).dump(2) + "\n", byte for byte, written without building
// the document (graph/nx_json_text.cc): what `strata graph --json` prints.
std::string nx_json_text(const Workspace& ws, const ProjectGraph& g);
std::string to_dot(const Workspace& ws, const ProjectGraph& g);
// One page with inline CSS and JS, no network access: layered layout,
// pan/zoom, click to highlight, search, tag and type filters.
std::string to_html(const Workspace& ws, const ProjectGraph& g);
// Counts, then each project with its dependencies.
std::string to_text(const Workspace& ws, const ProjectGraph& g);

// The part of `g` around `project`: it, everything it depends on and
// everything that depends on it, transitively (as `nx graph --focus`).
ProjectGraph focus_graph(const ProjectGraph& g, const std::string& project);

// "app" for applications, "lib" otherwise, as in Nx's graph nodes.
const char* node_type(const Project& p);

}  // namespace strata
