#pragma once
// Turns SIGCHLD, SIGINT and SIGTERM into bytes on a pipe (the self-pipe
// trick), so the one poll loop that reads children's output also wakes for
// child exits and Ctrl-C. Signal dispositions are process-wide, so at most
// one SignalPipe exists at a time; the previous handlers come back when it
// is destroyed.

#include <csignal>

namespace strata {

class SignalPipe {
 public:
  SignalPipe();
  ~SignalPipe();
  SignalPipe(const SignalPipe&) = delete;
  SignalPipe& operator=(const SignalPipe&) = delete;

  // Read end: readable after any of the watched signals arrived.
  int fd() const { return m_read_fd; }
  // Empties the pipe so the next poll sleeps until a new signal.
  void drain();
  // SIGINT/SIGTERM received since construction.
  int interrupts() const;

 private:
  int m_read_fd = -1;
  int m_write_fd = -1;
  struct sigaction m_old_int{};
  struct sigaction m_old_term{};
  struct sigaction m_old_chld{};
};

}  // namespace strata
