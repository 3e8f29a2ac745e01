#include "cli/run_metrics.h"

#include <unistd.h>

#include <cstdlib>
#include <string_view>

#include "monitor/metrics_store.h"
#include "tasks/task_weights.h"
#include "util/diagnostics.h"
#include "util/profile.h"

namespace strata::cli {

namespace {

bool recording_enabled() {
  const char* v = std::getenv("STRATA_METRICS");
  return !v || std::string_view(v) != "0";
}

std::string cache_field(const TaskOutcome& o) {
  if (!o.looked_up || o.cache == CacheStatus::k_disabled) return "";
  if (o.cache == CacheStatus::k_miss) return "miss";
  return std::string(to_string(o.cache_source));
}

}  // namespace

void record_run_metrics(const Workspace& ws, const TaskGraph& graph, const RunSummary& summary,
                        int64_t started_ms) {
  if (!recording_enabled() || summary.tasks.empty()) return;
  ProfilePhase phase("metrics");
  std::vector<monitor::Sample> rows;
  std::string run_id = std::to_string(started_ms) + "-" + std::to_string(::getpid());
  for (size_t i = 0; i < summary.tasks.size() && i < graph.tasks.size(); ++i) {
    const TaskOutcome& o = summary.tasks[i];
    if (o.status != TaskStatus::k_success && o.status != TaskStatus::k_failure) continue;
    const Task& t = graph.tasks[i];
    monitor::Sample s;
    s.kind = monitor::kind_of_target(t.target);
    s.subject = t.id;
    s.project = t.project;
    s.target = t.target;
    s.started_ms = started_ms;
    s.duration_ms = o.duration_ms;
    s.outcome = std::string(to_string(o.status));
    s.cache = cache_field(o);
    s.run_id = run_id;
    rows.push_back(std::move(s));
  }
  auto store = monitor::MetricsStore::open(monitor::metrics_path(ws.root));
  Status saved = store ? store->append(rows) : Status(store.error());
  if (!saved) print_warning(Error("performance metrics not recorded: " + saved.error().str()));
}

std::map<std::string, int64_t> recorded_durations(const Workspace& ws) {
  auto store = monitor::MetricsStore::open(monitor::metrics_path(ws.root), false);
  if (!store) return {};
  auto medians = store->recent_medians();
  if (!medians) {
    print_warning(medians.error());
    return {};
  }
  return std::move(*medians);
}

std::vector<int64_t> expected_costs(const Workspace& ws, const TaskGraph& graph, size_t parallel) {
  if (graph.tasks.size() <= parallel) return {};
  ProfilePhase phase("expected costs");
  auto store = monitor::MetricsStore::open(monitor::metrics_path(ws.root), false);
  if (!store) return {};
  auto estimates = store->estimates();
  if (!estimates) {
    print_warning(estimates.error());
    return {};
  }
  bool measured = false;
  std::vector<int64_t> w = weights_from_durations(graph, *estimates, &measured);
  if (!measured) return {};
  return w;
}

}  // namespace strata::cli
