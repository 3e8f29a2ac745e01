#pragma once
// The scheduler's view of running commands, as in ninja's CommandRunner: it
// starts tasks and waits for events. ProcessRunner is the real one; tests
// drive the scheduler with a scripted fake.

#include <cstddef>
#include <optional>
#include <string>

#include "tasks/command.h"
#include "util/result.h"

namespace strata {

struct RunnerEvent {
  enum class Kind {
    k_output,    // `bytes` arrived from the task's commands
    k_finished,  // all of the task's commands are done
    k_idle,      // the wait timed out or a signal woke it
  };
  Kind kind = Kind::k_idle;
  size_t task = 0;
  std::string bytes;
  int exit_code = 0;           // k_finished: the first failing command's code, or 0
  std::optional<Error> error;  // k_finished: a command could not be started
};

class CommandRunner {
 public:
  virtual ~CommandRunner() = default;
  // Starts the commands of `task`, in order or at once per `command.parallel`.
  virtual void start(size_t task, const ResolvedCommand& command) = 0;
  // The next event, waiting at most `timeout_ms` (-1: no limit).
  virtual RunnerEvent wait(int timeout_ms) = 0;
  // Tasks started and not yet reported finished.
  virtual size_t running() const = 0;
  // SIGINT/SIGTERM received while the runner existed.
  virtual int interrupts() const = 0;
  // Stops every running task: politely, then forcefully after a grace
  // period; at once when `force`. Running tasks still report k_finished.
  virtual void abort(bool force) = 0;
};

}  // namespace strata
