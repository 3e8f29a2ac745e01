#pragma once
// The real CommandRunner: runs each task's commands as child processes
// under one SubprocessSet, in sequence (stopping at the first failure) or
// all at once, and stops them on abort with SIGTERM, then SIGKILL once the
// grace period is over.

#include <cstdint>
#include <deque>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "exec/command_runner.h"
#include "exec/subprocess.h"

namespace strata {

struct ProcessRunnerOptions {
  std::string workspace_root;                  // its node_modules/.bin goes on PATH
  int kill_grace_ms = 2000;                    // between SIGTERM and SIGKILL on abort
  const char* const* inherited_env = nullptr;  // nullptr: this process's environ
};

class ProcessRunner : public CommandRunner {
 public:
  explicit ProcessRunner(ProcessRunnerOptions options);

  void start(size_t task, const ResolvedCommand& command) override;
  RunnerEvent wait(int timeout_ms) override;
  size_t running() const override { return m_unreported; }
  int interrupts() const override { return m_set.interrupts(); }
  void abort(bool force) override;

 private:
  // One task in flight: its commands, which one comes next, how many run.
  struct TaskRun {
    ResolvedCommand command;
    std::vector<std::string> env;
    size_t next = 0;
    size_t live = 0;
    int exit_code = 0;
    std::optional<Error> error;
  };

  void spawn_next(size_t task, TaskRun& run);
  void on_exit(const Subprocess& sub);
  void finish_if_done(size_t task);
  int poll_timeout(int timeout_ms) const;

  ProcessRunnerOptions m_options;
  SubprocessSet m_set;
  std::map<size_t, TaskRun> m_tasks;
  std::deque<RunnerEvent> m_events;
  size_t m_unreported = 0;  // started, k_finished not yet returned by wait()
  bool m_aborting = false;
  bool m_killed = false;
  std::optional<int64_t> m_kill_at_ms;  // when SIGTERM turns into SIGKILL
};

}  // namespace strata
