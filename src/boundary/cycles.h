#pragma once
// Cycles in a directed graph, one per feedback edge: the nodes of each
// strongly connected component are put in a line by the Eades-Lin-Smyth
// heuristic (sinks to the back, sources to the front, otherwise the node
// with the most outgoing over incoming weight first), and every edge that
// points backwards in that line is a feedback edge. Cutting all of them
// leaves no cycle, so each reported cycle shows one edge worth cutting, and
// with edges weighted by how many imports make them, the cheap ones (the
// odd wrong import, not the hundred right ones) are what gets reported.
// Each feedback edge u → v is closed by the shortest path v → u.

#include <vector>

namespace strata {

// `adj[u]`: targets of u, sorted, no duplicates; `weight[u][k]`: the weight
// of edge u → adj[u][k] (empty: all 1). Each cycle is a node list whose
// first and last node are the same; it starts at the feedback edge, and the
// list of cycles is sorted.
std::vector<std::vector<int>> feedback_cycles(const std::vector<std::vector<int>>& adj,
                                              const std::vector<std::vector<int>>& weight = {});

// Node ids of the strongly connected component of each node (Tarjan,
// iterative so deep graphs do not overflow the stack).
std::vector<int> strong_components(const std::vector<std::vector<int>>& adj);

}  // namespace strata
