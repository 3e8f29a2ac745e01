#include "boundary/cycles.h"

#include <algorithm>
#include <deque>
#include <utility>

namespace strata {

namespace {

// Shortest path from `from` to `to` inside component `comp`, both ends
// included; empty when there is none.
std::vector<int> shortest_path(const std::vector<std::vector<int>>& adj,
                               const std::vector<int>& comp, int from, int to) {
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
        if (index[v] < 0)
          frames.push_back({v, 0});
        else if (on_stack[v])
          low[u] = std::min(low[u], index[v]);
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

namespace {

struct Component {
  std::vector<int> nodes;
  std::vector<long> out_w, in_w;  // weight of live edges within the component
};

int weight_of(const std::vector<std::vector<int>>& weight, int u, size_t k) {
  return weight.empty() ? 1 : weight[u][k];
}

// The Eades-Lin-Smyth line of one component's nodes.
std::vector<int> line_up(const std::vector<std::vector<int>>& adj,
                         const std::vector<std::vector<int>>& rev,
                         const std::vector<std::vector<int>>& weight, const std::vector<int>& comp,
                         std::vector<int> nodes, std::vector<long>& out_w,
                         std::vector<long>& in_w) {
  std::vector<int> front, back;
  std::vector<char> gone(adj.size(), 0);
  auto remove = [&](int u) {
    gone[u] = 1;
    for (size_t k = 0; k < adj[u].size(); ++k)
      if (comp[adj[u][k]] == comp[u]) in_w[adj[u][k]] -= weight_of(weight, u, k);
    for (int p : rev[u])
      if (comp[p] == comp[u])
        for (size_t k = 0; k < adj[p].size(); ++k)
          if (adj[p][k] == u) out_w[p] -= weight_of(weight, p, k);
  };
  for (size_t left = nodes.size(); left > 0; --left) {
    int pick = -1;
    bool to_back = false;
    for (int u : nodes) {
      if (gone[u]) continue;
      if (out_w[u] == 0) {
        pick = u, to_back = true;
        break;
      }
      if (in_w[u] == 0) {
        pick = u;
        break;
      }
      if (pick < 0 || out_w[u] - in_w[u] > out_w[pick] - in_w[pick]) pick = u;
    }
    remove(pick);
    (to_back ? back : front).push_back(pick);
  }
  front.insert(front.end(), back.rbegin(), back.rend());
  return front;
}

}  // namespace

std::vector<std::vector<int>> feedback_cycles(const std::vector<std::vector<int>>& adj,
                                              const std::vector<std::vector<int>>& weight) {
  const int n = static_cast<int>(adj.size());
  std::vector<int> comp = strong_components(adj);
  std::vector<std::vector<int>> rev(n), members(n);
  std::vector<long> out_w(n, 0), in_w(n, 0);
  for (int u = 0; u < n; ++u) {
    members[comp[u]].push_back(u);
    for (size_t k = 0; k < adj[u].size(); ++k) {
      int v = adj[u][k];
      rev[v].push_back(u);
      if (comp[v] == comp[u] && v != u)
        out_w[u] += weight_of(weight, u, k), in_w[v] += weight_of(weight, u, k);
    }
  }
  std::vector<int> pos(n, 0);
  for (const auto& nodes : members) {
    if (nodes.size() < 2) continue;
    std::vector<int> line = line_up(adj, rev, weight, comp, nodes, out_w, in_w);
    for (size_t i = 0; i < line.size(); ++i) pos[line[i]] = static_cast<int>(i);
  }
  std::vector<std::vector<int>> out;
  for (int u = 0; u < n; ++u)
    for (int v : adj[u]) {
      if (u == v || comp[u] != comp[v] || pos[u] < pos[v]) continue;
      std::vector<int> cycle = shortest_path(adj, comp, v, u);
      if (cycle.empty()) continue;
      cycle.insert(cycle.begin(), u);
      out.push_back(std::move(cycle));
    }
  std::sort(out.begin(), out.end());
  return out;
}

}  // namespace strata
