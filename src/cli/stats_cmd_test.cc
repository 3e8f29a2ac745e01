// `strata stats` run in-process on a workspace whose metrics database is
// filled through the monitor's store: the table, JSON, HTML and --check.

#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "cli/command.h"
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
  int64_t m_time = 1'765'000'000'000;  // runs are a minute apart, across calls too

  // `durations` runs of `subject`, each a minute after the one before.
  void record(const std::string& subject, const std::vector<int64_t>& durations) {
    auto store = monitor::MetricsStore::open(monitor::metrics_path(dir.root()));
    ASSERT_TRUE(store.ok()) << store.error().str();
    std::vector<monitor::Sample> rows;
    for (int64_t ms : durations) {
      monitor::Sample s;
      s.subject = subject;
      s.project = subject.substr(0, subject.find(':'));
      s.target = subject.substr(subject.find(':') + 1);
      s.started_ms = m_time += 60'000;
      s.duration_ms = ms;
      s.outcome = "success";
      s.cache = "miss";
      rows.push_back(s);
    }
    ASSERT_TRUE(store->append(rows).ok());
  }

  Output run(std::vector<std::string> args) {
    return testsupport::run_in(dir.root(), {"stats"}, args);
  }
};

TEST(StatsCommand, WithoutADatabaseTheReportIsEmptyNotAnError) {
  Workspace w;
  Output o = w.run({"--json"});
  EXPECT_EQ(o.code, 0) << o.err;
  EXPECT_EQ(json::parse(o.out)["tasks"], json::array());
  EXPECT_FALSE(w.dir.exists(".strata/metrics.db"));
}

TEST(StatsCommand, FiltersByProjectAndTarget) {
  Workspace w;
  w.record("web:build", {100, 110});
  w.record("api:test", {50});
  json j = json::parse(w.run({"--json", "--project", "web"}).out);
  ASSERT_EQ(j["tasks"].size(), 1u);
  EXPECT_EQ(j["tasks"][0]["id"], "web:build");
  EXPECT_EQ(json::parse(w.run({"--json", "--target", "test"}).out)["tasks"].size(), 1u);
}

TEST(StatsCommand, ABadSinceIsAUsageError) {
  Workspace w;
  Output o = w.run({"--since", "yesterday"});
  EXPECT_EQ(o.code, 2);
  EXPECT_NE(o.err.find("strata: error: "), std::string::npos) << o.err;
}

TEST(StatsCommand, CheckFailsOnlyWhenATaskGotSlower) {
  Workspace w;
  w.record("web:build", {100, 100, 100, 100, 100, 100, 100, 100});
  Output steady = w.run({"--check"});
  EXPECT_EQ(steady.code, 0) << steady.err;
  w.record("web:build", {900, 950, 1000});
  Output slower = w.run({"--check"});
  EXPECT_EQ(slower.code, 1);
  EXPECT_NE(slower.err.find("strata: error: web:build got slower"), std::string::npos)
      << slower.err;
  EXPECT_EQ(w.run({}).code, 0);  // without --check it only reports
}

TEST(StatsCommand, HtmlIsWrittenUnderTheMinusCDirectory) {
  Workspace w;
  w.record("web:build", {100});
  std::string rel = "strata-stats-cmd-test-" + std::to_string(::getpid()) + ".html";
  Output o = w.run({"--html", rel});
  bool in_cwd = std::filesystem::exists(rel);
  std::filesystem::remove(rel);
  ASSERT_EQ(o.code, 0) << o.err;
  EXPECT_FALSE(in_cwd);
  ASSERT_TRUE(w.dir.exists(rel));
  EXPECT_NE(w.dir.read(rel).find("web:build"), std::string::npos);
  EXPECT_EQ(o.out, "");  // the page alone, no table
}

}  // namespace
}  // namespace strata::cli
