// Tarjan's strongly connected components with an explicit call stack: each
// frame is (node, next edge), and a node's low link is folded into its
// parent's when the frame is popped. A cycle path is then found inside one
// component by a breadth-first search, which gives the shortest one and,
// with sorted adjacency, always the same one.

#include "graph/cycles.h"

#include <algorithm>
#include <deque>
#include <limits>

namespace strata {

namespace {

constexpr size_t k_none = std::numeric_limits<size_t>::max();

class Tarjan {
 public:
  explicit Tarjan(const Adjacency& adj)
      : m_adj(adj),
        m_index(adj.size(), k_none),
        m_low(adj.size()),
        m_component(adj.size(), k_none),
        m_on_stack(adj.size(), 0) {}

  std::vector<size_t> run(size_t& count) {
    for (size_t s = 0; s < m_adj.size(); ++s)
      if (m_index[s] == k_none) visit(s);
    count = m_count;
    return std::move(m_component);
  }

 private:
  void open(size_t v) {
    m_index[v] = m_low[v] = m_next++;
    m_stack.push_back(v);
    m_on_stack[v] = 1;
    m_calls.push_back({v, 0});
  }

  void visit(size_t start) {
    open(start);
    while (!m_calls.empty()) {
      auto [v, e] = m_calls.back();
      if (e < m_adj[v].size()) {
        ++m_calls.back().second;
        size_t w = m_adj[v][e];
        if (m_index[w] == k_none)
          open(w);
        else if (m_on_stack[w])
          m_low[v] = std::min(m_low[v], m_index[w]);
        continue;
      }
      m_calls.pop_back();
      if (!m_calls.empty()) {
        size_t parent = m_calls.back().first;
        m_low[parent] = std::min(m_low[parent], m_low[v]);
      }
      if (m_low[v] == m_index[v]) close(v);
    }
  }

  // v is the root of a component: everything above it on the stack is in it.
  void close(size_t v) {
    size_t w;
    do {
      w = m_stack.back();
      m_stack.pop_back();
      m_on_stack[w] = 0;
      m_component[w] = m_count;
    } while (w != v);
    ++m_count;
  }

  const Adjacency& m_adj;
  std::vector<size_t> m_index, m_low, m_component;
  std::vector<char> m_on_stack;
  std::vector<size_t> m_stack;
  std::vector<std::pair<size_t, size_t>> m_calls;
  size_t m_next = 0, m_count = 0;
};

size_t node_index(const ProjectGraph& g, const std::string& name) {
  auto it = std::lower_bound(g.nodes.begin(), g.nodes.end(), name);
  return it != g.nodes.end() && *it == name ? static_cast<size_t>(it - g.nodes.begin()) : k_none;
}

std::string edge_origin(const ProjectGraph& g, const std::string& source,
                        const std::string& target) {
  auto it = g.dependencies.find(source);
  if (it == g.dependencies.end()) return "declared";
  auto d = std::find_if(it->second.begin(), it->second.end(),
                        [&](const Dependency& x) { return x.target == target; });
  if (d == it->second.end()) return "declared";
  if (!d->file.empty()) return "imported in " + d->file;
  if (d->type == DependencyType::k_implicit) return "implicitDependencies";
  return "package dependency";
}

}  // namespace

std::vector<size_t> strongly_connected_components(const Adjacency& adj, size_t& count) {
  return Tarjan(adj).run(count);
}

std::vector<char> cyclic_components(const Adjacency& adj, const std::vector<size_t>& component,
                                    size_t count) {
  std::vector<size_t> size(count, 0);
  std::vector<char> cyclic(count, 0);
  for (size_t v = 0; v < adj.size(); ++v) {
    ++size[component[v]];
    for (size_t w : adj[v])
      if (w == v) cyclic[component[v]] = 1;
  }
  for (size_t c = 0; c < count; ++c)
    if (size[c] > 1) cyclic[c] = 1;
  return cyclic;
}

std::vector<size_t> shortest_cycle(const Adjacency& adj, const std::vector<size_t>& component,
                                   size_t from) {
  std::vector<size_t> parent(adj.size(), k_none);
  std::deque<size_t> queue{from};
  while (!queue.empty()) {
    size_t v = queue.front();
    queue.pop_front();
    for (size_t w : adj[v]) {
      if (component[w] != component[from]) continue;
      if (w == from) {
        std::vector<size_t> path{from};
        for (size_t x = v; x != from; x = parent[x]) path.push_back(x);
        path.push_back(from);
        std::reverse(path.begin(), path.end());
        return path;
      }
      if (parent[w] != k_none) continue;
      parent[w] = v;
      queue.push_back(w);
    }
  }
  return {};
}

Adjacency project_adjacency(const ProjectGraph& g) {
  Adjacency adj(g.nodes.size());
  for (const auto& [source, deps] : g.dependencies) {
    size_t s = node_index(g, source);
    if (s == k_none) continue;
    for (const auto& d : deps)
      if (size_t t = node_index(g, d.target); t != k_none) adj[s].push_back(t);
  }
  return adj;
}

GraphCycles find_cycles(const ProjectGraph& g) {
  Adjacency adj = project_adjacency(g);
  size_t count = 0;
  std::vector<size_t> component = strongly_connected_components(adj, count);
  std::vector<char> cyclic = cyclic_components(adj, component, count);
  std::vector<ProjectCycle> by_component(count);
  for (size_t v = 0; v < g.nodes.size(); ++v)  // nodes are sorted, so members are too
    if (cyclic[component[v]]) by_component[component[v]].projects.push_back(g.nodes[v]);
  GraphCycles out;
  for (size_t v = 0; v < g.nodes.size(); ++v) {
    ProjectCycle& c = by_component[component[v]];
    if (c.projects.empty() || c.projects.front() != g.nodes[v]) continue;  // not first, or taken
    for (size_t x : shortest_cycle(adj, component, v)) c.path.push_back(g.nodes[x]);
    out.cycles.push_back(std::move(c));
    c.projects.clear();
  }
  for (size_t i = 0; i < out.cycles.size(); ++i)
    for (const auto& p : out.cycles[i].projects) out.cycle_of[p] = i;
  return out;
}

const ProjectCycle* GraphCycles::find(const std::string& project) const {
  auto it = cycle_of.find(project);
  return it == cycle_of.end() ? nullptr : &cycles[it->second];
}

bool GraphCycles::is_cycle_edge(const std::string& source, const std::string& target) const {
  auto s = cycle_of.find(source), t = cycle_of.find(target);
  return s != cycle_of.end() && t != cycle_of.end() && s->second == t->second;
}

std::string cycle_text(const std::vector<std::string>& path, std::string_view arrow) {
  std::string s;
  for (const auto& name : path) {
    if (!s.empty()) s += arrow;
    s += name;
  }
  return s;
}

std::string cycle_edges_text(const ProjectGraph& g, const std::vector<std::string>& path) {
  std::string out;
  for (size_t i = 0; i + 1 < path.size(); ++i)
    out += (i ? "; " : "") + path[i] + " → " + path[i + 1] + " (" +
           edge_origin(g, path[i], path[i + 1]) + ")";
  return out;
}

}  // namespace strata
