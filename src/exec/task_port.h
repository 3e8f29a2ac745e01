#pragma once
// What the scheduler asks about each task from the layers above it: the
// cache lookup, the commands to run, and where to store a finished task.
// The exec layer does not know the cache; `cli/` implements this port with
// the cache and the command resolver (ninja keeps its build log behind the
// same kind of seam).

#include <cstddef>
#include <string>

#include "exec/run_summary.h"
#include "tasks/command.h"
#include "util/result.h"

namespace strata {

// What the cache knew about a task when it became ready.
struct CacheLookup {
  CacheStatus status = CacheStatus::k_disabled;
  CacheSource source = CacheSource::k_none;  // where a hit came from
  std::string terminal_output;               // a hit's recorded bytes, replayed as is
  int exit_code = 0;                         // a hit's recorded exit code
};

class TaskPort {
 public:
  virtual ~TaskPort() = default;
  // Called once per task, when all its dependencies succeeded (so their
  // hashes are known). A hit is replayed without running anything; an error
  // fails the task.
  virtual Result<CacheLookup> lookup(size_t task) = 0;
  // The commands for a task that was not a hit, asked just before it starts.
  virtual Result<ResolvedCommand> command(size_t task) = 0;
  // Called after a task's commands ran (not for hits or tasks that never
  // started), whatever the result: the implementation stores successes.
  // An error (outputs that must not be cached) fails the task.
  virtual Status store(size_t task, const TaskOutcome& outcome) = 0;
  // Asked before a task is looked up: false while another Strata process
  // runs the same task (the scheduler asks again later, and by then the
  // task is usually a cache hit). A claimed task is released when it ends.
  virtual bool try_claim(size_t /*task*/) { return true; }
  virtual void release(size_t /*task*/) {}
};

}  // namespace strata
