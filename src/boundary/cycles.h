#pragma once
// Cycles in a directed graph, reported so that every edge that lies on some
// cycle is shown in at least one of them: one cycle per edge not yet
// covered, closed by the shortest path back within its strongly connected
// component. That is every edge a user might cut, without enumerating the
// exponentially many elementary cycles.

#include <vector>

namespace strata {

// `adj[u]`: targets of u, sorted, no duplicates. Each cycle is a node list
// whose first and last node are the same; it starts at its smallest node,
// and the list of cycles is sorted.
std::vector<std::vector<int>> covering_cycles(const std::vector<std::vector<int>>& adj);

// Node ids of the strongly connected component of each node (Tarjan,
// iterative so deep graphs do not overflow the stack).
std::vector<int> strong_components(const std::vector<std::vector<int>>& adj);

}  // namespace strata
