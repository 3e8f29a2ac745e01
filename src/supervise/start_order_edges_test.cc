// The start order at its edges: self-dependencies, long chains given in
// reverse, diamonds, processes that share a name, and `--only` with
// several names, repeats and a name with no close match.

#include <gtest/gtest.h>

#include "supervise/start_order.h"

namespace strata {
namespace {

TEST(StartOrderEdges, ASelfDependencyIsACycle) {
  auto order = start_order({{"a", {"a"}}});
  ASSERT_FALSE(order.ok());
  EXPECT_NE(order.error().message.find("cycle: a"), std::string::npos);
}

TEST(StartOrderEdges, ACycleNamesOnlyWhatCouldNotStart) {
  auto order = start_order({{"ok", {}}, {"x", {"y"}}, {"y", {"z"}}, {"z", {"x"}}});
  ASSERT_FALSE(order.ok());
  EXPECT_NE(order.error().message.find(": x, y, z"), std::string::npos);
  EXPECT_EQ(order.error().message.find("ok"), std::string::npos);
}

TEST(StartOrderEdges, AChainGivenInReverseStartsFromItsEnd) {
  auto order = start_order({{"d", {"c"}}, {"c", {"b"}}, {"b", {"a"}}, {"a", {}}});
  ASSERT_TRUE(order.ok());
  EXPECT_EQ(*order, (std::vector<std::string>{"a", "b", "c", "d"}));
}

TEST(StartOrderEdges, ADiamondStartsItsSharedDependencyOnce) {
  auto order = start_order(
      {{"top", {"left", "right"}}, {"left", {"base"}}, {"right", {"base"}}, {"base", {}}});
  ASSERT_TRUE(order.ok());
  EXPECT_EQ(*order, (std::vector<std::string>{"base", "left", "right", "top"}));
}

TEST(StartOrderEdges, NothingToStartIsAnEmptyOrder) {
  auto order = start_order({});
  ASSERT_TRUE(order.ok());
  EXPECT_TRUE(order->empty());
}

// Two processes of one name (a context called "kafka" beside the broker)
// used to be reported as a cycle with nobody in it.
TEST(StartOrderEdges, TwoProcessesOfOneNameAreNamedAsSuch) {
  auto order = start_order({{"kafka", {}}, {"orders", {"kafka"}}, {"kafka", {}}});
  ASSERT_FALSE(order.ok());
  EXPECT_EQ(order.error().message, "two processes are named 'kafka'");
}

TEST(SelectWithDepsEdges, SeveralNamesAndRepeatsKeepTheGivenOrder) {
  std::vector<StartNode> nodes = {
      {"kafka", {}}, {"orders", {"kafka"}}, {"billing", {}}, {"monolith", {"orders", "billing"}}};
  auto picked = select_with_deps(nodes, {"billing", "orders", "billing"});
  ASSERT_TRUE(picked.ok());
  std::vector<std::string> names;
  for (const auto& n : *picked) names.push_back(n.name);
  EXPECT_EQ(names, (std::vector<std::string>{"kafka", "orders", "billing"}));
}

TEST(SelectWithDepsEdges, TheWholeChainComesIn) {
  std::vector<StartNode> nodes = {{"a", {}}, {"b", {"a"}}, {"c", {"b"}}, {"other", {}}};
  auto picked = select_with_deps(nodes, {"c"});
  ASSERT_TRUE(picked.ok());
  ASSERT_EQ(picked->size(), 3u);
  EXPECT_EQ(picked->back().name, "c");
}

TEST(SelectWithDepsEdges, AFarNameListsEveryProcess) {
  std::vector<StartNode> nodes = {{"kafka", {}}, {"orders", {"kafka"}}};
  auto picked = select_with_deps(nodes, {"zzzzzzzzzz"});
  ASSERT_FALSE(picked.ok());
  EXPECT_EQ(picked.error().hint, "processes here: kafka orders");
}

}  // namespace
}  // namespace strata
