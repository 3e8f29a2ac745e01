// Edges of `strata stats`: --since values that must be refused, the table's
// empty and inference-only forms, duration units and the JSON shape.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "monitor/metrics_report.h"

namespace strata::monitor {
namespace {

using ::testing::HasSubstr;
using ::testing::Not;

Sample task(const std::string& id, int64_t at, int64_t ms, std::string cache = "miss",
            std::string outcome = "success") {
  Sample s;
  s.subject = id;
  s.project = id.substr(0, id.find(':'));
  s.target = id.substr(id.find(':') + 1);
  s.kind = kind_of_target(s.target);
  s.started_ms = at;
  s.duration_ms = ms;
  s.outcome = std::move(outcome);
  s.cache = std::move(cache);
  return s;
}

Sample batch(int64_t at, int64_t us, int64_t rows, std::string outcome = "success") {
  Sample s;
  s.kind = RecordKind::k_inference;
  s.subject = "iris:3";
  s.project = "iris";
  s.target = "3";
  s.started_ms = at;
  s.duration_us = us;
  s.batch_size = rows;
  s.outcome = std::move(outcome);
  return s;
}

TEST(ParseSinceEdges, ASpanTooLargeForTheClockIsRefusedNotWrapped) {
  auto huge = parse_since("999999999999999d", 1'000'000);
  EXPECT_FALSE(huge) << *huge;
  auto max = parse_since("9223372036854775807m", 0);
  EXPECT_FALSE(max) << *max;
  // The largest span that fits is still a span.
  EXPECT_TRUE(parse_since("100000d", 0));
}

TEST(ParseSinceEdges, ADayTheMonthDoesNotHaveIsRefused) {
  for (const char* bad : {"2026-02-30", "2026-04-31", "2025-02-29"})
    EXPECT_FALSE(parse_since(bad, 0)) << bad;
  EXPECT_TRUE(parse_since("2024-02-29", 0));
  EXPECT_EQ(*parse_since("2026-12-31", 0) - *parse_since("2026-12-30", 0), 86400000LL);
}

TEST(ParseSinceEdges, SignsSpacesAndOtherUnitsAreRefusedWithTheExpectedForms) {
  for (const char* bad : {"+1d", " 1d", "1d ", "1.5h", "1s", "1D", "2026/12/01", "2026-1-011"}) {
    auto r = parse_since(bad, 0);
    ASSERT_FALSE(r) << bad;
    EXPECT_THAT(r.error().message, HasSubstr("expected a span (7d, 12h, 30m)")) << bad;
  }
  EXPECT_EQ(*parse_since("0m", 42), 42);
  EXPECT_EQ(*parse_since("30m", 1800000), 0);
}

TEST(SparklineEdges, EveryLevelIsReachableAndOrderIsKept) {
  EXPECT_EQ(sparkline({0, 1, 2, 3, 4, 5, 6, 7}), "▁▂▃▄▅▆▇█");
  EXPECT_EQ(sparkline({7, 0}), "█▁");
  EXPECT_EQ(sparkline({5}), "▁");
}

TEST(RenderTableEdges, NoRowsSaysHowToGetSome) {
  EXPECT_THAT(render_table(build_report({})), HasSubstr("No measurements yet"));
}

TEST(RenderTableEdges, OnlyInferenceBatchesShowsTheirTableAlone) {
  std::string out = render_table(build_report({batch(1, 400, 8), batch(2, 2500, 16, "failure")}));
  EXPECT_THAT(out, HasSubstr("inference batches"));
  EXPECT_THAT(out, HasSubstr("iris:3"));
  EXPECT_THAT(out, HasSubstr("400us"));
  EXPECT_THAT(out, Not(HasSubstr("cache hit rate")));
}

TEST(RenderTableEdges, DurationsUseMillisecondsSecondsAndMinutes) {
  std::string out = render_table(
      build_report({task("a:lint", 1, 999), task("b:build", 2, 1500), task("c:test", 3, 125000)}));
  EXPECT_THAT(out, HasSubstr("999ms"));
  EXPECT_THAT(out, HasSubstr("1.5s"));
  EXPECT_THAT(out, HasSubstr("2m05s"));
  EXPECT_THAT(out, HasSubstr("slowest (p50): c:test 2m05s, b:build 1.5s, a:lint 999ms"));
}

TEST(RenderTableEdges, TheHitRateCountsOnlyRowsThatAskedACache) {
  // "" is a task that is not cached: it neither hits nor misses.
  auto r = build_report({task("a:build", 1, 10, "local"), task("a:build", 2, 10, "miss"),
                         task("a:build", 3, 10, "remote"), task("a:build", 4, 10, "")});
  EXPECT_EQ(r.cache_lookups, 3u);
  EXPECT_EQ(r.hits, 2u);
  EXPECT_THAT(render_table(r), HasSubstr("cache hit rate 67% (2 of 3 lookups)"));
}

TEST(RenderTableEdges, FailuresCountButDoNotShapeThePercentiles) {
  auto r = build_report({task("a:build", 1, 100), task("a:build", 2, 9000, "miss", "failure")});
  ASSERT_EQ(r.tasks.size(), 1u);
  EXPECT_EQ(r.tasks[0].runs, 2u);
  EXPECT_EQ(r.tasks[0].failures, 1u);
  EXPECT_EQ(r.tasks[0].p95_ms, 100);
}

TEST(ToJsonEdges, InferenceAndSlowestHaveTheirShapes) {
  auto j = to_json(build_report({task("a:build", 1, 50), task("b:test", 2, 70), batch(3, 10, 4)}));
  EXPECT_EQ(j["version"], k_stats_json_version);
  ASSERT_EQ(j["tasks"].size(), 2u);
  EXPECT_EQ(j["tasks"][1]["kind"], "test");
  EXPECT_EQ(j["slowest"], nlohmann::json::array({"b:test", "a:build"}));
  ASSERT_EQ(j["inference"].size(), 1u);
  EXPECT_EQ(j["inference"][0]["model"], "iris");
  EXPECT_EQ(j["inference"][0]["modelVersion"], "3");
  EXPECT_EQ(j["inference"][0]["rows"], 4);
}

}  // namespace
}  // namespace strata::monitor
