#pragma once
// Edges the configuration declares rather than the code: implicitDependencies
// (with "!name" removals and '*' patterns over project names) and package
// dependencies that name a workspace project's npm package or Python
// distribution.

#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "graph/project_graph.h"

namespace strata {

struct DeclaredEdges {
  // Per project index: (target index, type) to add, and targets to remove.
  std::vector<std::vector<std::pair<int, DependencyType>>> add;
  std::vector<std::vector<int>> remove;
};

// Unknown implicit dependency names are errors in `diags` (with a
// did-you-mean); a pattern that matches nothing is a warning.
DeclaredEdges declared_edges(const Workspace& ws, Diagnostics& diags);

// PEP 503 normalised distribution name: lowercase, runs of "-_." -> "-".
std::string pep503_name(std::string_view name);
// The distribution name at the start of a PEP 508 requirement
// ("Foo_Bar[x]>=1; python_version<'3.9'" -> "Foo_Bar").
std::string_view requirement_name(std::string_view requirement);
// '*' matches any run of characters (including '/'), '?' one character.
bool name_matches(std::string_view pattern, std::string_view name);

}  // namespace strata
