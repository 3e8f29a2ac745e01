// strata stats: the performance monitor's report from .strata/metrics.db,
// as a terminal table, JSON, or a self-contained HTML page; --check turns
// a task that got slower than its baseline into a failing exit for CI.

#include <CLI/CLI.hpp>
#include <chrono>
#include <cstdio>
#include <memory>

#include "cli/command.h"
#include "cli/command_support.h"
#include "config/loader.h"
#include "monitor/metrics_report.h"
#include "monitor/metrics_store.h"
#include "util/diagnostics.h"
#include "util/fs.h"

namespace strata::cli {

namespace {

namespace fs = std::filesystem;

struct StatsOptions {
  std::string project;
  std::string target;
  std::string since;
  std::string html;
  bool json = false;
  bool check = false;
};

int64_t now_ms() {
  using namespace std::chrono;
  return duration_cast<milliseconds>(system_clock::now().time_since_epoch()).count();
}

Result<fs::path> workspace_root() {
  std::error_code ec;
  fs::path start =
      global_options().cwd.empty() ? fs::current_path(ec) : fs::path(global_options().cwd);
  return find_workspace_root(fs::absolute(start, ec));
}

// The rows the options select; none (not an error) without a database yet.
Result<std::vector<monitor::Sample>> selected_samples(const fs::path& root, const StatsOptions& o) {
  monitor::SampleQuery query{o.project, o.target, 0};
  if (!o.since.empty()) {
    auto since = monitor::parse_since(o.since, now_ms());
    if (!since) return since.error();
    query.since_ms = *since;
  }
  auto store = monitor::MetricsStore::open(monitor::metrics_path(root), false);
  if (!store && store.error().kind == ErrorKind::k_not_found) return std::vector<monitor::Sample>{};
  if (!store) return store.error();
  return store->select(query);
}

int print_flagged(const monitor::StatsReport& report) {
  for (const auto& t : report.tasks)
    if (t.regressed)
      std::fprintf(
          stderr,
          "strata: error: %s got slower: median %lld ms over its last runs, %lld ms before\n",
          t.subject.c_str(), static_cast<long long>(t.recent_median_ms),
          static_cast<long long>(t.baseline_median_ms));
  return report.flagged() ? static_cast<int>(ExitCode::k_failure) : 0;
}

int run_stats(const StatsOptions& o) {
  auto root = workspace_root();
  if (!root) return print_error(root.error()), static_cast<int>(ExitCode::k_failure);
  if (!o.since.empty() && !monitor::parse_since(o.since, 0)) {
    print_error(monitor::parse_since(o.since, 0).error());
    return static_cast<int>(ExitCode::k_usage);
  }
  auto samples = selected_samples(*root, o);
  if (!samples) return print_error(samples.error()), static_cast<int>(ExitCode::k_failure);
  monitor::StatsReport report = monitor::build_report(*samples);
  if (!o.html.empty()) {
    fs::path out = from_start(o.html);  // relative to -C DIR, like every path given
    if (auto s = write_atomic(
            out, monitor::render_html(report, "Strata performance: " + root->filename().string()));
        !s)
      return print_error(s.error()), static_cast<int>(ExitCode::k_failure);
    if (!o.json) std::fprintf(stderr, "strata: wrote %s\n", out.c_str());
  }
  if (o.json)
    std::printf("%s\n", monitor::to_json(report).dump(2).c_str());
  else if (o.html.empty() || o.check)
    std::fputs(monitor::render_table(report).c_str(), stdout);
  return o.check ? print_flagged(report) : 0;
}

CommandSpec stats_command() {
  return {
      "stats", "Show task durations, trends and cache hit rates from .strata/metrics.db",
      "  strata stats\n  strata stats --project web --since 7d\n  strata stats --html stats.html\n"
      "  strata stats --check          # exit 1 when a task got slower than its baseline",
      [](CLI::App& sub) -> Handler {
        auto o = std::make_shared<StatsOptions>();
        sub.add_option("--project", o->project, "Only this project's tasks");
        sub.add_option("--target", o->target, "Only this target");
        sub.add_option("--since", o->since, "Only runs since: 7d, 12h, 30m or a date (2026-12-01)");
        sub.add_flag("--json", o->json, "Print the report as JSON");
        sub.add_option("--html", o->html, "Write a self-contained HTML report to FILE");
        sub.add_flag("--check", o->check,
                     "Exit 1 when a task's recent median rose beyond its baseline");
        return [o] { return run_stats(*o); };
      }};
}

}  // namespace

std::vector<CommandSpec> stats_commands() { return {stats_command()}; }

}  // namespace strata::cli
