#include <gtest/gtest.h>

#include "monitor/metrics_report.h"

namespace strata::monitor {
namespace {

size_t count(const std::string& text, const std::string& what) {
  size_t n = 0;
  for (size_t at = text.find(what); at != std::string::npos; at = text.find(what, at + 1)) ++n;
  return n;
}

TaskStats task(std::string subject, std::vector<int64_t> durations, int64_t p50, int64_t p95) {
  TaskStats t;
  t.subject = std::move(subject);
  t.runs = durations.size();
  t.durations = std::move(durations);
  t.p50_ms = p50;
  t.p95_ms = p95;
  return t;
}

StatsReport two_tasks() {
  StatsReport r;
  r.tasks = {task("api:build", {100, 120, 110}, 110, 120), task("web:test", {40, 42}, 41, 42)};
  r.slowest = {0, 1};
  r.days = {{"2026-12-01", 3, 100, 120}, {"2026-12-02", 2, 41, 42}};
  r.runs = 5;
  r.cache_lookups = 4;
  r.hits = 1;
  return r;
}

TEST(MetricsHtml, AnEmptyReportIsAPageWithoutCharts) {
  std::string html = render_html(StatsReport{}, "stats");
  EXPECT_TRUE(html.starts_with("<!DOCTYPE html>"));
  EXPECT_NE(html.find("0 runs"), std::string::npos);
  EXPECT_NE(html.find("cache hit rate 0% (0 of 0)"), std::string::npos);
  EXPECT_EQ(html.find("Daily p50"), std::string::npos);
  EXPECT_EQ(html.find("Slowest tasks"), std::string::npos);
  EXPECT_EQ(count(html, "<svg"), 0u);
}

TEST(MetricsHtml, OneSparklinePerTaskAndBothCharts) {
  std::string html = render_html(two_tasks(), "stats");
  EXPECT_EQ(count(html, "class=\"spark\""), 2u);
  EXPECT_NE(html.find("Daily p50 and p95"), std::string::npos);
  EXPECT_NE(html.find(">2026-12-01<"), std::string::npos);
  EXPECT_NE(html.find(">2026-12-02<"), std::string::npos);
  EXPECT_NE(html.find("Slowest tasks"), std::string::npos);
  EXPECT_NE(html.find("cache hit rate 25% (1 of 4)"), std::string::npos);
}

TEST(MetricsHtml, ARegressedTaskIsMarkedWithBothMedians) {
  StatsReport r = two_tasks();
  r.tasks[1].regressed = true;
  r.tasks[1].recent_median_ms = 400;
  r.tasks[1].baseline_median_ms = 40;
  std::string html = render_html(r, "stats");
  EXPECT_EQ(count(html, "<tr class=\"slower\">"), 1u);
  EXPECT_NE(html.find("slower: 400 ms vs 40 ms"), std::string::npos);
  EXPECT_NE(html.find("1 flagged slower"), std::string::npos);
  EXPECT_NE(html.find("#c0392b"), std::string::npos);  // its sparkline is drawn red
}

TEST(MetricsHtml, ZeroDurationsAndSinglePointsDrawNoNaN) {
  StatsReport r;
  r.tasks = {task("a:b", {0, 0, 0}, 0, 0), task("c:d", {7}, 7, 7)};
  r.slowest = {0, 1};
  r.days = {{"2026-12-01", 1, 0, 0}};
  std::string html = render_html(r, "stats");
  EXPECT_EQ(html.find("nan"), std::string::npos);
  EXPECT_EQ(html.find("inf"), std::string::npos);
  EXPECT_NE(html.find("80.0,0.0"), std::string::npos);  // one point: centred, at the top
}

TEST(MetricsHtml, NamesAndTitleAreEscapedEverywhere) {
  StatsReport r = two_tasks();
  r.tasks[0].subject = "x\"><script>alert(1)</script>:build";
  r.days[0].day = "<img src=x>";
  std::string html = render_html(r, "<b>&stats</b>");
  EXPECT_EQ(html.find("<script"), std::string::npos);
  EXPECT_EQ(html.find("<img"), std::string::npos);
  EXPECT_EQ(html.find("<b>"), std::string::npos);
  EXPECT_NE(html.find("<title>&lt;b&gt;&amp;stats&lt;/b&gt;</title>"), std::string::npos);
  EXPECT_EQ(count(html, "x&quot;&gt;&lt;script&gt;"), 2u);  // the table row and the bar label
}

TEST(MetricsHtml, FetchesNothing) {
  std::string html = render_html(two_tasks(), "stats");
  EXPECT_EQ(html.find("http://"), std::string::npos);
  EXPECT_EQ(html.find("https://"), std::string::npos);
  EXPECT_EQ(html.find("<script"), std::string::npos);
  EXPECT_EQ(html.find("<link"), std::string::npos);
}

TEST(MetricsHtml, IsDeterministic) {
  EXPECT_EQ(render_html(two_tasks(), "t"), render_html(two_tasks(), "t"));
}

}  // namespace
}  // namespace strata::monitor
