#include "boundary/cycles.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

namespace strata {
namespace {

using ::testing::ElementsAre;
using ::testing::IsEmpty;
using Cycle = std::vector<int>;

TEST(Cycles, NoneInADag) { EXPECT_THAT(feedback_cycles({{1, 2}, {2}, {}}), IsEmpty()); }

TEST(Cycles, StrongComponents) {
  auto comp = strong_components({{1}, {0, 2}, {3}, {2}, {}});
  EXPECT_EQ(comp[0], comp[1]);
  EXPECT_EQ(comp[2], comp[3]);
  EXPECT_NE(comp[0], comp[2]);
  EXPECT_NE(comp[4], comp[0]);
}

TEST(Cycles, TheLightEdgeIsTheOneReported) {
  // 0 -> 1 is made of many imports, 1 -> 0 of one: cutting 1 -> 0 is cheap.
  EXPECT_THAT(feedback_cycles({{1}, {0}}, {{50}, {1}}), ElementsAre(Cycle{1, 0, 1}));
  EXPECT_THAT(feedback_cycles({{1}, {0}}, {{1}, {50}}), ElementsAre(Cycle{0, 1, 0}));
}

TEST(Cycles, OneFeedbackEdgeBreaksSeveralCycles) {
  // 0 -> 1 -> 2 -> 0 and 0 -> 2 -> 0: the one edge 2 -> 0 closes both.
  EXPECT_THAT(feedback_cycles({{1, 2}, {2}, {0}}, {{5, 5}, {5}, {1}}), ElementsAre(Cycle{2, 0, 2}));
}

TEST(Cycles, EveryComponentIsReported) {
  auto cycles = feedback_cycles({{1}, {0}, {3}, {2}, {4}});
  EXPECT_EQ(cycles.size(), 2u);
  for (const auto& c : cycles) EXPECT_EQ(c.front(), c.back());
}

TEST(Cycles, CuttingEveryReportedEdgeLeavesNoCycle) {
  std::vector<std::vector<int>> adj = {{1, 3}, {2}, {0, 3}, {4}, {1, 5}, {3}};
  for (const auto& c : feedback_cycles(adj)) {
    auto& list = adj[c[0]];
    list.erase(std::find(list.begin(), list.end(), c[1]));
  }
  EXPECT_THAT(feedback_cycles(adj), IsEmpty());
}

}  // namespace
}  // namespace strata
