// One poll loop supervises every child. Each child gets a pipe for stdout
// and stderr together (so the captured bytes are what a terminal would have
// shown, in order) and its own process group (so Ctrl-C handling can signal
// the shell and everything it started). A child is finished when it has
// been reaped, not when its pipe closes: a background grandchild may keep
// the pipe open forever, so at reap time the pipe is drained of whatever the
// child wrote and closed.

#include "exec/subprocess.h"

#include <fcntl.h>
#include <fmt/format.h>
#include <poll.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <csignal>
#include <cstring>

namespace strata {

namespace {

constexpr size_t k_read_chunk = 64 * 1024;
// The descriptor the lifeline's read end gets in the child.
constexpr int k_lifeline_fd = 3;

// Runs as `/bin/sh -c k_wrapper strata-task <command>`. A background
// watcher in the task's process group waits on the lifeline: a line means
// "the task ended, go", end-of-file means Strata died, and then it kills
// the group (kill 0). It ignores SIGINT/SIGTERM so a polite stop of the
// task does not disarm it. The command itself runs by exec, keeping the
// shell's pid, $0 and exit status, without the lifeline descriptor.
// Descriptors and signals are plain POSIX: a shim binary or
// PR_SET_PDEATHSIG would fire on the death of the spawning thread, not of
// Strata, and only for the shell, not for what it started.
constexpr const char* k_wrapper =
    "{ trap '' INT TERM; read -r _ <&3 || kill -9 0; } >/dev/null 2>&1 & "
    "exec 3<&- /bin/sh -c \"$1\"";

int exit_code_of(int status) {
  if (WIFEXITED(status)) return WEXITSTATUS(status);
  if (WIFSIGNALED(status)) return 128 + WTERMSIG(status);
  return 1;
}

// Spawn attributes: a new process group, no blocked signals, and default
// dispositions for the signals this process catches.
void init_attr(posix_spawnattr_t* attr) {
  posix_spawnattr_init(attr);
  posix_spawnattr_setpgroup(attr, 0);
  sigset_t none;
  sigemptyset(&none);
  posix_spawnattr_setsigmask(attr, &none);
  sigset_t defaults;
  sigemptyset(&defaults);
  for (int sig : {SIGINT, SIGTERM, SIGCHLD, SIGPIPE, SIGQUIT, SIGHUP}) sigaddset(&defaults, sig);
  posix_spawnattr_setsigdefault(attr, &defaults);
  posix_spawnattr_setflags(attr,
                           POSIX_SPAWN_SETPGROUP | POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF);
}

void init_actions(posix_spawn_file_actions_t* actions, int out_fd, int lifeline_fd,
                  const std::string& cwd) {
  posix_spawn_file_actions_init(actions);
  posix_spawn_file_actions_addopen(actions, 0, "/dev/null", O_RDONLY, 0);
  posix_spawn_file_actions_adddup2(actions, out_fd, 1);
  posix_spawn_file_actions_adddup2(actions, out_fd, 2);
  posix_spawn_file_actions_adddup2(actions, lifeline_fd, k_lifeline_fd);
  if (!cwd.empty()) posix_spawn_file_actions_addchdir_np(actions, cwd.c_str());
}

// A pipe whose descriptors are all above k_lifeline_fd, so dup2 onto it
// in the child never meets the same number (which would keep CLOEXEC).
bool make_lifeline(int fds[2]) {
  int raw[2];
  if (pipe2(raw, O_CLOEXEC) != 0) return false;
  for (int i = 0; i < 2; ++i) {
    fds[i] = fcntl(raw[i], F_DUPFD_CLOEXEC, k_lifeline_fd + 1);
    close(raw[i]);
  }
  if (fds[0] >= 0 && fds[1] >= 0) return true;
  for (int i = 0; i < 2; ++i)
    if (fds[i] >= 0) close(fds[i]);
  return false;
}

void close_pair(int fds[2]) {
  for (int i = 0; i < 2; ++i)
    if (fds[i] >= 0) close(fds[i]);
}

}  // namespace

Subprocess::~Subprocess() {
  if (m_fd >= 0) close(m_fd);
  close_pair(m_lifeline);
}

void Subprocess::release_lifeline() {
  if (m_lifeline[1] < 0) return;
  ssize_t n;
  do {
    n = write(m_lifeline[1], "\n", 1);
  } while (n < 0 && errno == EINTR);
  close_pair(m_lifeline);
  m_lifeline[0] = m_lifeline[1] = -1;
}

SubprocessSet::SubprocessSet() = default;

SubprocessSet::~SubprocessSet() {
  signal_all(SIGKILL);
  for (auto& sub : m_running) {
    int status;
    while (waitpid(sub->m_pid, &status, 0) < 0 && errno == EINTR) {
    }
  }
}

Result<Subprocess*> SubprocessSet::add(size_t tag, const std::string& command,
                                       const std::string& cwd,
                                       const std::vector<std::string>& env) {
  int fds[2];
  if (pipe2(fds, O_CLOEXEC) != 0)
    return Error(fmt::format("cannot create a pipe for `{}`: {}", command, std::strerror(errno)));
  int lifeline[2];
  if (!make_lifeline(lifeline)) {
    int err = errno;
    close_pair(fds);
    return Error(fmt::format("cannot create a pipe for `{}`: {}", command, std::strerror(err)));
  }
  posix_spawn_file_actions_t actions;
  init_actions(&actions, fds[1], lifeline[0], cwd);
  posix_spawnattr_t attr;
  init_attr(&attr);

  const char* argv[] = {"/bin/sh", "-c", k_wrapper, "strata-task", command.c_str(), nullptr};
  std::vector<char*> envp;
  envp.reserve(env.size() + 1);
  for (const auto& kv : env) envp.push_back(const_cast<char*>(kv.c_str()));
  envp.push_back(nullptr);

  pid_t pid = -1;
  int rc =
      posix_spawn(&pid, "/bin/sh", &actions, &attr, const_cast<char* const*>(argv), envp.data());
  posix_spawn_file_actions_destroy(&actions);
  posix_spawnattr_destroy(&attr);
  close(fds[1]);
  if (rc != 0) {
    close(fds[0]);
    close_pair(lifeline);
    return Error(fmt::format("cannot start `{}` in {}: {}", command, cwd, std::strerror(rc)),
                 SourceLoc{}, "check that the directory exists and /bin/sh is available");
  }
  fcntl(fds[0], F_SETFL, O_NONBLOCK);
  m_running.push_back(
      std::unique_ptr<Subprocess>(new Subprocess(tag, pid, fds[0], lifeline[0], lifeline[1])));
  return m_running.back().get();
}

void SubprocessSet::poll(int timeout_ms, const OutputFn& on_output) {
  std::vector<pollfd> fds;
  std::vector<Subprocess*> owners;
  fds.push_back({m_signals.fd(), POLLIN, 0});
  for (auto& sub : m_running) {
    if (sub->m_fd < 0) continue;
    fds.push_back({sub->m_fd, POLLIN, 0});
    owners.push_back(sub.get());
  }
  int n = ::poll(fds.data(), fds.size(), timeout_ms);
  if (n > 0) {
    for (size_t i = 1; i < fds.size(); ++i)
      if (fds[i].revents != 0) read_output(*owners[i - 1], on_output);
    if (fds[0].revents != 0) m_signals.drain();
  }
  // Reaping on every wake-up, not only after SIGCHLD, is a handful of
  // WNOHANG calls and leaves no window where an exit goes unnoticed.
  reap(on_output);
}

void SubprocessSet::read_output(Subprocess& sub, const OutputFn& on_output) {
  char buf[k_read_chunk];
  ssize_t n = read(sub.m_fd, buf, sizeof buf);
  if (n > 0) {
    on_output(sub, std::string_view(buf, static_cast<size_t>(n)));
  } else if (n == 0 || (errno != EAGAIN && errno != EINTR)) {
    close(sub.m_fd);
    sub.m_fd = -1;
  }
}

void SubprocessSet::drain(Subprocess& sub, const OutputFn& on_output) {
  char buf[k_read_chunk];
  while (sub.m_fd >= 0) {
    ssize_t n = read(sub.m_fd, buf, sizeof buf);
    if (n > 0) {
      on_output(sub, std::string_view(buf, static_cast<size_t>(n)));
    } else if (n < 0 && errno == EINTR) {
      continue;
    } else {
      close(sub.m_fd);
      sub.m_fd = -1;
    }
  }
}

void SubprocessSet::reap(const OutputFn& on_output) {
  for (auto it = m_running.begin(); it != m_running.end();) {
    Subprocess& sub = **it;
    int status = 0;
    pid_t r = waitpid(sub.m_pid, &status, WNOHANG);
    if (r == 0 || (r < 0 && errno == EINTR)) {
      ++it;
      continue;
    }
    // r < 0 (ECHILD) means someone else reaped it; report a plain failure.
    sub.m_exit_code = r > 0 ? exit_code_of(status) : 1;
    sub.release_lifeline();
    drain(sub, on_output);
    sub.m_reaped = true;
    m_finished.push_back(std::move(*it));
    it = m_running.erase(it);
  }
}

std::vector<std::unique_ptr<Subprocess>> SubprocessSet::take_finished() {
  return std::exchange(m_finished, {});
}

void SubprocessSet::signal_all(int sig) {
  for (auto& sub : m_running) kill(-sub->m_pid, sig);
}

}  // namespace strata
