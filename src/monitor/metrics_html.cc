// The HTML report of `strata stats --html`: one file that opens offline
// (CI artifacts are often viewed without network), so the charts are
// inline SVG drawn here and the style is an inline sheet; no script.

#include <fmt/format.h>

#include <algorithm>

#include "monitor/metrics_report.h"

namespace strata::monitor {

namespace {

std::string escape(std::string_view s) {
  std::string out;
  for (char c : s) {
    switch (c) {
      case '&':
        out += "&amp;";
        break;
      case '<':
        out += "&lt;";
        break;
      case '>':
        out += "&gt;";
        break;
      case '"':
        out += "&quot;";
        break;
      default:
        out += c;
    }
  }
  return out;
}

// Points of a polyline through `v` in a w x h box, the largest at the top.
std::string points(const std::vector<int64_t>& v, int64_t top, double w, double h) {
  std::string out;
  for (size_t i = 0; i < v.size(); ++i) {
    double x =
        v.size() == 1 ? w / 2 : w * static_cast<double>(i) / static_cast<double>(v.size() - 1);
    double y = top ? h - h * static_cast<double>(v[i]) / static_cast<double>(top) : h;
    out += fmt::format("{:.1f},{:.1f} ", x, y);
  }
  return out;
}

std::string spark_svg(const std::vector<int64_t>& v, bool regressed) {
  int64_t top = v.empty() ? 0 : *std::max_element(v.begin(), v.end());
  return fmt::format(
      R"(<svg class="spark" width="160" height="28" viewBox="-2 -2 164 32" role="img">)"
      R"(<polyline fill="none" stroke="{}" stroke-width="1.5" points="{}"/></svg>)",
      regressed ? "#c0392b" : "#2c7fb8", points(v, top, 160, 28));
}

std::string trend_chart(const StatsReport& r) {
  if (r.days.empty()) return "";
  std::vector<int64_t> p50, p95;
  for (const auto& d : r.days) p50.push_back(d.p50_ms), p95.push_back(d.p95_ms);
  int64_t top = std::max<int64_t>(*std::max_element(p95.begin(), p95.end()), 1);
  return fmt::format(
      R"(<h2>Daily p50 and p95 of executed tasks</h2><svg width="640" height="200" viewBox="-50 -10 700 240" role="img">)"
      R"(<line x1="0" y1="200" x2="640" y2="200" stroke="#999"/><line x1="0" y1="0" x2="0" y2="200" stroke="#999"/>)"
      R"(<text x="-8" y="8" text-anchor="end" font-size="11">{} ms</text><text x="-8" y="200" text-anchor="end" font-size="11">0</text>)"
      R"(<text x="0" y="220" font-size="11">{}</text><text x="640" y="220" text-anchor="end" font-size="11">{}</text>)"
      R"(<polyline fill="none" stroke="#e6550d" stroke-width="2" points="{}"/>)"
      R"(<polyline fill="none" stroke="#2c7fb8" stroke-width="2" points="{}"/></svg>)"
      R"(<p class="legend"><span style="color:#2c7fb8">&#9632; p50</span> <span style="color:#e6550d">&#9632; p95</span></p>)",
      top, escape(r.days.front().day), escape(r.days.back().day), points(p95, top, 640, 200),
      points(p50, top, 640, 200));
}

std::string slowest_chart(const StatsReport& r) {
  if (r.slowest.empty()) return "";
  int64_t top = 1;
  for (size_t i : r.slowest) top = std::max(top, r.tasks[i].p95_ms);
  std::string bars;
  int y = 0;
  for (size_t i : r.slowest) {
    const TaskStats& t = r.tasks[i];
    bars += fmt::format(
        R"(<text x="-8" y="{}" text-anchor="end" font-size="12">{}</text>)"
        R"(<rect x="0" y="{}" width="{:.1f}" height="8" fill="#e6550d"/><rect x="0" y="{}" width="{:.1f}" height="8" fill="#2c7fb8"/>)"
        R"(<text x="{:.1f}" y="{}" font-size="11">{} / {} ms</text>)",
        y + 13, escape(t.subject), y + 2, 400.0 * t.p95_ms / top, y + 10, 400.0 * t.p50_ms / top,
        400.0 * t.p95_ms / top + 6, y + 13, t.p50_ms, t.p95_ms);
    y += 22;
  }
  return fmt::format(
      R"(<h2>Slowest tasks (p50 / p95)</h2><svg width="700" height="{}" viewBox="-220 0 700 {}" role="img">{}</svg>)",
      y, y, bars);
}

std::string task_rows(const StatsReport& r) {
  std::string rows;
  for (const auto& t : r.tasks)
    rows += fmt::format(
        R"(<tr{}><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td></tr>)",
        t.regressed ? R"( class="slower")" : "", escape(t.subject), to_string(t.kind), t.runs,
        t.hits, t.p50_ms, t.p95_ms, spark_svg(t.durations, t.regressed),
        t.regressed
            ? fmt::format("slower: {} ms vs {} ms", t.recent_median_ms, t.baseline_median_ms)
            : "");
  return rows;
}

std::string inference_table(const StatsReport& r) {
  if (r.inference.empty()) return "";
  std::string rows;
  for (const auto& m : r.inference)
    rows += fmt::format(
        R"(<tr><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td></tr>)",
        escape(m.subject), m.batches, m.rows, m.failures, m.p50_us, m.p95_us);
  return fmt::format(
      R"(<h2>Inference batches</h2><table><tr><th>model</th><th>batches</th><th>rows</th>)"
      R"(<th>failed</th><th>p50 µs</th><th>p95 µs</th></tr>{}</table>)",
      rows);
}

}  // namespace

std::string render_html(const StatsReport& r, const std::string& title) {
  return fmt::format(
      R"(<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>{0}</title><style>)"
      R"(body{{font-family:system-ui,sans-serif;margin:2em;color:#222}}table{{border-collapse:collapse}})"
      R"(td,th{{padding:4px 10px;border-bottom:1px solid #ddd;text-align:right}}td:first-child,th:first-child{{text-align:left}})"
      R"(tr.slower td{{background:#fdecea}}.summary span{{margin-right:2em}})"
      R"(</style></head><body><h1>{0}</h1><p class="summary"><span>{1} runs</span><span>cache hit rate {2:.0f}% ({3} of {4})</span>)"
      R"(<span>{5} flagged slower</span></p>{6}{7}<h2>Tasks</h2><table><tr><th>task</th><th>kind</th><th>runs</th>)"
      R"(<th>hits</th><th>p50 ms</th><th>p95 ms</th><th>recent runs</th><th></th></tr>{8}</table>{9}</body></html>)"
      "\n",
      escape(title), r.runs, r.hit_rate() * 100, r.hits, r.cache_lookups, r.flagged(),
      trend_chart(r), slowest_chart(r), task_rows(r), inference_table(r));
}

}  // namespace strata::monitor
