#pragma once
// What most commands need before they start: the workspace root, its files,
// the loaded configuration and the project graph, loaded once.

#include <memory>

#include "files/file_index.h"
#include "graph/project_graph.h"
#include "model/workspace.h"

namespace strata::cli {

struct Context {
  Workspace workspace;
  FileIndex files;
  ProjectGraph graph;
};

// Loads everything from the directory given with -C or the current one,
// printing every diagnostic; nullptr after printing the errors.
std::unique_ptr<Context> load_context();

}  // namespace strata::cli
