// Cycle finding at its edges: empty graphs, nodes without edges, two
// separate cycles, a node reaching a cycle without being on it, and
// duplicate edges.

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "graph/cycles.h"

namespace strata {
namespace {

using ::testing::ElementsAre;
using ::testing::IsEmpty;

TEST(CyclesEdges, AnEmptyGraphHasNoComponents) {
  size_t count = 99;
  EXPECT_TRUE(strongly_connected_components({}, count).empty());
  EXPECT_EQ(count, 0u);
}

TEST(CyclesEdges, IsolatedNodesAreEachTheirOwnAcyclicComponent) {
  Adjacency adj{{}, {}, {}};
  size_t count = 0;
  auto comp = strongly_connected_components(adj, count);
  EXPECT_EQ(count, 3u);
  auto cyclic = cyclic_components(adj, comp, count);
  for (size_t i = 0; i < 3; ++i) EXPECT_FALSE(cyclic[comp[i]]) << i;
  EXPECT_THAT(shortest_cycle(adj, comp, 1), IsEmpty());
}

TEST(CyclesEdges, TwoSeparateCyclesAndANodeThatOnlyReachesOne) {
  // 0 <-> 1, 2 -> 3 -> 4 -> 2, 5 -> 0.
  Adjacency adj{{1}, {0}, {3}, {4}, {2}, {0}};
  size_t count = 0;
  auto comp = strongly_connected_components(adj, count);
  EXPECT_EQ(count, 3u);
  EXPECT_EQ(comp[0], comp[1]);
  EXPECT_EQ(comp[2], comp[3]);
  EXPECT_EQ(comp[3], comp[4]);
  EXPECT_NE(comp[0], comp[2]);
  EXPECT_NE(comp[5], comp[0]);
  EXPECT_GT(comp[5], comp[0]) << "edges point from higher to lower components";
  auto cyclic = cyclic_components(adj, comp, count);
  EXPECT_TRUE(cyclic[comp[0]]);
  EXPECT_TRUE(cyclic[comp[2]]);
  EXPECT_FALSE(cyclic[comp[5]]);
  EXPECT_THAT(shortest_cycle(adj, comp, 3), ElementsAre(3, 4, 2, 3));
  EXPECT_THAT(shortest_cycle(adj, comp, 5), IsEmpty()) << "reaching a cycle is not being on it";
}

TEST(CyclesEdges, DuplicateEdgesChangeNothing) {
  Adjacency adj{{1, 1, 1}, {0, 0}};
  size_t count = 0;
  auto comp = strongly_connected_components(adj, count);
  EXPECT_EQ(count, 1u);
  EXPECT_THAT(shortest_cycle(adj, comp, 0), ElementsAre(0, 1, 0));
}

TEST(CyclesEdges, ASelfLoopIsItsOwnShortestCycle) {
  Adjacency adj{{0, 1}, {0}};
  size_t count = 0;
  auto comp = strongly_connected_components(adj, count);
  EXPECT_THAT(shortest_cycle(adj, comp, 0), ElementsAre(0, 0));
}

}  // namespace
}  // namespace strata
