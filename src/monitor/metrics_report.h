#pragma once
// What `strata stats` shows, computed from the monitor's rows: per task its
// p50/p95, recent durations (the sparkline), cache hits, and whether its
// recent median rose beyond its rolling baseline; overall the hit rate,
// the slowest tasks and the daily p50/p95 trend.

#include <cstdint>
#include <nlohmann/json.hpp>
#include <string>
#include <string_view>
#include <vector>

#include "monitor/metrics_store.h"
#include "util/result.h"

namespace strata::monitor {

inline constexpr int k_stats_json_version = 1;

// A task is flagged when the median of its last `recent` executed runs is
// above `factor` times the median of the up to `baseline` runs before them
// and at least `min_increase_ms` more, with at least `min_baseline` of them.
struct RegressionRule {
  size_t recent = 3;
  size_t baseline = 20;
  size_t min_baseline = 5;
  double factor = 1.5;
  int64_t min_increase_ms = 100;
};

struct TaskStats {
  std::string subject;
  std::string project;
  std::string target;
  RecordKind kind = RecordKind::k_task;
  size_t runs = 0;  // every row, hits included
  size_t hits = 0;  // restored from a cache
  size_t failures = 0;
  int64_t p50_ms = 0;  // over executed, successful runs
  int64_t p95_ms = 0;
  int64_t last_ms = 0;
  int64_t recent_median_ms = 0;
  int64_t baseline_median_ms = 0;  // 0 without enough history
  bool regressed = false;
  std::vector<int64_t> durations;  // executed, successful; oldest first, the last 30
};

// One served model version's inference batches (kind inference).
struct InferenceStats {
  std::string subject;  // "MODEL:VERSION"
  std::string model;
  std::string version;
  size_t batches = 0;
  size_t rows = 0;  // requests' rows over all batches
  size_t failures = 0;
  int64_t p50_us = 0;  // over successful batches
  int64_t p95_us = 0;
};

struct DayTrend {
  std::string day;  // YYYY-MM-DD (UTC)
  size_t runs = 0;  // executed, successful
  int64_t p50_ms = 0;
  int64_t p95_ms = 0;
};

struct StatsReport {
  std::vector<TaskStats> tasks;           // by subject; inference batches are not tasks
  std::vector<InferenceStats> inference;  // by subject
  std::vector<size_t> slowest;            // indices into tasks by p50, slowest first (at most 10)
  std::vector<DayTrend> days;             // oldest first
  size_t runs = 0;
  size_t cache_lookups = 0;  // rows that asked a cache (hit or miss)
  size_t hits = 0;
  double hit_rate() const {
    return cache_lookups ? static_cast<double>(hits) / cache_lookups : 0.0;
  }
  size_t flagged() const;
};

StatsReport build_report(const std::vector<Sample>& samples, const RegressionRule& rule = {});

// Nearest-rank percentile (0 < p <= 100) of `values`; 0 when empty.
int64_t percentile(std::vector<int64_t> values, double p);
// One block character per value, scaled between the smallest and largest.
std::string sparkline(const std::vector<int64_t>& values);
// "--since" values: "7d", "12h", "30m", or a date "2026-12-01" (UTC). Unix ms.
Result<int64_t> parse_since(std::string_view text, int64_t now_ms);

std::string render_table(const StatsReport& report);
nlohmann::json to_json(const StatsReport& report);
// A self-contained page: inline SVG charts and CSS, nothing fetched.
std::string render_html(const StatsReport& report, const std::string& title);

}  // namespace strata::monitor
