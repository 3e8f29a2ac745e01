#pragma once
// HNSW search over the graph FAISS builds, with the distance kernels chosen
// for this CPU. FAISS 1.7.3's own search (Debian's build) runs its distance
// loop at the x86-64 baseline and pays a virtual call, an OpenMP region and
// a heap allocation per query; this walks the same graph (faiss::HNSW's
// levels, offsets and neighbour lists) in hnswlib's way: greedy descent on
// the upper levels, one beam of width ef on level 0, a reusable
// generation-tagged visited table per thread, neighbour vectors prefetched
// before their distances are computed.

#include <cstddef>
#include <cstdint>
#include <utility>
#include <vector>

namespace faiss {
struct HNSW;
}

namespace strata::vec {

// What one search reads: the graph, the vectors it links (row-major, `dim`
// floats each) and how to compare them.
struct GraphView {
  const faiss::HNSW* graph = nullptr;
  const float* vectors = nullptr;
  size_t count = 0;  // vectors in the graph
  size_t dim = 0;
  bool inner_product = false;  // else squared L2
};

// Which nodes may be returned: bit i of `bits` set = node i allowed; nodes
// past the bitmap are not. The search still walks through disallowed nodes.
struct NodeFilter {
  const uint8_t* bits = nullptr;
  size_t bytes = 0;
  bool allows(int64_t i) const {
    size_t byte = static_cast<size_t>(i) >> 3;
    return byte < bytes && (bits[byte] >> (i & 7)) & 1;
  }
};

// The k nearest allowed nodes found with a beam of width max(ef, k), as
// (distance, node), nearest first. The distance is squared L2, or the
// negated dot product for inner product, so smaller is always closer.
// `filter` null allows every node.
std::vector<std::pair<float, int64_t>> search_graph(const GraphView& view, const float* query,
                                                    size_t k, int ef, const NodeFilter* filter);

}  // namespace strata::vec
