#include "tasks/shard.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

namespace strata {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;

// A task graph written directly: ids in graph order, deps by id.
TaskGraph graph_of(const std::vector<std::pair<std::string, std::vector<std::string>>>& tasks) {
  TaskGraph g;
  for (const auto& [id, deps] : tasks) {
    Task t;
    t.id = id;
    t.project = id.substr(0, id.find(':'));
    t.target = id.substr(id.find(':') + 1);
    for (const auto& d : deps) t.deps.push_back(g.index.at(d));
    g.index[id] = g.tasks.size();
    g.requested.push_back(g.tasks.size());
    g.tasks.push_back(std::move(t));
  }
  return g;
}

std::vector<std::string> ids(const TaskGraph& g) {
  std::vector<std::string> out;
  for (const auto& t : g.tasks) out.push_back(t.id);
  return out;
}

TEST(ParseShard, AcceptsKOfN) {
  auto s = parse_shard("2/4");
  ASSERT_TRUE(s);
  EXPECT_EQ(s->index, 2u);
  EXPECT_EQ(s->count, 4u);
  EXPECT_TRUE(parse_shard("1/1"));
}

TEST(ParseShard, RefusesOutOfRangeAndMalformed) {
  for (const char* bad :
       {"0/2", "3/2", "x", "1/0", "1/", "/2", "-1/2", "1/2/3", "a/b", " 1/2", ""}) {
    auto s = parse_shard(bad);
    ASSERT_FALSE(s) << bad;
    EXPECT_THAT(s.error().message, HasSubstr("expected K/N")) << bad;
  }
}

TEST(PlanShards, KeepsChainsTogetherAndBalancesByCount) {
  auto g = graph_of({{"a:build", {}},
                     {"a:test", {"a:build"}},
                     {"a:lint", {"a:build"}},
                     {"b:build", {}},
                     {"c:build", {}},
                     {"d:build", {}}});
  ShardPlan plan = plan_shards(g, 2, {});
  EXPECT_FALSE(plan.by_duration);
  EXPECT_EQ(plan.owner[0], plan.owner[1]);
  EXPECT_EQ(plan.owner[0], plan.owner[2]);
  EXPECT_THAT(plan.load, ElementsAre(3, 3));
}

TEST(PlanShards, BalancesByRecordedDurations) {
  auto g = graph_of({{"a:build", {}}, {"b:build", {}}, {"c:build", {}}, {"d:build", {}}});
  ShardPlan plan =
      plan_shards(g, 2, {{"a:build", 900}, {"b:build", 300}, {"c:build", 300}, {"d:build", 300}});
  EXPECT_TRUE(plan.by_duration);
  EXPECT_NE(plan.owner[0], plan.owner[1]);
  EXPECT_EQ(plan.owner[1], plan.owner[2]);
  EXPECT_EQ(plan.owner[2], plan.owner[3]);
}

TEST(PlanShards, TaskWithoutDurationWeighsTheMedian) {
  auto g = graph_of({{"a:build", {}}, {"b:build", {}}, {"c:build", {}}});
  ShardPlan plan = plan_shards(g, 2, {{"a:build", 100}, {"b:build", 500}});
  // c weighs 500 (median of 100 and 500 picks the upper), so it goes alone
  // with a or alone against b.
  EXPECT_EQ(plan.load[0] + plan.load[1], 1100);
}

TEST(PlanShards, CutsAPartHeavierThanAFairShareAtItsFinalTasks) {
  auto g = graph_of({{"lib:build", {}},
                     {"a:build", {"lib:build"}},
                     {"b:build", {"lib:build"}},
                     {"c:build", {"lib:build"}},
                     {"d:build", {"lib:build"}}});
  ShardPlan plan = plan_shards(g, 2, {});
  TaskGraph first = shard_graph(g, plan, 0);
  TaskGraph second = shard_graph(g, plan, 1);
  EXPECT_FALSE(first.tasks.empty());
  EXPECT_FALSE(second.tasks.empty());
  // Each shard also runs the shared dependency its tasks need.
  EXPECT_EQ(first.tasks.front().id, "lib:build");
  EXPECT_EQ(second.tasks.front().id, "lib:build");
}

TEST(PlanShards, EveryTaskHasOneOwnerAndPlansAreDeterministic) {
  auto g = graph_of({{"a:build", {}},
                     {"b:build", {"a:build"}},
                     {"c:build", {}},
                     {"d:build", {"c:build"}},
                     {"e:build", {}},
                     {"f:build", {"e:build", "c:build"}}});
  for (size_t n : {1u, 2u, 3u, 4u, 7u}) {
    ShardPlan one = plan_shards(g, n, {{"a:build", 40}});
    ShardPlan two = plan_shards(g, n, {{"a:build", 40}});
    EXPECT_EQ(one.owner, two.owner);
    EXPECT_EQ(one.fingerprint, two.fingerprint);
    size_t owned = 0;
    for (size_t k = 0; k < n; ++k) {
      TaskGraph s = shard_graph(g, one, k);
      for (size_t i = 0; i < g.tasks.size(); ++i) owned += one.owner[i] == k;
      for (const auto& t : s.tasks)
        for (size_t d : t.deps) EXPECT_LT(d, s.index.at(t.id)) << "dependencies come first";
    }
    EXPECT_EQ(owned, g.tasks.size());
  }
}

TEST(ShardGraph, KeepsOwnedTasksTheirDependenciesAndReindexes) {
  auto g = graph_of({{"a:build", {}}, {"b:build", {}}, {"b:test", {"b:build", "a:build"}}});
  ShardPlan plan;
  plan.owner = {0, 0, 1};
  plan.load = {2, 1};
  TaskGraph s = shard_graph(g, plan, 1);
  EXPECT_THAT(ids(s), ElementsAre("a:build", "b:build", "b:test"));
  EXPECT_THAT(s.tasks[2].deps, ElementsAre(1, 0));
  EXPECT_THAT(s.requested, ElementsAre(2));
  TaskGraph s0 = shard_graph(g, plan, 0);
  EXPECT_THAT(ids(s0), ElementsAre("a:build", "b:build"));
}

TEST(PlanShards, MoreShardsThanTasksLeavesSomeEmpty) {
  auto g = graph_of({{"a:build", {}}});
  ShardPlan plan = plan_shards(g, 3, {});
  EXPECT_EQ(plan.owner[0], 0u);
  EXPECT_TRUE(shard_graph(g, plan, 2).tasks.empty());
}

}  // namespace
}  // namespace strata
