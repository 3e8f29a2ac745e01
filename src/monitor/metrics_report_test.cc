#include "monitor/metrics_report.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

namespace strata::monitor {
namespace {

using ::testing::HasSubstr;
using ::testing::Not;

Sample run(std::string id, int64_t at, int64_t ms, std::string cache = "miss") {
  Sample s;
  s.subject = id;
  s.project = id.substr(0, id.find(':'));
  s.target = id.substr(id.find(':') + 1);
  s.started_ms = at;
  s.duration_ms = ms;
  s.outcome = "success";
  s.cache = std::move(cache);
  return s;
}

TEST(Percentile, NearestRank) {
  EXPECT_EQ(percentile({}, 50), 0);
  EXPECT_EQ(percentile({5}, 95), 5);
  EXPECT_EQ(percentile({1, 2, 3, 4}, 50), 2);
  std::vector<int64_t> hundred;
  for (int i = 1; i <= 100; ++i) hundred.push_back(i);
  EXPECT_EQ(percentile(hundred, 95), 95);
}

TEST(Sparkline, ScalesBetweenSmallestAndLargest) {
  EXPECT_EQ(sparkline({1, 8}), "▁█");
  EXPECT_EQ(sparkline({3, 3}), "▁▁");
  EXPECT_EQ(sparkline({}), "");
}

TEST(ParseSince, SpansAndDates) {
  EXPECT_EQ(*parse_since("2d", 3 * 86400000LL), 86400000LL);
  EXPECT_EQ(*parse_since("1h", 7200000), 3600000);
  EXPECT_EQ(*parse_since("1970-01-02", 0), 86400000LL);
  for (const char* bad : {"", "d", "7", "7w", "-1d", "2026-13-01", "x"})
    EXPECT_FALSE(parse_since(bad, 0)) << bad;
}

TEST(BuildReport, PercentilesExcludeCacheHitsWhichCountTowardTheHitRate) {
  auto r = build_report({run("a:build", 1, 100), run("a:build", 2, 300),
                         run("a:build", 3, 5, "local"), run("a:build", 4, 7, "remote")});
  ASSERT_EQ(r.tasks.size(), 1u);
  EXPECT_EQ(r.tasks[0].p50_ms, 100);
  EXPECT_EQ(r.tasks[0].p95_ms, 300);
  EXPECT_EQ(r.tasks[0].hits, 2u);
  EXPECT_DOUBLE_EQ(r.hit_rate(), 0.5);
  EXPECT_EQ(r.tasks[0].kind, RecordKind::k_task);
}

TEST(BuildReport, FlagsATaskWhoseRecentMedianRoseBeyondItsBaseline) {
  std::vector<Sample> rows;
  for (int i = 0; i < 6; ++i) rows.push_back(run("slow:build", i, 100 + i));
  for (int i = 6; i < 9; ++i) rows.push_back(run("slow:build", i, 600));
  for (int i = 0; i < 9; ++i) rows.push_back(run("steady:build", i, i == 8 ? 900 : 100));
  auto r = build_report(rows);
  ASSERT_EQ(r.tasks.size(), 2u);
  EXPECT_TRUE(r.tasks[0].regressed);
  EXPECT_EQ(r.tasks[0].recent_median_ms, 600);
  EXPECT_EQ(r.tasks[0].baseline_median_ms, 102);
  EXPECT_FALSE(r.tasks[1].regressed) << "one outlier is not a trend";
  EXPECT_EQ(r.flagged(), 1u);
  EXPECT_THAT(render_table(r), HasSubstr("SLOWER"));
}

TEST(BuildReport, SmallAbsoluteRisesAndShortHistoriesAreNotFlagged) {
  std::vector<Sample> rows;
  for (int i = 0; i < 6; ++i) rows.push_back(run("tiny:lint", i, 2));
  for (int i = 6; i < 9; ++i) rows.push_back(run("tiny:lint", i, 20));
  for (int i = 0; i < 4; ++i) rows.push_back(run("new:build", i, i < 2 ? 10 : 5000));
  auto r = build_report(rows);
  EXPECT_EQ(r.flagged(), 0u);
}

TEST(BuildReport, SlowestAndDailyTrend) {
  auto r = build_report(
      {run("a:build", 0, 10), run("b:build", 86400000, 500), run("c:test", 86400001, 50)});
  ASSERT_EQ(r.slowest.size(), 3u);
  EXPECT_EQ(r.tasks[r.slowest[0]].subject, "b:build");
  ASSERT_EQ(r.days.size(), 2u);
  EXPECT_EQ(r.days[0].day, "1970-01-01");
  EXPECT_EQ(r.days[1].p95_ms, 500);
}

TEST(RenderHtml, IsSelfContainedAndEscapes) {
  auto r = build_report({run("a<b>:build", 0, 10), run("a<b>:build", 1, 20)});
  std::string html = render_html(r, "stats");
  EXPECT_THAT(html, HasSubstr("<svg"));
  EXPECT_THAT(html, HasSubstr("a&lt;b&gt;:build"));
  EXPECT_THAT(html, Not(HasSubstr("<script")));
  EXPECT_THAT(html, Not(HasSubstr("http")));
}

TEST(ToJson, CarriesVersionAndTasks) {
  auto j = to_json(build_report({run("a:build", 0, 10)}));
  EXPECT_EQ(j["version"], k_stats_json_version);
  EXPECT_EQ(j["tasks"][0]["id"], "a:build");
  EXPECT_EQ(j["tasks"][0]["p50Ms"], 10);
}

}  // namespace
// Inference batches are not tasks: their own section, in microseconds,
// with the rows they carried.
TEST(BuildReport, InferenceBatchesHaveTheirOwnSection) {
  std::vector<Sample> rows;
  for (int i = 1; i <= 20; ++i) {
    Sample s;
    s.kind = RecordKind::k_inference;
    s.subject = "iris:2";
    s.project = "iris";
    s.target = "2";
    s.started_ms = i;
    s.duration_us = i * 100;
    s.batch_size = 4;
    s.outcome = i == 20 ? "failure" : "success";
    rows.push_back(s);
  }
  auto r = build_report(rows);
  EXPECT_TRUE(r.tasks.empty());
  ASSERT_EQ(r.inference.size(), 1u);
  const InferenceStats& m = r.inference[0];
  EXPECT_EQ(m.model, "iris");
  EXPECT_EQ(m.version, "2");
  EXPECT_EQ(m.batches, 20u);
  EXPECT_EQ(m.rows, 80u);
  EXPECT_EQ(m.failures, 1u);
  EXPECT_EQ(m.p50_us, 1000);  // over the 19 that succeeded
  EXPECT_EQ(m.p95_us, 1900);
  std::string table = render_table(r);
  EXPECT_NE(table.find("inference batches"), std::string::npos) << table;
  EXPECT_NE(table.find("iris:2"), std::string::npos) << table;
  EXPECT_EQ(to_json(r)["inference"][0]["batches"], 20);
  std::string html = render_html(r, "stats");
  EXPECT_NE(html.find("<h2>Inference batches</h2>"), std::string::npos);
  EXPECT_NE(html.find("<td>iris:2</td>"), std::string::npos);
}

}  // namespace strata::monitor
