#include "graph/cycles.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "graph/graph_test_util.h"

namespace strata {
namespace {

using ::testing::ElementsAre;
using testing::GraphFixture;
using ::testing::HasSubstr;
using ::testing::IsEmpty;
using testing::project;

ProjectGraph graph(std::vector<std::string> nodes,
                   std::vector<std::pair<std::string, std::string>> edges) {
  ProjectGraph g;
  g.nodes = std::move(nodes);
  for (const auto& n : g.nodes) g.dependencies[n];
  for (const auto& [s, t] : edges)
    g.dependencies[s].push_back({s, t, DependencyType::k_static, ""});
  return g;
}

TEST(StronglyConnectedComponents, EdgesPointFromHigherToLowerComponents) {
  // 0 -> 1 <-> 2 -> 3, 3 alone.
  Adjacency adj{{1}, {2}, {1, 3}, {}};
  size_t count = 0;
  auto c = strongly_connected_components(adj, count);
  EXPECT_EQ(count, 3u);
  EXPECT_EQ(c[1], c[2]);
  EXPECT_GT(c[0], c[1]);
  EXPECT_GT(c[2], c[3]);
  EXPECT_THAT(cyclic_components(adj, c, count)[c[1]], 1);
  EXPECT_THAT(cyclic_components(adj, c, count)[c[0]], 0);
}

TEST(StronglyConnectedComponents, SelfLoopIsACycle) {
  Adjacency adj{{0}, {}};
  size_t count = 0;
  auto c = strongly_connected_components(adj, count);
  EXPECT_EQ(count, 2u);
  EXPECT_EQ(cyclic_components(adj, c, count)[c[0]], 1);
  EXPECT_EQ(cyclic_components(adj, c, count)[c[1]], 0);
  EXPECT_THAT(shortest_cycle(adj, c, 0), ElementsAre(0, 0));
  EXPECT_THAT(shortest_cycle(adj, c, 1), IsEmpty());
}

TEST(StronglyConnectedComponents, LongChainDoesNotRecurse) {
  const size_t n = 200000;
  Adjacency adj(n);
  for (size_t i = 0; i + 1 < n; ++i) adj[i].push_back(i + 1);
  adj[n - 1].push_back(0);
  size_t count = 0;
  auto c = strongly_connected_components(adj, count);
  EXPECT_EQ(count, 1u);
  EXPECT_EQ(shortest_cycle(adj, c, 0).size(), n + 1);
}

TEST(ShortestCycle, TakesTheShortestWayBack) {
  // 0 -> 1 -> 2 -> 3 -> 0 and 0 -> 3.
  Adjacency adj{{1, 3}, {2}, {3}, {0}};
  size_t count = 0;
  auto c = strongly_connected_components(adj, count);
  EXPECT_THAT(shortest_cycle(adj, c, 0), ElementsAre(0, 3, 0));
  EXPECT_THAT(shortest_cycle(adj, c, 1), ElementsAre(1, 2, 3, 0, 1));
}

TEST(FindCycles, AcyclicGraphHasNone) {
  auto g = graph({"a", "b", "c"}, {{"a", "b"}, {"a", "c"}, {"b", "c"}});
  EXPECT_TRUE(find_cycles(g).empty());
}

TEST(FindCycles, EachComponentOnceWithAPathFromItsFirstProject) {
  // A 2-cycle (b, c), a 4-cycle (d, e, f, g) with a shortcut, and x outside
  // depending on both.
  auto g = graph({"a", "b", "c", "d", "e", "f", "g", "x"}, {{"b", "c"},
                                                            {"c", "b"},
                                                            {"d", "e"},
                                                            {"e", "f"},
                                                            {"f", "g"},
                                                            {"g", "d"},
                                                            {"f", "d"},
                                                            {"x", "b"},
                                                            {"x", "d"},
                                                            {"a", "x"}});
  GraphCycles cycles = find_cycles(g);
  ASSERT_EQ(cycles.cycles.size(), 2u);
  EXPECT_THAT(cycles.cycles[0].projects, ElementsAre("b", "c"));
  EXPECT_THAT(cycles.cycles[0].path, ElementsAre("b", "c", "b"));
  EXPECT_THAT(cycles.cycles[1].projects, ElementsAre("d", "e", "f", "g"));
  EXPECT_THAT(cycles.cycles[1].path, ElementsAre("d", "e", "f", "d"));
  EXPECT_EQ(cycles.find("g"), &cycles.cycles[1]);
  EXPECT_EQ(cycles.find("x"), nullptr);
  EXPECT_TRUE(cycles.is_cycle_edge("g", "d"));
  EXPECT_FALSE(cycles.is_cycle_edge("x", "b"));
  EXPECT_FALSE(cycles.is_cycle_edge("c", "d"));
}

TEST(FindCycles, EdgesNamedByWhereTheyComeFrom) {
  GraphFixture f;
  f.add(project("a", "a")).package_name = "a";
  f.add(project("b", "b")).package_name = "b";
  f.add(project("c", "c")).package_name = "c";
  f.get("c").implicit_dependencies = {"a"};
  f.contents["a/x.ts"] = "import 'b';\n";
  f.contents["b/x.ts"] = "import 'c';\n";
  Diagnostics d;
  auto g = f.build(d);
  ASSERT_TRUE(g.ok());
  GraphCycles cycles = find_cycles(*g);
  ASSERT_EQ(cycles.cycles.size(), 1u);
  EXPECT_EQ(cycle_text(cycles.cycles[0].path), "a → b → c → a");
  EXPECT_EQ(cycle_text(cycles.cycles[0].path, " -> "), "a -> b -> c -> a");
  std::string edges = cycle_edges_text(*g, cycles.cycles[0].path);
  EXPECT_THAT(edges, HasSubstr("a → b (imported in a/x.ts)"));
  EXPECT_THAT(edges, HasSubstr("c → a (implicitDependencies)"));
}

}  // namespace
}  // namespace strata
