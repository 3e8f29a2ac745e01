#pragma once
// What a run produced, per task and overall: the data behind the closing
// summary lines and the caller's `--json` output.

#include <cstdint>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "tasks/task_graph.h"
#include "util/diagnostics.h"
#include "util/result.h"

namespace strata {

enum class CacheStatus { k_disabled, k_miss, k_hit };
enum class CacheSource { k_none, k_local, k_remote };

enum class TaskStatus {
  k_success,
  k_failure,    // ran (or was replayed) with a non-zero exit, or could not start
  k_skipped,    // a dependency did not succeed
  k_cancelled,  // never started (--bail or Ctrl-C), or stopped by Ctrl-C (`stopped`)
};

// How one task ended.
struct TaskOutcome {
  std::string id;
  TaskStatus status = TaskStatus::k_cancelled;
  int exit_code = 0;       // the child's code (128 + signal if killed); 0 when not run
  bool looked_up = false;  // the cache was asked; `cache` means nothing before
  CacheStatus cache = CacheStatus::k_disabled;
  CacheSource cache_source = CacheSource::k_none;
  int64_t duration_ms = 0;
  std::string terminal_output;       // stdout+stderr as captured or replayed
  std::optional<Error> error;        // why it failed without running a command
  std::optional<size_t> blocked_by;  // skipped: the dependency that failed first
  bool stopped = false;              // cancelled while running: the run was interrupted
};

struct RunSummary {
  std::vector<TaskOutcome> tasks;  // indexed like TaskGraph::tasks
  ExitCode exit_code = ExitCode::k_ok;
  bool interrupted = false;
  bool bailed = false;  // --bail stopped scheduling after a failure
  int64_t duration_ms = 0;

  size_t count(TaskStatus status) const;
  size_t cache_hits() const;
};

std::string_view to_string(TaskStatus status);   // "success", "failure", ...
std::string_view to_string(CacheStatus status);  // "hit", "miss", "disabled"
std::string_view to_string(CacheSource source);  // "local", "remote", ""

// "850ms", "1.2s", "2m 05s".
std::string format_duration(int64_t ms);

// One line for the closing summary, e.g. "  ok         lib:build  local cache  12ms",
// with the id padded to `id_width` so the columns line up.
std::string outcome_line(const RunSummary& summary, size_t task, size_t id_width = 0);
// The widest task id, for `id_width`.
size_t widest_id(const RunSummary& summary);

// The closing totals, e.g. "Successfully ran target build for 12 projects
// (3 from cache)", or the failure counts followed by the failed tasks.
std::string totals_text(const TaskGraph& graph, const RunSummary& summary);

// {"exitCode", "interrupted", "durationMs", "tasks": [{"id", "status",
// "exitCode", "cache"?, "cacheSource"?, "durationMs", "error"?, "blockedBy"?,
// "output"?}]}; "cache" is left out for tasks never looked up. Output bytes
// need not be UTF-8: dump with error_handler_t::replace when `with_output`.
nlohmann::json to_json(const RunSummary& summary, bool with_output);

}  // namespace strata
