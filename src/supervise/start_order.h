#pragma once
// The order `strata up` starts processes in: each after everything it
// depends on, ties kept in the order given (broker, split services, the
// monolith), and which processes `--only` brings in.

#include <map>
#include <string>
#include <vector>

#include "util/result.h"

namespace strata {

// One process and the names of the processes it waits for.
struct StartNode {
  std::string name;
  std::vector<std::string> deps;
};

// Names in start order: a stable topological sort. A dependency on an
// unknown name or a cycle is an error naming it.
Result<std::vector<std::string>> start_order(const std::vector<StartNode>& nodes);

// The nodes named in `only` and, transitively, what they depend on, in
// their original order; an unknown name is an error with a suggestion.
Result<std::vector<StartNode>> select_with_deps(const std::vector<StartNode>& nodes,
                                                const std::vector<std::string>& only);

}  // namespace strata
