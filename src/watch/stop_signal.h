#pragma once
// Ctrl-C and SIGTERM as a readable descriptor for the watch loop's poll, the
// self-pipe trick again. It stays installed for the whole watch: the task
// runner's own SignalPipe replaces the handlers while tasks run and puts
// these back when the run ends, so a signal is never left to the default
// action (which would kill strata without stopping its tasks).

#include <csignal>

namespace strata {

class StopSignal {
 public:
  StopSignal();
  ~StopSignal();
  StopSignal(const StopSignal&) = delete;
  StopSignal& operator=(const StopSignal&) = delete;

  // Readable once SIGINT or SIGTERM arrived while installed.
  int fd() const { return m_read_fd; }
  // The first signal received (SIGINT or SIGTERM), or 0.
  int received() const;

 private:
  int m_read_fd = -1;
  int m_write_fd = -1;
  struct sigaction m_old_int{};
  struct sigaction m_old_term{};
};

}  // namespace strata
