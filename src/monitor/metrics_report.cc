// Percentiles are nearest-rank over executed, successful runs only: a cache
// hit measures the cache, not the task, and a failure may stop early. Hits
// count toward the hit rate instead. The regression check compares medians,
// not means, so one slow outlier (a cold disk, a busy machine) flags
// nothing; the rule's absolute floor keeps millisecond tasks quiet.

#include "monitor/metrics_report.h"

#include <fmt/format.h>

#include <algorithm>
#include <charconv>
#include <cmath>
#include <ctime>
#include <limits>
#include <map>

namespace strata::monitor {

namespace {

constexpr size_t k_kept_durations = 30;
constexpr size_t k_slowest = 10;

bool executed_ok(const Sample& s) {
  return s.outcome == "success" && s.cache != "local" && s.cache != "remote";
}

int64_t median(std::vector<int64_t> v) { return percentile(std::move(v), 50); }

void judge(TaskStats& t, const std::vector<int64_t>& all, const RegressionRule& rule) {
  if (all.size() < rule.recent + rule.min_baseline) return;
  auto recent_begin = all.end() - static_cast<ptrdiff_t>(rule.recent);
  auto base_begin =
      recent_begin - static_cast<ptrdiff_t>(std::min(rule.baseline, all.size() - rule.recent));
  t.recent_median_ms = median({recent_begin, all.end()});
  t.baseline_median_ms = median({base_begin, recent_begin});
  t.regressed =
      t.recent_median_ms > static_cast<int64_t>(std::ceil(t.baseline_median_ms * rule.factor)) &&
      t.recent_median_ms - t.baseline_median_ms >= rule.min_increase_ms;
}

std::string day_of(int64_t ms) {
  std::time_t secs = static_cast<std::time_t>(ms / 1000);
  std::tm tm{};
  gmtime_r(&secs, &tm);
  char buf[16];
  std::strftime(buf, sizeof buf, "%Y-%m-%d", &tm);
  return buf;
}

std::string ms_text(int64_t ms) {
  if (ms < 1000) return std::to_string(ms) + "ms";
  if (ms < 60000) return fmt::format("{:.1f}s", ms / 1000.0);
  return fmt::format("{}m{:02}s", ms / 60000, (ms / 1000) % 60);
}

std::string us_text(int64_t us) {
  return us < 1000 ? std::to_string(us) + "us" : ms_text(us / 1000);
}

std::vector<InferenceStats> inference_stats(const std::vector<Sample>& samples) {
  std::map<std::string, InferenceStats> by_subject;
  std::map<std::string, std::vector<int64_t>> ok_us;
  for (const Sample& s : samples) {
    if (s.kind != RecordKind::k_inference) continue;
    InferenceStats& m = by_subject[s.subject];
    m.subject = s.subject;
    m.model = s.project;
    m.version = s.target;
    ++m.batches;
    m.rows += static_cast<size_t>(std::max<int64_t>(s.batch_size, 0));
    if (s.outcome == "success")
      ok_us[s.subject].push_back(s.duration_us);
    else
      ++m.failures;
  }
  std::vector<InferenceStats> out;
  for (auto& [subject, m] : by_subject) {
    m.p50_us = percentile(ok_us[subject], 50);
    m.p95_us = percentile(ok_us[subject], 95);
    out.push_back(std::move(m));
  }
  return out;
}

std::string render_inference(const std::vector<InferenceStats>& models) {
  size_t width = 5;
  for (const auto& m : models) width = std::max(width, m.subject.size());
  std::string out = fmt::format("inference batches\n{:<{}}  {:>8} {:>8} {:>8} {:>8} {:>8}\n",
                                "model", width, "batches", "rows", "failed", "p50", "p95");
  for (const auto& m : models)
    out += fmt::format("{:<{}}  {:>8} {:>8} {:>8} {:>8} {:>8}\n", m.subject, width, m.batches,
                       m.rows, m.failures, us_text(m.p50_us), us_text(m.p95_us));
  return out;
}

}  // namespace

size_t StatsReport::flagged() const {
  return static_cast<size_t>(
      std::count_if(tasks.begin(), tasks.end(), [](const TaskStats& t) { return t.regressed; }));
}

int64_t percentile(std::vector<int64_t> values, double p) {
  if (values.empty()) return 0;
  std::sort(values.begin(), values.end());
  size_t rank = static_cast<size_t>(std::ceil(p / 100.0 * static_cast<double>(values.size())));
  return values[std::clamp<size_t>(rank, 1, values.size()) - 1];
}

std::string sparkline(const std::vector<int64_t>& values) {
  static const char* k_blocks[] = {"▁", "▂", "▃", "▄", "▅", "▆", "▇", "█"};
  if (values.empty()) return "";
  auto [lo, hi] = std::minmax_element(values.begin(), values.end());
  std::string out;
  for (int64_t v : values) {
    size_t level = *hi == *lo ? 0 : static_cast<size_t>((v - *lo) * 7 / (*hi - *lo));
    out += k_blocks[level];
  }
  return out;
}

Result<int64_t> parse_since(std::string_view text, int64_t now_ms) {
  const Error bad("--since " + std::string(text) +
                  ": expected a span (7d, 12h, 30m) or a date (2026-12-01)");
  if (text.size() == 10 && text[4] == '-' && text[7] == '-') {
    std::tm tm{};
    int y = 0, m = 0, d = 0;
    auto num = [&](size_t at, size_t n, int& out) {
      auto [end, ec] = std::from_chars(text.data() + at, text.data() + at + n, out);
      return ec == std::errc() && end == text.data() + at + n;
    };
    if (!num(0, 4, y) || !num(5, 2, m) || !num(8, 2, d) || m < 1 || m > 12 || d < 1 || d > 31)
      return bad;
    tm.tm_year = y - 1900;
    tm.tm_mon = m - 1;
    tm.tm_mday = d;
    std::time_t at = timegm(&tm);
    // timegm rolls a day the month lacks into the next month (02-30 is
    // 03-02): read it back so a mistyped date is refused, not moved.
    std::tm back{};
    if (!gmtime_r(&at, &back) || back.tm_mday != d || back.tm_mon != m - 1) return bad;
    return static_cast<int64_t>(at) * 1000;
  }
  if (text.size() < 2) return bad;
  int64_t n = 0;
  auto [end, ec] = std::from_chars(text.data(), text.data() + text.size() - 1, n);
  if (ec != std::errc() || end != text.data() + text.size() - 1 || n < 0) return bad;
  char unit = text.back();
  int64_t scale = unit == 'd' ? 86400000 : unit == 'h' ? 3600000 : unit == 'm' ? 60000 : 0;
  // A span longer than the clock can hold would wrap into the future.
  if (!scale || n > std::numeric_limits<int64_t>::max() / scale) return bad;
  return now_ms - n * scale;
}

StatsReport build_report(const std::vector<Sample>& samples, const RegressionRule& rule) {
  StatsReport r;
  std::map<std::string, TaskStats> by_subject;
  std::map<std::string, std::vector<int64_t>> executed, per_day;
  r.inference = inference_stats(samples);
  for (const Sample& s : samples) {
    if (s.kind == RecordKind::k_inference) continue;
    TaskStats& t = by_subject[s.subject];
    t.subject = s.subject;
    t.project = s.project;
    t.target = s.target;
    t.kind = s.kind;
    ++t.runs;
    ++r.runs;
    bool hit = s.cache == "local" || s.cache == "remote";
    if (hit) ++t.hits, ++r.hits;
    if (hit || s.cache == "miss") ++r.cache_lookups;
    if (s.outcome == "failure") ++t.failures;
    if (!executed_ok(s)) continue;
    executed[s.subject].push_back(s.duration_ms);
    per_day[day_of(s.started_ms)].push_back(s.duration_ms);
  }
  for (auto& [subject, t] : by_subject) {
    const auto& all = executed[subject];
    t.p50_ms = percentile(all, 50);
    t.p95_ms = percentile(all, 95);
    t.last_ms = all.empty() ? 0 : all.back();
    t.durations.assign(all.end() - static_cast<ptrdiff_t>(std::min(all.size(), k_kept_durations)),
                       all.end());
    judge(t, all, rule);
    r.tasks.push_back(std::move(t));
  }
  for (size_t i = 0; i < r.tasks.size(); ++i)
    if (!r.tasks[i].durations.empty()) r.slowest.push_back(i);
  std::stable_sort(r.slowest.begin(), r.slowest.end(),
                   [&](size_t a, size_t b) { return r.tasks[a].p50_ms > r.tasks[b].p50_ms; });
  if (r.slowest.size() > k_slowest) r.slowest.resize(k_slowest);
  for (auto& [day, v] : per_day)
    r.days.push_back({day, v.size(), percentile(v, 50), percentile(v, 95)});
  return r;
}

std::string render_table(const StatsReport& r) {
  if (r.tasks.empty() && r.inference.empty())
    return "No measurements yet: run some tasks first (strata run-many -t build).\n";
  if (r.tasks.empty()) return render_inference(r.inference);
  size_t width = 4;
  for (const auto& t : r.tasks) width = std::max(width, t.subject.size());
  std::string out = fmt::format("{:<{}}  {:>5} {:>5} {:>8} {:>8} {:>8}  {}\n", "task", width,
                                "runs", "hits", "p50", "p95", "last", "recent runs");
  for (const auto& t : r.tasks) {
    out += fmt::format(
        "{:<{}}  {:>5} {:>5} {:>8} {:>8} {:>8}  {}{}\n", t.subject, width, t.runs, t.hits,
        ms_text(t.p50_ms), ms_text(t.p95_ms), ms_text(t.last_ms), sparkline(t.durations),
        t.regressed ? fmt::format("  SLOWER: median {} vs {} before", ms_text(t.recent_median_ms),
                                  ms_text(t.baseline_median_ms))
                    : "");
  }
  out += fmt::format("\n{} runs, cache hit rate {:.0f}% ({} of {} lookups)\n", r.runs,
                     r.hit_rate() * 100, r.hits, r.cache_lookups);
  if (!r.slowest.empty()) {
    out += "slowest (p50):";
    for (size_t i = 0; i < r.slowest.size() && i < 5; ++i)
      out += fmt::format("{} {} {}", i ? "," : "", r.tasks[r.slowest[i]].subject,
                         ms_text(r.tasks[r.slowest[i]].p50_ms));
    out += "\n";
  }
  if (r.days.size() > 1) {
    std::vector<int64_t> p50s;
    for (const auto& d : r.days) p50s.push_back(d.p50_ms);
    out += fmt::format("daily p50 {} .. {}: {}\n", r.days.front().day, r.days.back().day,
                       sparkline(p50s));
  }
  if (size_t n = r.flagged())
    out += fmt::format("{} task{} slower than {} baseline\n", n, n == 1 ? "" : "s",
                       n == 1 ? "its" : "their");
  if (!r.inference.empty()) out += "\n" + render_inference(r.inference);
  return out;
}

nlohmann::json to_json(const StatsReport& r) {
  nlohmann::json tasks = nlohmann::json::array();
  for (const auto& t : r.tasks)
    tasks.push_back({{"id", t.subject},
                     {"project", t.project},
                     {"target", t.target},
                     {"kind", std::string(to_string(t.kind))},
                     {"runs", t.runs},
                     {"cacheHits", t.hits},
                     {"failures", t.failures},
                     {"p50Ms", t.p50_ms},
                     {"p95Ms", t.p95_ms},
                     {"lastMs", t.last_ms},
                     {"recentMedianMs", t.recent_median_ms},
                     {"baselineMedianMs", t.baseline_median_ms},
                     {"regressed", t.regressed},
                     {"durationsMs", t.durations}});
  nlohmann::json slowest = nlohmann::json::array();
  for (size_t i : r.slowest) slowest.push_back(r.tasks[i].subject);
  nlohmann::json days = nlohmann::json::array();
  for (const auto& d : r.days)
    days.push_back({{"day", d.day}, {"runs", d.runs}, {"p50Ms", d.p50_ms}, {"p95Ms", d.p95_ms}});
  nlohmann::json inference = nlohmann::json::array();
  for (const auto& m : r.inference)
    inference.push_back({{"id", m.subject},
                         {"model", m.model},
                         {"modelVersion", m.version},
                         {"batches", m.batches},
                         {"rows", m.rows},
                         {"failures", m.failures},
                         {"p50Us", m.p50_us},
                         {"p95Us", m.p95_us}});
  return {{"version", k_stats_json_version},
          {"runs", r.runs},
          {"cacheLookups", r.cache_lookups},
          {"cacheHits", r.hits},
          {"cacheHitRate", r.hit_rate()},
          {"flagged", r.flagged()},
          {"slowest", slowest},
          {"days", days},
          {"tasks", tasks},
          {"inference", inference}};
}

}  // namespace strata::monitor
