// Closing summary text and the JSON form of a run. The wording follows Nx's
// ("Successfully ran target build for 12 projects") so people moving over
// recognise it; every line is plain text, colour is the reporter's business.

#include "exec/run_summary.h"

#include <fmt/format.h>

#include <algorithm>

namespace strata {

namespace {

std::string plural(size_t n, std::string_view word) {
  return fmt::format("{} {}{}", n, word, n == 1 ? "" : "s");
}

// The requested tasks, or all of them when the graph does not say.
std::vector<size_t> requested_tasks(const TaskGraph& graph) {
  if (!graph.requested.empty()) return graph.requested;
  std::vector<size_t> all(graph.tasks.size());
  for (size_t i = 0; i < all.size(); ++i) all[i] = i;
  return all;
}

void add_unique(std::vector<std::string>& names, const std::string& name) {
  if (std::find(names.begin(), names.end(), name) == names.end()) names.push_back(name);
}

// "target build for 12 projects", "targets build, test for 1 project".
std::string what_ran(const TaskGraph& graph) {
  std::vector<std::string> targets, projects;
  for (size_t i : requested_tasks(graph)) {
    add_unique(targets, graph.tasks[i].target);
    add_unique(projects, graph.tasks[i].project);
  }
  return fmt::format("{} {} for {}", targets.size() == 1 ? "target" : "targets",
                     fmt::join(targets, ", "), plural(projects.size(), "project"));
}

std::string success_text(const TaskGraph& graph, const RunSummary& summary) {
  std::string text = "Successfully ran " + what_ran(graph);
  size_t extra = graph.tasks.size() - std::min(graph.tasks.size(), requested_tasks(graph).size());
  if (extra > 0) text += " and " + plural(extra, "task") + " they depend on";
  if (size_t hits = summary.cache_hits(); hits > 0) text += fmt::format(" ({} from cache)", hits);
  return text + "\n";
}

std::string failure_text(const TaskGraph& graph, const RunSummary& summary) {
  static constexpr std::pair<TaskStatus, std::string_view> k_words[] = {
      {TaskStatus::k_success, "succeeded"},
      {TaskStatus::k_failure, "failed"},
      {TaskStatus::k_skipped, "skipped"},
  };
  std::vector<std::string> counts;
  for (const auto& [status, word] : k_words)
    if (size_t n = summary.count(status); n > 0) counts.push_back(fmt::format("{} {}", n, word));
  size_t stopped = static_cast<size_t>(std::count_if(
      summary.tasks.begin(), summary.tasks.end(), [](const TaskOutcome& t) { return t.stopped; }));
  size_t not_started = summary.count(TaskStatus::k_cancelled) - stopped;
  if (stopped > 0) counts.push_back(fmt::format("{} cancelled", stopped));
  if (not_started > 0) counts.push_back(fmt::format("{} not started", not_started));
  std::string text =
      fmt::format("{} {}: {}\n", summary.interrupted ? "Interrupted while running" : "Ran",
                  what_ran(graph), fmt::join(counts, ", "));
  if (summary.count(TaskStatus::k_failure) == 0) return text;
  text += "Failed tasks:\n";
  for (const auto& t : summary.tasks) {
    if (t.status != TaskStatus::k_failure) continue;
    text += t.error ? fmt::format("- {} ({})\n", t.id, t.error->message)
                    : fmt::format("- {} (exit code {})\n", t.id, t.exit_code);
  }
  return text;
}

std::string cache_word(const TaskOutcome& t) {
  if (t.cache == CacheStatus::k_hit) return fmt::format("{} cache", to_string(t.cache_source));
  return std::string(to_string(t.cache));
}

}  // namespace

size_t RunSummary::count(TaskStatus status) const {
  return static_cast<size_t>(std::count_if(
      tasks.begin(), tasks.end(), [&](const TaskOutcome& t) { return t.status == status; }));
}

size_t RunSummary::cache_hits() const {
  return static_cast<size_t>(std::count_if(tasks.begin(), tasks.end(), [](const TaskOutcome& t) {
    return t.cache == CacheStatus::k_hit;
  }));
}

std::string_view to_string(TaskStatus status) {
  switch (status) {
    case TaskStatus::k_success:
      return "success";
    case TaskStatus::k_failure:
      return "failure";
    case TaskStatus::k_skipped:
      return "skipped";
    case TaskStatus::k_cancelled:
      return "cancelled";
  }
  return "?";
}

std::string_view to_string(CacheStatus status) {
  switch (status) {
    case CacheStatus::k_disabled:
      return "disabled";
    case CacheStatus::k_miss:
      return "miss";
    case CacheStatus::k_hit:
      return "hit";
  }
  return "?";
}

std::string_view to_string(CacheSource source) {
  switch (source) {
    case CacheSource::k_none:
      return "";
    case CacheSource::k_local:
      return "local";
    case CacheSource::k_remote:
      return "remote";
  }
  return "?";
}

std::string format_duration(int64_t ms) {
  if (ms < 1000) return fmt::format("{}ms", ms);
  if (ms < 60'000) return fmt::format("{:.1f}s", static_cast<double>(ms) / 1000.0);
  return fmt::format("{}m {:02}s", ms / 60'000, (ms / 1000) % 60);
}

size_t widest_id(const RunSummary& summary) {
  size_t width = 0;
  for (const auto& t : summary.tasks) width = std::max(width, t.id.size());
  return width;
}

std::string outcome_line(const RunSummary& summary, size_t task, size_t id_width) {
  const TaskOutcome& t = summary.tasks[task];
  std::string id = fmt::format("{:<{}}", t.id, id_width);
  switch (t.status) {
    case TaskStatus::k_success:
      return fmt::format("  ok         {}  {}  {}", id, cache_word(t),
                         format_duration(t.duration_ms));
    case TaskStatus::k_failure:
      return fmt::format("  failed     {}  {}  {}", id,
                         t.error ? t.error->message : fmt::format("exit code {}", t.exit_code),
                         format_duration(t.duration_ms));
    case TaskStatus::k_skipped:
      return t.blocked_by
                 ? fmt::format("  skipped    {}  ({} failed)", id, summary.tasks[*t.blocked_by].id)
                 : fmt::format("  skipped    {}", t.id);
    case TaskStatus::k_cancelled:
      return fmt::format("  cancelled  {}  ({})", id, t.stopped ? "stopped" : "not started");
  }
  return {};
}

std::string totals_text(const TaskGraph& graph, const RunSummary& summary) {
  bool clean = summary.exit_code == ExitCode::k_ok;
  return clean ? success_text(graph, summary) : failure_text(graph, summary);
}

nlohmann::json to_json(const RunSummary& summary, bool with_output) {
  nlohmann::json tasks = nlohmann::json::array();
  for (const auto& t : summary.tasks) {
    nlohmann::json j = {{"id", t.id},
                        {"status", to_string(t.status)},
                        {"exitCode", t.exit_code},
                        {"durationMs", t.duration_ms}};
    if (t.looked_up) j["cache"] = to_string(t.cache);
    if (t.cache == CacheStatus::k_hit) j["cacheSource"] = to_string(t.cache_source);
    if (t.error) j["error"] = t.error->str();
    if (t.blocked_by) j["blockedBy"] = summary.tasks[*t.blocked_by].id;
    if (t.stopped) j["stopped"] = true;
    if (with_output) j["output"] = t.terminal_output;
    tasks.push_back(std::move(j));
  }
  return {{"exitCode", static_cast<int>(summary.exit_code)},
          {"interrupted", summary.interrupted},
          {"durationMs", summary.duration_ms},
          {"tasks", std::move(tasks)}};
}

}  // namespace strata
