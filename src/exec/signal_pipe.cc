#include "exec/signal_pipe.h"

#include <fcntl.h>
#include <unistd.h>

#include <atomic>
#include <cerrno>
#include <stdexcept>

namespace strata {

namespace {

// Written by the handler, which may run on any thread; both are async-signal
// safe to touch (an int fd and a lock-free counter).
volatile sig_atomic_t g_write_fd = -1;
volatile sig_atomic_t g_interrupts = 0;
std::atomic<bool> g_installed{false};

void on_signal(int sig) {
  int saved = errno;
  if (sig == SIGINT || sig == SIGTERM) g_interrupts = g_interrupts + 1;
  char byte = static_cast<char>(sig);
  // A full pipe already guarantees a wake-up, so a failed write is fine.
  [[maybe_unused]] ssize_t n = write(g_write_fd, &byte, 1);
  errno = saved;
}

void install(int sig, struct sigaction* old) {
  struct sigaction sa{};
  sa.sa_handler = on_signal;
  sigemptyset(&sa.sa_mask);
  // SA_RESTART keeps other threads' blocking calls from failing with EINTR;
  // poll() still returns early, which is what the loop wants.
  sa.sa_flags = SA_RESTART | (sig == SIGCHLD ? SA_NOCLDSTOP : 0);
  sigaction(sig, &sa, old);
}

}  // namespace

SignalPipe::SignalPipe() {
  if (g_installed.exchange(true)) throw std::logic_error("only one SignalPipe may exist at a time");
  int fds[2];
  if (pipe2(fds, O_CLOEXEC | O_NONBLOCK) != 0) throw std::runtime_error("pipe2 failed");
  m_read_fd = fds[0];
  m_write_fd = fds[1];
  g_write_fd = m_write_fd;
  g_interrupts = 0;
  install(SIGINT, &m_old_int);
  install(SIGTERM, &m_old_term);
  install(SIGCHLD, &m_old_chld);
}

SignalPipe::~SignalPipe() {
  sigaction(SIGINT, &m_old_int, nullptr);
  sigaction(SIGTERM, &m_old_term, nullptr);
  sigaction(SIGCHLD, &m_old_chld, nullptr);
  g_write_fd = -1;
  close(m_read_fd);
  close(m_write_fd);
  g_installed = false;
}

void SignalPipe::drain() {
  char buf[64];
  while (read(m_read_fd, buf, sizeof buf) > 0) {
  }
}

int SignalPipe::interrupts() const { return g_interrupts; }

}  // namespace strata
