#pragma once
// Process supervision: every command runs as `/bin/sh -c <command>` in its
// own process group with stdout and stderr merged into one pipe, and one
// poll loop (SubprocessSet::poll) reads all pipes, reaps exits and notices
// Ctrl-C. Modelled on ninja's subprocess.h. Each group also holds a watcher
// on a "lifeline" pipe from this process: if Strata dies (even by kill -9)
// the pipe closes and the watcher kills the whole group, so no orphan goes
// on writing a task's outputs.

#include <sys/types.h>

#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "exec/signal_pipe.h"
#include "util/result.h"

namespace strata {

// One child: its process group, the read end of its output pipe and, once
// reaped, how it ended.
class Subprocess {
 public:
  ~Subprocess();
  Subprocess(const Subprocess&) = delete;
  Subprocess& operator=(const Subprocess&) = delete;

  size_t tag() const { return m_tag; }
  pid_t pid() const { return m_pid; }
  bool reaped() const { return m_reaped; }
  // The exit status, or 128 + signal number for a child killed by a signal
  // (the shell convention). Meaningful once reaped.
  int exit_code() const { return m_exit_code; }

 private:
  friend class SubprocessSet;
  Subprocess(size_t tag, pid_t pid, int fd, int lifeline_read, int lifeline_write)
      : m_tag(tag), m_pid(pid), m_fd(fd), m_lifeline{lifeline_read, lifeline_write} {}
  // Tells the group's watcher that the task ended normally, so it exits
  // without killing anything, and closes the lifeline.
  void release_lifeline();

  size_t m_tag;
  pid_t m_pid;
  int m_fd;  // -1 after EOF or once drained at exit
  // Both ends stay open here: with a reader always present, the release
  // byte can never raise SIGPIPE, and the watcher still sees end-of-file
  // when this process dies, because then no writer is left.
  int m_lifeline[2];
  bool m_reaped = false;
  int m_exit_code = 0;
};

// What the caller is told about output: which child wrote which bytes.
using OutputFn = std::function<void(const Subprocess&, std::string_view)>;

// The running children and the loop that supervises them. Creating a set
// installs the signal handlers (see SignalPipe); destroying it kills and
// reaps whatever still runs.
class SubprocessSet {
 public:
  SubprocessSet();
  ~SubprocessSet();

  // Starts `/bin/sh -c command` in `cwd` with `env` ("KEY=VALUE" strings),
  // stdin from /dev/null. `tag` is the caller's name for it.
  Result<Subprocess*> add(size_t tag, const std::string& command, const std::string& cwd,
                          const std::vector<std::string>& env);

  // Waits up to `timeout_ms` (-1: no limit) for output, an exit or a signal;
  // passes output to `on_output` and moves reaped children to finished().
  void poll(int timeout_ms, const OutputFn& on_output);

  // Children that ended since the last call, in the order they were reaped.
  std::vector<std::unique_ptr<Subprocess>> take_finished();

  // Sends `sig` to the process group of every child still running.
  void signal_all(int sig);

  size_t running() const { return m_running.size(); }
  // SIGINT/SIGTERM received since the set was created.
  int interrupts() const { return m_signals.interrupts(); }

 private:
  void read_output(Subprocess& sub, const OutputFn& on_output);
  // Reads what is left in the pipe of a child that exited, then closes it.
  void drain(Subprocess& sub, const OutputFn& on_output);
  void reap(const OutputFn& on_output);

  SignalPipe m_signals;
  std::vector<std::unique_ptr<Subprocess>> m_running;
  std::vector<std::unique_ptr<Subprocess>> m_finished;
};

}  // namespace strata
