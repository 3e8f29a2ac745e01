#include "exec/scheduler.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <algorithm>
#include <deque>
#include <map>

#include "exec/test_support.h"

namespace strata {
namespace {

using exec_test::make_graph;
using exec_test::TablePort;
using ::testing::ElementsAre;

// Finishes started tasks first-in first-out, one event per wait: first the
// task's output ("out <task>\n"), then its exit code from `exit_codes`.
// Starts and finishes go into the shared log so tests can check ordering.
class FakeRunner : public CommandRunner {
 public:
  explicit FakeRunner(std::vector<std::string>& log) : m_log(log) {}

  std::map<size_t, int> exit_codes;
  std::vector<size_t> started;
  size_t max_running = 0;
  std::vector<bool> aborts;  // the `force` of each abort() call
  int interrupt_count = 0;
  // Called at the start of every wait(), to inject signals.
  std::function<void(FakeRunner&)> on_wait;

  void start(size_t task, const ResolvedCommand&) override {
    m_log.push_back("start " + std::to_string(task));
    started.push_back(task);
    m_active.push_back({task, false});
    max_running = std::max(max_running, m_active.size());
  }
  RunnerEvent wait(int) override {
    if (on_wait) on_wait(*this);
    RunnerEvent e;
    if (m_active.empty()) return e;
    auto& [task, printed] = m_active.front();
    e.task = task;
    if (!printed) {
      printed = true;
      e.kind = RunnerEvent::Kind::k_output;
      e.bytes = "out " + std::to_string(task) + "\n";
      return e;
    }
    e.kind = RunnerEvent::Kind::k_finished;
    e.exit_code = exit_codes.count(task) ? exit_codes[task] : 0;
    m_log.push_back("finish " + std::to_string(task));
    m_active.pop_front();
    return e;
  }
  size_t running() const override { return m_active.size(); }
  int interrupts() const override { return interrupt_count; }
  void abort(bool force) override { aborts.push_back(force); }

 private:
  std::vector<std::string>& m_log;
  std::deque<std::pair<size_t, bool>> m_active;
};

// Keeps every callback so tests can check each task ends exactly once.
class RecordingReporter : public RunReporter {
 public:
  std::vector<size_t> finished;
  std::map<size_t, std::string> output;
  std::vector<size_t> interrupted_with;
  bool summary_seen = false;

  void task_started(size_t) override {}
  void task_output(size_t task, std::string_view bytes) override { output[task] += bytes; }
  void task_finished(size_t task, const TaskOutcome&) override { finished.push_back(task); }
  void interrupted(size_t running) override { interrupted_with.push_back(running); }
  void run_finished(const RunSummary&) override { summary_seen = true; }
};

class SchedulerTest : public ::testing::Test {
 protected:
  void SetUp() override { m_port.default_command = exec_test::shell({"make"}); }

  RunSummary run(const TaskGraph& graph, size_t parallel = 1, bool bail = false) {
    int64_t now = 0;
    SchedulerOptions options;
    options.parallel = parallel;
    options.bail = bail;
    options.weights = weights;
    Scheduler scheduler(graph, m_port, m_runner, m_reporter, options,
                        [now]() mutable { return now += 10; });
    RunSummary summary = scheduler.run();
    EXPECT_TRUE(m_reporter.summary_seen);
    std::vector<size_t> sorted = m_reporter.finished;
    std::sort(sorted.begin(), sorted.end());
    EXPECT_EQ(std::adjacent_find(sorted.begin(), sorted.end()), sorted.end())
        << "a task was reported finished twice";
    EXPECT_EQ(sorted.size(), graph.tasks.size());
    return summary;
  }

  std::vector<int64_t> weights;
  TablePort m_port;
  FakeRunner m_runner{m_port.log};
  RecordingReporter m_reporter;
};

TEST_F(SchedulerTest, RunsAChainInDependencyOrderLookingUpEachTaskWhenItsDepsAreDone) {
  auto graph = make_graph({{"lib:build", {}}, {"app:build", {0}}, {"app:test", {1}}});
  RunSummary summary = run(graph, 4);
  EXPECT_EQ(summary.exit_code, ExitCode::k_ok);
  EXPECT_THAT(m_port.log, ElementsAre("lookup 0", "command 0", "start 0", "finish 0", "store 0 0",
                                      "lookup 1", "command 1", "start 1", "finish 1", "store 1 0",
                                      "lookup 2", "command 2", "start 2", "finish 2", "store 2 0"));
  EXPECT_EQ(summary.tasks[1].terminal_output, "out 1\n");
  EXPECT_EQ(summary.tasks[1].id, "app:build");
  EXPECT_EQ(summary.tasks[1].cache, CacheStatus::k_miss);
  EXPECT_GT(summary.tasks[1].duration_ms, 0);
}

TEST_F(SchedulerTest, NeverRunsMoreThanTheParallelLimit) {
  std::vector<std::pair<std::string, std::vector<size_t>>> spec;
  for (int i = 0; i < 10; ++i) spec.push_back({"p" + std::to_string(i) + ":build", {}});
  RunSummary summary = run(make_graph(spec), 3);
  EXPECT_EQ(m_runner.max_running, 3u);
  EXPECT_EQ(m_runner.started.size(), 10u);
  EXPECT_EQ(summary.count(TaskStatus::k_success), 10u);
}

TEST(RemainingPathCosts, CountsTheLongestChainThroughDependents) {
  // 0 <- 1 <- 2 <- 3 is a chain; 4 and 5 are leaves; 6 depends on 0 and 4.
  auto graph = make_graph({{"a:build", {}},
                           {"b:build", {0}},
                           {"c:build", {1}},
                           {"d:build", {2}},
                           {"e:build", {}},
                           {"f:build", {}},
                           {"g:build", {0, 4}}});
  EXPECT_THAT(remaining_path_costs(graph, {}), ElementsAre(4, 3, 2, 1, 2, 1, 1));
  EXPECT_THAT(remaining_path_costs(graph, {1, 1, 1, 1, 50, 1, 1}),
              ElementsAre(4, 3, 2, 1, 51, 1, 1));
}

TEST_F(SchedulerTest, StartsTheTaskWithTheLongestRemainingPathFirst) {
  // Leaves 0..2 are ready first, in index order; 3 heads a chain of three.
  // First-in first-out would start 0, 1, 2, 3; critical-path order starts 3.
  auto graph = make_graph({{"a:build", {}},
                           {"b:build", {}},
                           {"c:build", {}},
                           {"d:build", {}},
                           {"e:build", {3}},
                           {"f:build", {4}}});
  run(graph, 1);
  // After 3, its dependent 4 (cost 2) outranks the leaves; equal costs start
  // in index order, so 5 (ready last, cost 1) comes after 0, 1, 2.
  EXPECT_THAT(m_runner.started, ElementsAre(3, 4, 0, 1, 2, 5));
}

TEST_F(SchedulerTest, RecordedDurationsOutweighChainLength) {
  // One slow leaf (weight 100) against a chain of three cheap tasks.
  auto graph =
      make_graph({{"a:build", {}}, {"b:build", {0}}, {"c:build", {1}}, {"slow:build", {}}});
  weights = {1, 1, 1, 100};
  run(graph, 1);
  EXPECT_EQ(m_runner.started.front(), 3u);
}

TEST_F(SchedulerTest, AFailureSkipsDependentsTransitivelyButIndependentWorkGoesOn) {
  auto graph = make_graph(
      {{"a:build", {}}, {"b:build", {0}}, {"c:build", {1}}, {"d:build", {}}, {"e:build", {3}}});
  m_runner.exit_codes[0] = 2;
  RunSummary summary = run(graph, 1);
  EXPECT_EQ(summary.exit_code, ExitCode::k_failure);
  EXPECT_THAT(m_runner.started, ElementsAre(0, 3, 4));
  EXPECT_EQ(summary.tasks[0].status, TaskStatus::k_failure);
  EXPECT_EQ(summary.tasks[0].exit_code, 2);
  EXPECT_EQ(summary.tasks[1].status, TaskStatus::k_skipped);
  EXPECT_FALSE(summary.tasks[1].looked_up);
  EXPECT_TRUE(summary.tasks[3].looked_up);
  EXPECT_EQ(summary.tasks[2].status, TaskStatus::k_skipped);
  EXPECT_EQ(summary.tasks[2].blocked_by, 0u);  // the root cause, not the skipped b
  EXPECT_EQ(summary.tasks[4].status, TaskStatus::k_success);
}

TEST_F(SchedulerTest, ATaskWaitsForAllOfItsDependencies) {
  auto graph = make_graph({{"a:build", {}}, {"b:build", {}}, {"c:build", {0, 1}}});
  m_runner.exit_codes[1] = 1;
  RunSummary summary = run(graph, 2);
  EXPECT_THAT(m_runner.started, ElementsAre(0, 1));
  EXPECT_EQ(summary.tasks[2].status, TaskStatus::k_skipped);
  EXPECT_EQ(summary.tasks[2].blocked_by, 1u);
}

TEST_F(SchedulerTest, BailStartsNothingNewAndLetsRunningTasksFinish) {
  auto graph = make_graph({{"a:build", {}}, {"b:build", {}}, {"c:build", {}}, {"d:build", {}}});
  m_runner.exit_codes[0] = 1;
  RunSummary summary = run(graph, 2, true);
  EXPECT_EQ(summary.exit_code, ExitCode::k_failure);
  EXPECT_TRUE(summary.bailed);
  EXPECT_THAT(m_runner.started, ElementsAre(0, 1));
  EXPECT_EQ(summary.tasks[1].status, TaskStatus::k_success);
  EXPECT_EQ(summary.tasks[2].status, TaskStatus::k_cancelled);
  EXPECT_EQ(summary.tasks[3].status, TaskStatus::k_cancelled);
}

TEST_F(SchedulerTest, CacheHitIsReplayedWithoutRunningAndNotStoredAgain) {
  auto graph = make_graph({{"lib:build", {}}, {"app:build", {0}}});
  CacheLookup hit;
  hit.status = CacheStatus::k_hit;
  hit.source = CacheSource::k_remote;
  hit.terminal_output = "recorded\nno newline";
  m_port.hits[0] = hit;
  RunSummary summary = run(graph);
  EXPECT_THAT(m_runner.started, ElementsAre(1));
  EXPECT_EQ(m_reporter.output[0], "recorded\nno newline");
  EXPECT_EQ(summary.tasks[0].cache, CacheStatus::k_hit);
  EXPECT_EQ(summary.tasks[0].cache_source, CacheSource::k_remote);
  EXPECT_EQ(summary.tasks[0].status, TaskStatus::k_success);
  ASSERT_EQ(m_port.stored.size(), 1u);
  EXPECT_EQ(m_port.stored[0].id, "app:build");
}

TEST_F(SchedulerTest, ARecordedFailureReplaysAsAFailure) {
  CacheLookup hit;
  hit.status = CacheStatus::k_hit;
  hit.exit_code = 3;
  m_port.hits[0] = hit;
  RunSummary summary = run(make_graph({{"a:lint", {}}}));
  EXPECT_EQ(summary.tasks[0].status, TaskStatus::k_failure);
  EXPECT_EQ(summary.tasks[0].exit_code, 3);
  EXPECT_EQ(summary.exit_code, ExitCode::k_failure);
}

TEST_F(SchedulerTest, LookupAndCommandErrorsFailTheTaskWithTheirMessage) {
  auto graph = make_graph({{"a:build", {}}, {"b:build", {}}, {"c:build", {1}}});
  m_port.lookup_errors[0] = Error("cannot hash input", {"a/project.json", 3, 7});
  m_port.command_errors[1] = Error("no command");
  RunSummary summary = run(graph);
  EXPECT_TRUE(m_runner.started.empty());
  EXPECT_EQ(summary.tasks[0].status, TaskStatus::k_failure);
  EXPECT_EQ(summary.tasks[0].error->str(), "a/project.json:3:7: cannot hash input");
  EXPECT_EQ(summary.tasks[1].error->message, "no command");
  EXPECT_EQ(summary.tasks[2].status, TaskStatus::k_skipped);
  EXPECT_TRUE(m_port.stored.empty());
}

TEST_F(SchedulerTest, NoopTasksSucceedWithoutRunning) {
  m_port.default_command.noop = true;
  RunSummary summary = run(make_graph({{"a:all", {}}, {"b:all", {0}}}));
  EXPECT_TRUE(m_runner.started.empty());
  EXPECT_EQ(summary.count(TaskStatus::k_success), 2u);
}

TEST_F(SchedulerTest, DisabledCacheIsReportedAsSuch) {
  m_port.miss_status = CacheStatus::k_disabled;
  RunSummary summary = run(make_graph({{"a:serve", {}}}));
  EXPECT_EQ(summary.tasks[0].cache, CacheStatus::k_disabled);
}

TEST_F(SchedulerTest, InterruptAbortsRunningTasksCancelsTheRestAndExits130) {
  auto graph = make_graph({{"a:build", {}}, {"b:build", {}}, {"c:build", {}}});
  m_runner.on_wait = [](FakeRunner& r) { r.interrupt_count = 1; };
  RunSummary summary = run(graph, 2);
  EXPECT_EQ(summary.exit_code, ExitCode::k_interrupted);
  EXPECT_TRUE(summary.interrupted);
  EXPECT_THAT(m_runner.aborts, ElementsAre(false));
  EXPECT_THAT(m_reporter.interrupted_with, ElementsAre(2u));
  EXPECT_THAT(m_runner.started, ElementsAre(0, 1));
  EXPECT_EQ(summary.tasks[2].status, TaskStatus::k_cancelled);
}

TEST_F(SchedulerTest, ASecondInterruptForcesTheAbort) {
  auto graph = make_graph({{"a:build", {}}});
  m_runner.on_wait = [](FakeRunner& r) { ++r.interrupt_count; };
  RunSummary summary = run(graph);
  EXPECT_THAT(m_runner.aborts, ElementsAre(false, true));
  EXPECT_EQ(summary.exit_code, ExitCode::k_interrupted);
}

TEST_F(SchedulerTest, InterruptBeforeAnythingStartedRunsNothing) {
  m_runner.interrupt_count = 1;
  RunSummary summary = run(make_graph({{"a:build", {}}}));
  EXPECT_TRUE(m_port.log.empty());
  EXPECT_EQ(summary.tasks[0].status, TaskStatus::k_cancelled);
  EXPECT_EQ(summary.exit_code, ExitCode::k_interrupted);
}

TEST_F(SchedulerTest, TasksStoppedByAnInterruptAreCancelledNotFailed) {
  auto graph = make_graph({{"a:serve", {}}});
  m_runner.exit_codes[0] = 143;
  m_runner.on_wait = [](FakeRunner& r) { r.interrupt_count = 1; };
  RunSummary summary = run(graph);
  EXPECT_EQ(summary.tasks[0].status, TaskStatus::k_cancelled);
  EXPECT_TRUE(summary.tasks[0].stopped);
  EXPECT_EQ(summary.exit_code, ExitCode::k_interrupted);
  EXPECT_TRUE(m_port.stored.empty());
}

// A task another Strata process runs waits aside while other work goes on,
// and is looked up once it can be claimed (usually a hit by then).
TEST_F(SchedulerTest, ATaskClaimedElsewhereWaitsAndOtherWorkGoesOn) {
  auto graph = make_graph({{"a:build", {}}, {"b:build", {}}, {"c:build", {0}}});
  m_port.busy[0] = 2;
  m_port.log_claims = true;
  SchedulerOptions options;
  options.claim_retry_ms = 1;
  Scheduler scheduler(graph, m_port, m_runner, m_reporter, options, [] { return int64_t{0}; });
  RunSummary summary = scheduler.run();
  EXPECT_EQ(summary.count(TaskStatus::k_success), 3u);
  EXPECT_THAT(m_runner.started, ElementsAre(1, 0, 2));
  auto at = [&](const std::string& line) {
    return std::find(m_port.log.begin(), m_port.log.end(), line) - m_port.log.begin();
  };
  EXPECT_LT(at("busy 0"), at("lookup 1"));
  EXPECT_LT(at("claim 0"), at("lookup 0"));
  EXPECT_LT(at("lookup 0"), at("release 0"));
  EXPECT_EQ(std::count(m_port.log.begin(), m_port.log.end(), "release 0"), 1);
  EXPECT_EQ(std::count(m_port.log.begin(), m_port.log.end(), "release 2"), 1);
}

TEST_F(SchedulerTest, AClaimNeverGrantedEndsCancelledOnInterrupt) {
  auto graph = make_graph({{"a:build", {}}});
  m_port.busy[0] = 1000000;
  // Ctrl-C while waiting for the other process.
  m_port.on_busy = [&] { m_runner.interrupt_count = 1; };
  SchedulerOptions options;
  options.claim_retry_ms = 1;
  Scheduler scheduler(graph, m_port, m_runner, m_reporter, options, [] { return int64_t{0}; });
  RunSummary summary = scheduler.run();
  EXPECT_EQ(summary.tasks[0].status, TaskStatus::k_cancelled);
  EXPECT_EQ(summary.exit_code, ExitCode::k_interrupted);
  EXPECT_TRUE(m_runner.started.empty());
}

TEST_F(SchedulerTest, AStoreErrorFailsTheTask) {
  m_port.store_errors[0] =
      Error("output 'dist' leads outside the workspace through a symbolic link");
  RunSummary summary = run(make_graph({{"a:build", {}}, {"b:build", {0}}}));
  EXPECT_EQ(summary.tasks[0].status, TaskStatus::k_failure);
  ASSERT_TRUE(summary.tasks[0].error);
  EXPECT_THAT(summary.tasks[0].error->message, ::testing::HasSubstr("outside the workspace"));
  EXPECT_EQ(summary.tasks[1].status, TaskStatus::k_skipped);
}

TEST_F(SchedulerTest, ALongChainOfSkipsDoesNotRecurse) {
  std::vector<std::pair<std::string, std::vector<size_t>>> spec = {{"p0:build", {}}};
  for (size_t i = 1; i < 100000; ++i) spec.push_back({"p" + std::to_string(i) + ":build", {i - 1}});
  m_runner.exit_codes[0] = 1;
  RunSummary summary = run(make_graph(spec));
  EXPECT_EQ(summary.count(TaskStatus::k_skipped), 99999u);
}

TEST_F(SchedulerTest, EmptyGraphSucceeds) {
  RunSummary summary = run(make_graph({}));
  EXPECT_EQ(summary.exit_code, ExitCode::k_ok);
  EXPECT_TRUE(summary.tasks.empty());
}

}  // namespace
}  // namespace strata
