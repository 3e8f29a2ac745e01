#include "supervise/start_order.h"

#include <gtest/gtest.h>

namespace strata {
namespace {

std::vector<StartNode> sample() {
  return {
      {"monolith", {"orders", "billing"}}, {"kafka", {}}, {"orders", {}}, {"billing", {"kafka"}}};
}

TEST(StartOrder, DependenciesComeFirstAndTiesKeepTheGivenOrder) {
  auto order = start_order(sample());
  ASSERT_TRUE(order.ok()) << order.error().message;
  EXPECT_EQ(*order, (std::vector<std::string>{"kafka", "orders", "billing", "monolith"}));
}

TEST(StartOrder, ACycleIsAnErrorNamingItsMembers) {
  auto order = start_order({{"a", {"b"}}, {"b", {"a"}}, {"c", {}}});
  ASSERT_FALSE(order.ok());
  EXPECT_NE(order.error().message.find("a, b"), std::string::npos);
}

TEST(StartOrder, AnUnknownDependencyIsAnError) {
  auto order = start_order({{"a", {"ghost"}}});
  ASSERT_FALSE(order.ok());
  EXPECT_NE(order.error().message.find("ghost"), std::string::npos);
}

TEST(SelectWithDeps, BringsInWhatTheNamedProcessesNeed) {
  auto picked = select_with_deps(sample(), {"billing"});
  ASSERT_TRUE(picked.ok());
  ASSERT_EQ(picked->size(), 2u);
  EXPECT_EQ((*picked)[0].name, "kafka");
  EXPECT_EQ((*picked)[1].name, "billing");
}

TEST(SelectWithDeps, AnUnknownNameSuggestsTheClosest) {
  auto picked = select_with_deps(sample(), {"ordres"});
  ASSERT_FALSE(picked.ok());
  EXPECT_EQ(picked.error().message, "unknown process 'ordres'");
  EXPECT_NE(picked.error().hint.find("orders"), std::string::npos);
}

}  // namespace
}  // namespace strata
