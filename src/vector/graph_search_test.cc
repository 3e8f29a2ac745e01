#include "vector/graph_search.h"

#include <faiss/IndexHNSW.h>
#include <gtest/gtest.h>

#include <algorithm>
#include <random>
#include <set>

#include "vector/distance.h"

namespace strata::vec {
namespace {

class GraphSearchTest : public ::testing::Test {
 protected:
  static constexpr size_t k_n = 3000,
                          k_dim = 37;  // an odd dimension: every kernel takes its tail path

  void build(faiss::MetricType metric) {
    std::mt19937 rng(5);
    std::normal_distribution<float> g;
    m_data.resize(k_n * k_dim);
    for (float& x : m_data) x = g(rng);
    m_index = std::make_unique<faiss::IndexHNSWFlat>(k_dim, 16, metric);
    m_index->hnsw.efConstruction = 80;
    m_index->add(k_n, m_data.data());
    m_view = {&m_index->hnsw, m_data.data(), k_n, k_dim, metric == faiss::METRIC_INNER_PRODUCT};
  }

  // The exact k nearest allowed rows by the scalar kernel, as node ids.
  std::vector<int64_t> exact(const float* q, size_t k, const NodeFilter* filter) const {
    const DistanceKernels& scalar = all_kernels().front();
    std::vector<std::pair<float, int64_t>> all;
    for (size_t i = 0; i < k_n; ++i) {
      if (filter && !filter->allows(static_cast<int64_t>(i))) continue;
      const float* v = m_data.data() + i * k_dim;
      float d =
          m_view.inner_product ? -scalar.dot_product(q, v, k_dim) : scalar.l2_squared(q, v, k_dim);
      all.emplace_back(d, static_cast<int64_t>(i));
    }
    std::partial_sort(all.begin(), all.begin() + static_cast<long>(k), all.end());
    std::vector<int64_t> ids;
    for (size_t i = 0; i < k; ++i) ids.push_back(all[i].second);
    return ids;
  }

  // Mean recall@10 of search_graph over 50 queries taken from the data.
  double recall(int ef, const NodeFilter* filter) {
    size_t hits = 0, total = 0;
    for (size_t qi = 0; qi < 50; ++qi) {
      const float* q = m_data.data() + (qi * 61) * k_dim;
      auto found = search_graph(m_view, q, 10, ef, filter);
      EXPECT_EQ(found.size(), 10u);
      EXPECT_TRUE(std::is_sorted(found.begin(), found.end()));
      std::set<int64_t> want;
      for (int64_t id : exact(q, 10, filter)) want.insert(id);
      for (auto [d, id] : found) {
        if (filter) {
          EXPECT_TRUE(filter->allows(id)) << id;
        }
        hits += want.count(id);
      }
      total += 10;
    }
    return static_cast<double>(hits) / static_cast<double>(total);
  }

  std::vector<float> m_data;
  std::unique_ptr<faiss::IndexHNSWFlat> m_index;
  GraphView m_view;
};

TEST_F(GraphSearchTest, FindsTheExactNeighboursWithAWideBeam) {
  build(faiss::METRIC_L2);
  EXPECT_GE(recall(200, nullptr), 0.99);
}

TEST_F(GraphSearchTest, DistancesAreTheKernelsOwn) {
  build(faiss::METRIC_L2);
  const float* q = m_data.data() + 5 * k_dim;
  auto found = search_graph(m_view, q, 3, 64, nullptr);
  ASSERT_EQ(found.size(), 3u);
  EXPECT_EQ(found[0].second, 5);  // a stored vector is its own nearest neighbour
  EXPECT_EQ(found[0].first, 0.0f);
  const float* v = m_data.data() + static_cast<size_t>(found[1].second) * k_dim;
  EXPECT_EQ(found[1].first, l2_squared(q, v, k_dim));
}

TEST_F(GraphSearchTest, InnerProductReturnsTheLargestDotProductsFirst) {
  build(faiss::METRIC_INNER_PRODUCT);
  EXPECT_GE(recall(200, nullptr), 0.95);
}

TEST_F(GraphSearchTest, AFilterReturnsOnlyAllowedNodesAndStillFindsThem) {
  build(faiss::METRIC_L2);
  std::vector<uint8_t> bits((k_n + 7) / 8, 0);
  for (size_t i = 0; i < k_n; i += 10) bits[i / 8] |= static_cast<uint8_t>(1u << (i % 8));  // 10 %
  NodeFilter filter{bits.data(), bits.size()};
  EXPECT_GE(recall(200, &filter), 0.99);
}

TEST_F(GraphSearchTest, FewerAllowedNodesThanKReturnsThemAll) {
  build(faiss::METRIC_L2);
  std::vector<uint8_t> bits((k_n + 7) / 8, 0);
  bits[0] = 0b101;  // nodes 0 and 2
  NodeFilter filter{bits.data(), bits.size()};
  auto found = search_graph(m_view, m_data.data(), 10, 16, &filter);
  ASSERT_EQ(found.size(), 2u);
  EXPECT_EQ(found[0].second, 0);
  EXPECT_EQ(found[1].second, 2);
}

TEST_F(GraphSearchTest, AnEmptyGraphFindsNothing) {
  faiss::IndexHNSWFlat empty(4, 16);
  GraphView view{&empty.hnsw, nullptr, 0, 4, false};
  float q[4] = {};
  EXPECT_TRUE(search_graph(view, q, 5, 16, nullptr).empty());
}

}  // namespace
}  // namespace strata::vec
