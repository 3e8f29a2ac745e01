#pragma once
// Cycles in directed graphs: strongly connected components on plain index
// adjacency (shared by the project graph and the task graph), and the
// project graph's cycles as the outputs and commands show them.

#include <cstddef>
#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "graph/project_graph.h"

namespace strata {

using Adjacency = std::vector<std::vector<size_t>>;

// The component of each node (Tarjan's algorithm, iterative so that a chain
// of 10,000 nodes cannot exhaust the stack). Component ids count from 0 in
// the order components are completed, so an edge between two components
// always points from a higher id to a lower one. `count` receives how many
// components there are.
std::vector<size_t> strongly_connected_components(const Adjacency& adj, size_t& count);

// Whether a node's component is a cycle: more than one node, or a node with
// an edge to itself.
std::vector<char> cyclic_components(const Adjacency& adj, const std::vector<size_t>& component,
                                    size_t count);

// A shortest cycle from `from` back to `from` (first and last element),
// inside its component, taking neighbours in adjacency order; empty when
// `from` is on no cycle.
std::vector<size_t> shortest_cycle(const Adjacency& adj, const std::vector<size_t>& component,
                                   size_t from);

// One strongly connected set of projects that depend on each other.
struct ProjectCycle {
  std::vector<std::string> projects;  // sorted
  std::vector<std::string> path;      // a shortest cycle from projects[0] back to it
};

// The project graph's cycles, sorted by their first project.
struct GraphCycles {
  std::vector<ProjectCycle> cycles;
  std::map<std::string, size_t> cycle_of;  // project -> index into cycles

  bool empty() const { return cycles.empty(); }
  const ProjectCycle* find(const std::string& project) const;
  // Both ends in the same cycle: cutting such edges is what breaks cycles.
  bool is_cycle_edge(const std::string& source, const std::string& target) const;
};

GraphCycles find_cycles(const ProjectGraph& g);

// The graph's edges as indices into g.nodes; edges to unknown nodes are left out.
Adjacency project_adjacency(const ProjectGraph& g);

// "a → b → a", or with another arrow.
std::string cycle_text(const std::vector<std::string>& path, std::string_view arrow = " → ");

// Where each edge of a cycle path comes from ("a → b (imported in a/x.ts)"),
// joined with "; ", so a reader knows which dependency to cut.
std::string cycle_edges_text(const ProjectGraph& g, const std::vector<std::string>& path);

}  // namespace strata
