#pragma once
// The project graph: declared edges (implicitDependencies, package
// dependencies on workspace packages) plus edges inferred from imports.

#include <map>
#include <string>
#include <vector>

#include "files/file_index.h"
#include "graph/import_ref.h"
#include "graph/ts_paths.h"
#include "model/workspace.h"
#include "util/diagnostics.h"

namespace strata {

enum class DependencyType { k_static, k_dynamic, k_implicit };
const char* dependency_type_name(DependencyType t);  // "static", "dynamic", "implicit"

struct Dependency {
  std::string source;
  std::string target;
  DependencyType type = DependencyType::k_static;
  std::string file;  // the importing file for inferred edges, "" for declared
};

struct ProjectGraph {
  std::vector<std::string> nodes;  // project names, sorted
  // Edges by source project; each list sorted by target, one edge per target.
  std::map<std::string, std::vector<Dependency>> dependencies;

  std::vector<std::string> dependencies_of(const std::string& project) const;
  // Projects that depend on each project (reverse edges).
  std::map<std::string, std::vector<std::string>> dependents() const;
};

// Builds the graph; reports unknown implicit dependencies and similar
// problems into `diags`. The graph may have cycles (see graph/cycles.h).
Result<ProjectGraph> build_project_graph(const Workspace& ws, const FileIndex& files,
                                         Diagnostics& diags);

// One source file with its raw imports, before resolution.
struct SourceImports {
  std::string_view file;  // relative to the root; must outlive the build
  int project = -1;       // owner: index into Workspace::projects
  ImportList imports;
};

// Everything the graph is built from besides the workspace, as plain data,
// so callers and tests can supply sources without a FileIndex or a disk.
struct GraphInputs {
  const std::vector<std::string>* files = nullptr;  // every workspace file, sorted
  std::vector<SourceImports> sources;
  TsPaths ts_paths;
};

Result<ProjectGraph> build_project_graph(const Workspace& ws, const GraphInputs& in,
                                         Diagnostics& diags);

// Indexes of the projects whose includes are resolved as C/C++: those that
// say so, and those that hold a C/C++ source.
std::vector<int> projects_with_cpp(const Workspace& ws, const GraphInputs& in);

}  // namespace strata
