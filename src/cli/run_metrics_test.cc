#include "cli/run_metrics.h"

#include <gtest/gtest.h>
#include <stdlib.h>

#include "monitor/metrics_store.h"
#include "util/temp_dir.h"

namespace strata::cli {
namespace {

using testutil::TempDir;

// Sets an environment variable for the life of the object.
class ScopedEnv {
 public:
  ScopedEnv(const char* name, const char* value) : m_name(name) {
    if (const char* old = std::getenv(name)) m_old = old;
    ::setenv(name, value, 1);
  }
  ~ScopedEnv() {
    if (m_old)
      ::setenv(m_name, m_old->c_str(), 1);
    else
      ::unsetenv(m_name);
  }

 private:
  const char* m_name;
  std::optional<std::string> m_old;
};

struct RecordedRun {
  TaskGraph graph;
  RunSummary summary;

  TaskOutcome& add(const std::string& project, const std::string& target, TaskStatus status,
                   int64_t ms) {
    Task t;
    t.id = project + ":" + target;
    t.project = project;
    t.target = target;
    graph.index[t.id] = graph.tasks.size();
    graph.tasks.push_back(t);
    TaskOutcome o;
    o.id = t.id;
    o.status = status;
    o.duration_ms = ms;
    summary.tasks.push_back(o);
    return summary.tasks.back();
  }
};

Workspace workspace_at(const TempDir& t) {
  Workspace ws;
  ws.root = t.root();
  return ws;
}

std::vector<monitor::Sample> stored(const Workspace& ws) {
  auto store = monitor::MetricsStore::open(monitor::metrics_path(ws.root), false);
  if (!store) return {};
  auto rows = store->select({});
  return rows ? *rows : std::vector<monitor::Sample>{};
}

TEST(RunMetrics, OnlyTasksThatRanOrWereRestoredAreRecorded) {
  TempDir t;
  Workspace ws = workspace_at(t);
  RecordedRun run;
  run.add("web", "build", TaskStatus::k_success, 120);
  run.add("web", "test", TaskStatus::k_failure, 30);
  run.add("web", "lint", TaskStatus::k_skipped, 0);
  run.add("api", "build", TaskStatus::k_cancelled, 0);
  record_run_metrics(ws, run.graph, run.summary, 1'700'000'000'000);
  auto rows = stored(ws);
  ASSERT_EQ(rows.size(), 2u);
  EXPECT_EQ(rows[0].subject, "web:build");
  EXPECT_EQ(rows[0].kind, monitor::RecordKind::k_build);
  EXPECT_EQ(rows[0].duration_ms, 120);
  EXPECT_EQ(rows[0].outcome, "success");
  EXPECT_EQ(rows[0].started_ms, 1'700'000'000'000);
  EXPECT_EQ(rows[1].subject, "web:test");
  EXPECT_EQ(rows[1].kind, monitor::RecordKind::k_test);
  EXPECT_EQ(rows[1].outcome, "failure");
  EXPECT_EQ(rows[0].run_id, rows[1].run_id);
  EXPECT_TRUE(rows[0].run_id.starts_with("1700000000000-"));
}

TEST(RunMetrics, TheCacheColumnSaysWhereAHitCameFrom) {
  TempDir t;
  Workspace ws = workspace_at(t);
  RecordedRun run;
  run.add("a", "x", TaskStatus::k_success, 1);  // not looked up
  TaskOutcome& miss = run.add("b", "x", TaskStatus::k_success, 1);
  miss.looked_up = true;
  miss.cache = CacheStatus::k_miss;
  TaskOutcome& local = run.add("c", "x", TaskStatus::k_success, 1);
  local.looked_up = true;
  local.cache = CacheStatus::k_hit;
  local.cache_source = CacheSource::k_local;
  TaskOutcome& remote = run.add("d", "x", TaskStatus::k_success, 1);
  remote.looked_up = true;
  remote.cache = CacheStatus::k_hit;
  remote.cache_source = CacheSource::k_remote;
  TaskOutcome& off = run.add("e", "x", TaskStatus::k_success, 1);
  off.looked_up = true;
  off.cache = CacheStatus::k_disabled;
  record_run_metrics(ws, run.graph, run.summary, 1);
  std::vector<std::string> caches;
  for (const auto& r : stored(ws)) caches.push_back(r.cache);
  EXPECT_EQ(caches, (std::vector<std::string>{"", "miss", "local", "remote", ""}));
}

TEST(RunMetrics, MetricsZeroTurnsRecordingOff) {
  TempDir t;
  Workspace ws = workspace_at(t);
  RecordedRun run;
  run.add("web", "build", TaskStatus::k_success, 5);
  {
    ScopedEnv off("STRATA_METRICS", "0");
    record_run_metrics(ws, run.graph, run.summary, 1);
  }
  EXPECT_FALSE(t.exists(".strata/metrics.db"));
  ScopedEnv on("STRATA_METRICS", "1");
  record_run_metrics(ws, run.graph, run.summary, 1);
  EXPECT_EQ(stored(ws).size(), 1u);
}

TEST(RunMetrics, AnEmptyRunWritesNothing) {
  TempDir t;
  Workspace ws = workspace_at(t);
  RecordedRun run;
  record_run_metrics(ws, run.graph, run.summary, 1);
  EXPECT_FALSE(t.exists(".strata"));
}

TEST(RunMetrics, OutcomesBeyondTheGraphAreIgnored) {
  TempDir t;
  Workspace ws = workspace_at(t);
  RecordedRun run;
  run.add("web", "build", TaskStatus::k_success, 5);
  run.summary.tasks.push_back(run.summary.tasks[0]);  // one more outcome than tasks
  record_run_metrics(ws, run.graph, run.summary, 1);
  EXPECT_EQ(stored(ws).size(), 1u);
}

TEST(RunMetrics, AFailureToWriteIsAWarningNotAnError) {
  TempDir t;
  Workspace ws = workspace_at(t);
  t.mkdir(".strata/metrics.db");  // a directory where the database should be
  RecordedRun run;
  run.add("web", "build", TaskStatus::k_success, 5);
  testing::internal::CaptureStderr();
  record_run_metrics(ws, run.graph, run.summary, 1);
  std::string err = testing::internal::GetCapturedStderr();
  EXPECT_NE(err.find("strata: warning: performance metrics not recorded"), std::string::npos)
      << err;
}

TEST(RecordedDurations, WithoutADatabaseThereAreNoneAndNoneIsCreated) {
  TempDir t;
  Workspace ws = workspace_at(t);
  EXPECT_TRUE(recorded_durations(ws).empty());
  EXPECT_FALSE(t.exists(".strata/metrics.db"));
}

TEST(RecordedDurations, MedianOfExecutedRunsCacheHitsLeftOut) {
  TempDir t;
  Workspace ws = workspace_at(t);
  int64_t started = 1000;
  for (int64_t ms : {10, 40, 20}) {
    RecordedRun run;
    run.add("web", "build", TaskStatus::k_success, ms);
    record_run_metrics(ws, run.graph, run.summary, started++);
  }
  RecordedRun hit;
  TaskOutcome& o = hit.add("web", "build", TaskStatus::k_success, 1);
  o.looked_up = true;
  o.cache = CacheStatus::k_hit;
  o.cache_source = CacheSource::k_local;
  hit.add("api", "test", TaskStatus::k_failure, 999);
  record_run_metrics(ws, hit.graph, hit.summary, started++);
  auto durations = recorded_durations(ws);
  EXPECT_EQ(durations, (std::map<std::string, int64_t>{{"web:build", 20}}));
}

}  // namespace
}  // namespace strata::cli

namespace strata::cli {
namespace {

// The scheduler's costs come from earlier runs that executed each task;
// a restore says nothing about what running costs.
TEST(ExpectedCosts, ComeFromRunsThatExecutedAndFillTheUnmeasuredWithTheMedian) {
  TempDir t;
  Workspace ws = workspace_at(t);
  RecordedRun first;
  first.add("slow", "build", TaskStatus::k_success, 900);
  first.add("mid", "build", TaskStatus::k_success, 60);
  first.add("fast", "build", TaskStatus::k_success, 5);
  record_run_metrics(ws, first.graph, first.summary, 1);
  RecordedRun restored;
  TaskOutcome& hit = restored.add("fast", "build", TaskStatus::k_success, 2000);
  hit.looked_up = true;
  hit.cache = CacheStatus::k_hit;
  hit.cache_source = CacheSource::k_local;
  record_run_metrics(ws, restored.graph, restored.summary, 2);

  RecordedRun next;
  next.add("fast", "build", TaskStatus::k_success, 0);
  next.add("new", "build", TaskStatus::k_success, 0);
  next.add("slow", "build", TaskStatus::k_success, 0);
  next.add("mid", "build", TaskStatus::k_success, 0);
  EXPECT_EQ(expected_costs(ws, next.graph, 2), (std::vector<int64_t>{5, 60, 900, 60}));
}

TEST(ExpectedCosts, NoneWhenEveryTaskRunsAtOnceOrNothingWasRecorded) {
  TempDir t;
  Workspace ws = workspace_at(t);
  RecordedRun run;
  run.add("a", "build", TaskStatus::k_success, 30);
  run.add("b", "build", TaskStatus::k_success, 70);
  EXPECT_TRUE(expected_costs(ws, run.graph, 1).empty());  // no metrics.db yet
  EXPECT_FALSE(t.exists(".strata/metrics.db"));           // and asking made none
  record_run_metrics(ws, run.graph, run.summary, 1);
  EXPECT_TRUE(expected_costs(ws, run.graph, 2).empty());  // two slots, two tasks
  EXPECT_EQ(expected_costs(ws, run.graph, 1), (std::vector<int64_t>{30, 70}));
  RecordedRun other;
  other.add("c", "build", TaskStatus::k_success, 0);
  other.add("d", "build", TaskStatus::k_success, 0);
  EXPECT_TRUE(expected_costs(ws, other.graph, 1).empty());  // none of them measured
}

}  // namespace
}  // namespace strata::cli
