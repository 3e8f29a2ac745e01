#pragma once
// Where the scheduler reports progress: one implementation per output style
// (see output.h and progress_view.h). Reporters only format; the scheduler
// decides what happened.

#include <cstddef>
#include <cstdint>
#include <functional>
#include <string_view>

#include "exec/run_summary.h"

namespace strata {

// Milliseconds on a monotonic clock; injectable so tests see fixed times.
using Clock = std::function<int64_t()>;
int64_t steady_clock_ms();

class RunReporter {
 public:
  virtual ~RunReporter() = default;
  // A task starts running or, for a cache hit, starts its replay.
  virtual void task_started(size_t task) = 0;
  // Bytes from a running task, or a hit's whole recorded output.
  virtual void task_output(size_t task, std::string_view bytes) = 0;
  // Every task ends here exactly once, skipped and cancelled ones included.
  virtual void task_finished(size_t task, const TaskOutcome& outcome) = 0;
  // The first Ctrl-C: `running` tasks are being stopped.
  virtual void interrupted(size_t running) = 0;
  // How often tick() wants to be called while tasks run (-1: never).
  virtual int tick_interval_ms() const { return -1; }
  virtual void tick() {}
  virtual void run_finished(const RunSummary& summary) = 0;
};

}  // namespace strata
