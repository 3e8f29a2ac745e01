#include "vector/graph_search.h"

#include <faiss/impl/HNSW.h>

#include <algorithm>
#include <limits>
#include <queue>

#include "vector/distance.h"

namespace strata::vec {

namespace {

// Marks nodes seen by the current search. A new search bumps the
// generation instead of clearing the table; the table is cleared only when
// the 16-bit generation wraps.
class VisitedTable {
 public:
  void start(size_t n) {
    if (m_marks.size() < n) m_marks.resize(n, 0);
    if (++m_generation == 0) {
      std::fill(m_marks.begin(), m_marks.end(), 0);
      m_generation = 1;
    }
  }
  void prefetch(int64_t i) const { __builtin_prefetch(m_marks.data() + i); }
  // Marks `i`; false if it was already marked in this search.
  bool visit(int64_t i) {
    uint16_t& mark = m_marks[static_cast<size_t>(i)];
    if (mark == m_generation) return false;
    mark = m_generation;
    return true;
  }

 private:
  std::vector<uint16_t> m_marks;
  uint16_t m_generation = 0;
};

using Scored = std::pair<float, int64_t>;

struct Searcher {
  const GraphView& v;
  const float* q;
  DistanceFn fn;

  float distance(int64_t i) const {
    float d = fn(q, v.vectors + static_cast<size_t>(i) * v.dim, v.dim);
    return v.inner_product ? -d : d;
  }
  void prefetch(int64_t i) const {
    const char* p = reinterpret_cast<const char*>(v.vectors + static_cast<size_t>(i) * v.dim);
    // The first lines; the hardware prefetcher follows the rest of the row.
    for (size_t line = 0; line < 4 && line * 64 < v.dim * sizeof(float); ++line)
      __builtin_prefetch(p + line * 64);
  }
  std::pair<const int*, const int*> neighbors(int64_t node, int level) const {
    // faiss::HNSW::neighbor_range, inlined: it is out of line in libfaiss.
    const faiss::HNSW& g = *v.graph;
    const int* base = g.neighbors.data() + g.offsets[static_cast<size_t>(node)];
    return {base + g.cum_nneighbor_per_level[static_cast<size_t>(level)],
            base + g.cum_nneighbor_per_level[static_cast<size_t>(level) + 1]};
  }

  // Greedy descent on one upper level: moves to the closest neighbour until none is closer.
  void descend(int level, int64_t& node, float& dist) const {
    for (bool moved = true; moved;) {
      moved = false;
      auto [b, e] = neighbors(node, level);
      for (const int* n = b; n < e && *n >= 0; ++n) {
        float d = distance(*n);
        if (d < dist) {
          dist = d;
          node = *n;
          moved = true;
        }
      }
    }
  }

  // Level 0: best-first search; `top` keeps the ef closest allowed nodes.
  std::vector<Scored> beam(int64_t entry, float entry_dist, size_t ef, const NodeFilter* filter,
                           VisitedTable& visited) const {
    std::priority_queue<Scored, std::vector<Scored>, std::greater<>> candidates;
    std::priority_queue<Scored> top;
    float bound = std::numeric_limits<float>::infinity();
    visited.visit(entry);
    candidates.emplace(entry_dist, entry);
    if (!filter || filter->allows(entry)) {
      top.emplace(entry_dist, entry);
      bound = entry_dist;
    }
    int64_t fresh[512];
    while (!candidates.empty()) {
      auto [cd, c] = candidates.top();
      if (cd > bound && top.size() >= ef) break;
      candidates.pop();
      auto [b, e] = neighbors(c, 0);
      // The neighbour list and visited marks are the beam's cache misses:
      // ask for this node's marks and the next candidate's list now.
      for (const int* n = b; n < e && *n >= 0; ++n) visited.prefetch(*n);
      if (!candidates.empty()) __builtin_prefetch(neighbors(candidates.top().second, 0).first);
      size_t n_fresh = 0;
      for (const int* n = b; n < e && *n >= 0 && n_fresh < 512; ++n)
        if (visited.visit(*n)) {
          fresh[n_fresh++] = *n;
          prefetch(*n);
        }
      for (size_t j = 0; j < n_fresh; ++j) {
        float d = distance(fresh[j]);
        if (top.size() >= ef && d >= bound) continue;
        candidates.emplace(d, fresh[j]);
        if (filter && !filter->allows(fresh[j])) continue;
        top.emplace(d, fresh[j]);
        if (top.size() > ef) top.pop();
        bound = top.top().first;
      }
    }
    std::vector<Scored> out;
    out.reserve(top.size());
    for (; !top.empty(); top.pop()) out.push_back(top.top());
    std::reverse(out.begin(), out.end());
    return out;
  }
};

}  // namespace

std::vector<std::pair<float, int64_t>> search_graph(const GraphView& view, const float* query,
                                                    size_t k, int ef, const NodeFilter* filter) {
  const faiss::HNSW& g = *view.graph;
  if (k == 0 || view.count == 0 || g.entry_point < 0) return {};
  thread_local VisitedTable visited;
  visited.start(view.count);
  const auto& kernels = active_kernels();
  Searcher s{view, query, view.inner_product ? kernels.dot_product : kernels.l2_squared};
  int64_t node = g.entry_point;
  float dist = s.distance(node);
  for (int level = g.max_level; level > 0; --level) s.descend(level, node, dist);
  auto out = s.beam(node, dist, std::max(static_cast<size_t>(std::max(ef, 0)), k), filter, visited);
  if (out.size() > k) out.resize(k);
  return out;
}

}  // namespace strata::vec
