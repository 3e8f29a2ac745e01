// `strata stats --since`: spans and dates select runs by their start, and a
// date the calendar lacks or a span the clock cannot hold is a usage error
// (exit 2) naming the accepted forms, not a silently moved window.

#include <gtest/gtest.h>

#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "cli/command_test_support.h"
#include "monitor/metrics_store.h"
#include "util/temp_dir.h"

namespace strata::cli {
namespace {

using nlohmann::json;
using Output = testsupport::CommandOutput;

struct Workspace {
  testutil::TempDir dir;
  Workspace() { dir.write("strata.json", "{}"); }

  void record(const std::string& subject, int64_t started_ms) {
    auto store = monitor::MetricsStore::open(monitor::metrics_path(dir.root()));
    ASSERT_TRUE(store.ok()) << store.error().str();
    monitor::Sample s;
    s.subject = subject;
    s.project = subject.substr(0, subject.find(':'));
    s.target = subject.substr(subject.find(':') + 1);
    s.started_ms = started_ms;
    s.duration_ms = 10;
    s.outcome = "success";
    s.cache = "miss";
    ASSERT_TRUE(store->append({s}).ok());
  }
  Output run(std::vector<std::string> args) {
    return testsupport::run_in(dir.root(), {"stats"}, args);
  }
};

constexpr int64_t k_day_ms = 86'400'000;
constexpr int64_t k_2026_03_01 = 1'772'323'200'000;  // 2026-03-01T00:00:00Z

TEST(StatsSince, ADateSelectsRunsFromItsMidnightUtc) {
  Workspace w;
  w.record("web:build", k_2026_03_01 - 1);
  w.record("api:build", k_2026_03_01);
  w.record("ui:build", k_2026_03_01 + k_day_ms);
  Output o = w.run({"--json", "--since", "2026-03-01"});
  ASSERT_EQ(o.code, 0) << o.err;
  json tasks = json::parse(o.out)["tasks"];
  ASSERT_EQ(tasks.size(), 2u) << o.out;
  EXPECT_EQ(tasks[0]["id"], "api:build");
  EXPECT_EQ(tasks[1]["id"], "ui:build");
}

TEST(StatsSince, ADayTheMonthLacksIsAUsageError) {
  Workspace w;
  w.record("web:build", k_2026_03_01 + 1);
  for (const char* day : {"2026-02-29", "2026-02-30", "2026-04-31"}) {
    Output o = w.run({"--json", "--since", day});
    EXPECT_EQ(o.code, 2) << day << ": " << o.out;
    EXPECT_NE(o.err.find("expected a span (7d, 12h, 30m) or a date"), std::string::npos) << o.err;
    EXPECT_EQ(o.out, "") << day;
  }
}

TEST(StatsSince, ASpanBeyondTheClockIsAUsageError) {
  Workspace w;
  Output o = w.run({"--since", "999999999999999d"});
  EXPECT_EQ(o.code, 2);
  EXPECT_NE(o.err.find("strata: error: --since 999999999999999d"), std::string::npos) << o.err;
}

}  // namespace
}  // namespace strata::cli
