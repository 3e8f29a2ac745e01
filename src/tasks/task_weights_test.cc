#include "tasks/task_weights.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <map>
#include <string>
#include <unordered_map>

namespace strata {
namespace {

using ::testing::ElementsAre;

TaskGraph tasks_named(const std::vector<std::string>& ids) {
  TaskGraph g;
  for (const auto& id : ids) {
    Task t;
    t.id = id;
    g.index[id] = g.tasks.size();
    g.tasks.push_back(std::move(t));
  }
  return g;
}

TEST(WeightsFromDurations, NothingMeasuredWeighsEveryTaskOne) {
  bool measured = true;
  auto w = weights_from_durations(tasks_named({"a:build", "b:build"}),
                                  std::map<std::string, int64_t>{{"other:build", 50}}, &measured);
  EXPECT_THAT(w, ElementsAre(1, 1));
  EXPECT_FALSE(measured);
}

TEST(WeightsFromDurations, AnUnmeasuredTaskWeighsTheMedianOfTheMeasured) {
  bool measured = false;
  std::unordered_map<std::string, int64_t> d{{"a:build", 10}, {"b:build", 300}, {"c:build", 40}};
  auto w = weights_from_durations(tasks_named({"a:build", "new:build", "b:build", "c:build"}), d,
                                  &measured);
  EXPECT_THAT(w, ElementsAre(10, 40, 300, 40));
  EXPECT_TRUE(measured);
}

// A task recorded at 0 ms (faster than the clock) still costs something, so
// a chain of instant tasks is not weightless beside one measured task.
TEST(WeightsFromDurations, ZeroAndNegativeDurationsCountAsOne) {
  auto w = weights_from_durations(tasks_named({"a:x", "b:x"}),
                                  std::map<std::string, int64_t>{{"a:x", 0}, {"b:x", -5}});
  EXPECT_THAT(w, ElementsAre(1, 1));
}

TEST(WeightsFromDurations, AnEmptyGraphHasNoWeights) {
  bool measured = true;
  EXPECT_TRUE(
      weights_from_durations(TaskGraph{}, std::map<std::string, int64_t>{}, &measured).empty());
  EXPECT_FALSE(measured);
}

}  // namespace
}  // namespace strata
