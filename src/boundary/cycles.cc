#include "boundary/cycles.h"

#include <algorithm>
#include <deque>
#include <set>
#include <utility>

namespace strata {

namespace {

// Shortest path from `from` to `to` inside component `comp`, both ends
// included; empty when there is none.
std::vector<int> shortest_path(const std::vector<std::vector<int>>& adj, const std::vector<int>& comp,
                               int from, int to) {
  std::vector<int> parent(adj.size(), -2);
  std::deque<int> queue{from};
  parent[from] = -1;
  while (!queue.empty()) {
    int u = queue.front();
    queue.pop_front();
    if (u == to) break;
    for (int v : adj[u])
      if (comp[v] == comp[from] && parent[v] == -2) parent[v] = u, queue.push_back(v);
  }
  if (parent[to] == -2) return {};
  std::vector<int> path;
  for (int u = to; u != -1; u = parent[u]) path.push_back(u);
  std::reverse(path.begin(), path.end());
  return path;
}

std::vector<int> rotate_to_smallest(std::vector<int> cycle) {
  cycle.pop_back();  // open the loop
  std::rotate(cycle.begin(), std::min_element(cycle.begin(), cycle.end()), cycle.end());
  cycle.push_back(cycle.front());
  return cycle;
}

}  // namespace

std::vector<int> strong_components(const std::vector<std::vector<int>>& adj) {
  const int n = static_cast<int>(adj.size());
  std::vector<int> index(n, -1), low(n, 0), comp(n, -1), stack;
  std::vector<char> on_stack(n, 0);
  std::vector<std::pair<int, size_t>> frames;  // (node, next edge)
  int counter = 0, comps = 0;
  for (int start = 0; start < n; ++start) {
    if (index[start] >= 0) continue;
    frames.push_back({start, 0});
    while (!frames.empty()) {
      auto& [u, next] = frames.back();
      if (next == 0 && index[u] < 0) {
        index[u] = low[u] = counter++;
        stack.push_back(u);
        on_stack[u] = 1;
      }
      if (next < adj[u].size()) {
        int v = adj[u][next++];
        if (index[v] < 0) frames.push_back({v, 0});
        else if (on_stack[v]) low[u] = std::min(low[u], index[v]);
        continue;
      }
      if (low[u] == index[u]) {
        int w;
        do {
          w = stack.back();
          stack.pop_back();
          on_stack[w] = 0;
          comp[w] = comps;
        } while (w != u);
        ++comps;
      }
      int done = u;
      frames.pop_back();
      if (!frames.empty()) low[frames.back().first] = std::min(low[frames.back().first], low[done]);
    }
  }
  return comp;
}

std::vector<std::vector<int>> covering_cycles(const std::vector<std::vector<int>>& adj) {
  std::vector<int> comp = strong_components(adj);
  std::set<std::pair<int, int>> covered;
  std::vector<std::vector<int>> out;
  for (int u = 0; u < static_cast<int>(adj.size()); ++u) {
    for (int v : adj[u]) {
      if (u == v || comp[u] != comp[v] || covered.count({u, v})) continue;
      std::vector<int> cycle = shortest_path(adj, comp, v, u);
      if (cycle.empty()) continue;
      cycle.insert(cycle.begin(), u);
      for (size_t i = 0; i + 1 < cycle.size(); ++i) covered.insert({cycle[i], cycle[i + 1]});
      out.push_back(rotate_to_smallest(std::move(cycle)));
    }
  }
  std::sort(out.begin(), out.end());
  out.erase(std::unique(out.begin(), out.end()), out.end());
  return out;
}

}  // namespace strata
