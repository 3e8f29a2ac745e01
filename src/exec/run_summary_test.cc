#include "exec/run_summary.h"

#include <gtest/gtest.h>

#include "exec/test_support.h"

namespace strata {
namespace {

using exec_test::make_graph;

TaskOutcome outcome(const std::string& id, TaskStatus status) {
  TaskOutcome t;
  t.id = id;
  t.status = status;
  return t;
}

TEST(RunSummary, FormatsDurations) {
  EXPECT_EQ(format_duration(0), "0ms");
  EXPECT_EQ(format_duration(999), "999ms");
  EXPECT_EQ(format_duration(1250), "1.2s");
  EXPECT_EQ(format_duration(125'000), "2m 05s");
}

TEST(RunSummary, SuccessCountsProjectsDependenciesAndCacheHits) {
  TaskGraph graph = make_graph({{"lib:build", {}}, {"a:build", {0}}, {"b:build", {0}}});
  graph.requested = {1, 2};
  RunSummary summary;
  summary.tasks = {outcome("lib:build", TaskStatus::k_success),
                   outcome("a:build", TaskStatus::k_success),
                   outcome("b:build", TaskStatus::k_success)};
  summary.tasks[0].cache = CacheStatus::k_hit;
  EXPECT_EQ(
      totals_text(graph, summary),
      "Successfully ran target build for 2 projects and 1 task they depend on (1 from cache)\n");
}

TEST(RunSummary, NamesEveryRequestedTarget) {
  TaskGraph graph = make_graph({{"a:build", {}}, {"a:test", {}}});
  RunSummary summary;
  summary.tasks = {outcome("a:build", TaskStatus::k_success),
                   outcome("a:test", TaskStatus::k_success)};
  EXPECT_EQ(totals_text(graph, summary), "Successfully ran targets build, test for 1 project\n");
}

TEST(RunSummary, FailureListsCountsAndFailedTasks) {
  TaskGraph graph = make_graph({{"a:build", {}}, {"b:build", {0}}, {"c:build", {}}});
  RunSummary summary;
  summary.tasks = {outcome("a:build", TaskStatus::k_failure),
                   outcome("b:build", TaskStatus::k_skipped),
                   outcome("c:build", TaskStatus::k_cancelled)};
  summary.tasks[0].error = Error("cannot hash");
  summary.tasks[1].blocked_by = 0;
  summary.exit_code = ExitCode::k_failure;
  EXPECT_EQ(totals_text(graph, summary),
            "Ran target build for 3 projects: 1 failed, 1 skipped, 1 not started\n"
            "Failed tasks:\n- a:build (cannot hash)\n");
  EXPECT_EQ(outcome_line(summary, 1), "  skipped    b:build  (a:build failed)");
  EXPECT_EQ(outcome_line(summary, 2), "  cancelled  c:build  (not started)");
}

TEST(RunSummary, InterruptedRunSaysSo) {
  TaskGraph graph = make_graph({{"a:serve", {}}});
  RunSummary summary;
  summary.tasks = {outcome("a:serve", TaskStatus::k_cancelled)};
  summary.tasks[0].exit_code = 143;
  summary.tasks[0].stopped = true;
  summary.interrupted = true;
  summary.exit_code = ExitCode::k_interrupted;
  EXPECT_EQ(totals_text(graph, summary),
            "Interrupted while running target serve for 1 project: 1 cancelled\n");
  EXPECT_EQ(outcome_line(summary, 0), "  cancelled  a:serve  (stopped)");
  EXPECT_EQ(to_json(summary, false)["tasks"][0]["status"], "cancelled");
}

TEST(RunSummary, JsonCarriesPerTaskDetail) {
  RunSummary summary;
  summary.tasks = {outcome("a:build", TaskStatus::k_success),
                   outcome("b:build", TaskStatus::k_skipped)};
  summary.tasks[0].looked_up = true;
  summary.tasks[0].cache = CacheStatus::k_hit;
  summary.tasks[0].cache_source = CacheSource::k_local;
  summary.tasks[0].duration_ms = 12;
  summary.tasks[0].terminal_output = "hi\n";
  summary.tasks[1].blocked_by = 0;
  summary.exit_code = ExitCode::k_failure;
  nlohmann::json j = to_json(summary, true);
  EXPECT_EQ(j["exitCode"], 1);
  EXPECT_EQ(j["tasks"][0]["id"], "a:build");
  EXPECT_EQ(j["tasks"][0]["status"], "success");
  EXPECT_EQ(j["tasks"][0]["cache"], "hit");
  EXPECT_EQ(j["tasks"][0]["cacheSource"], "local");
  EXPECT_EQ(j["tasks"][0]["durationMs"], 12);
  EXPECT_EQ(j["tasks"][0]["output"], "hi\n");
  EXPECT_EQ(j["tasks"][1]["status"], "skipped");
  EXPECT_EQ(j["tasks"][1]["blockedBy"], "a:build");
  EXPECT_FALSE(j["tasks"][1].contains("cache")) << "never looked up";
  EXPECT_FALSE(to_json(summary, false)["tasks"][0].contains("output"));
}

}  // namespace
}  // namespace strata
