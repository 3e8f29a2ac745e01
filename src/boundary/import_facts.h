#pragma once
// Every import of the checked files, resolved: which project imports which
// (or which external package), from which file and line. The same scanners,
// scan cache and resolver as the project graph, but each import is kept
// with its location instead of being merged into one edge per project pair.

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "graph/project_graph.h"

namespace strata {

struct ImportFact {
  std::string_view file;  // relative to the root; owned by the GraphInputs
  uint32_t line = 0;
  int from = -1;          // importing project (index into Workspace::projects)
  int to = -1;            // imported project, or -1 for an external import
  std::string_view spec;  // the import as written; owned by the GraphInputs
  std::string external;   // for to == -1: the package ("fastapi", "@scope/pkg", "boost")
};

// Imports of `in.sources` that leave their own project, in source order.
// Relative TypeScript imports that resolve to nothing are left out (they are
// not packages); so are imports of the importing project itself.
std::vector<ImportFact> resolve_import_facts(const Workspace& ws, const GraphInputs& in);

// The package an unresolved import names, by language: Python's first
// dotted segment, npm's package name, a header's first path segment
// without extension; "" when it names no package.
std::string external_package(std::string_view file, const ImportRef& imp);

}  // namespace strata
