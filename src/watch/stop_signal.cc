#include "watch/stop_signal.h"

#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <stdexcept>

namespace strata {

namespace {

volatile sig_atomic_t g_stop_fd = -1;
volatile sig_atomic_t g_received = 0;

void on_stop(int sig) {
  int saved = errno;
  if (g_received == 0) g_received = sig;
  char byte = static_cast<char>(sig);
  [[maybe_unused]] ssize_t n = write(g_stop_fd, &byte, 1);
  errno = saved;
}

}  // namespace

StopSignal::StopSignal() {
  int fds[2];
  if (pipe2(fds, O_CLOEXEC | O_NONBLOCK) != 0) throw std::runtime_error("pipe2 failed");
  m_read_fd = fds[0];
  m_write_fd = fds[1];
  g_stop_fd = m_write_fd;
  g_received = 0;
  struct sigaction sa{};
  sa.sa_handler = on_stop;
  sigemptyset(&sa.sa_mask);
  sa.sa_flags = SA_RESTART;
  sigaction(SIGINT, &sa, &m_old_int);
  sigaction(SIGTERM, &sa, &m_old_term);
}

StopSignal::~StopSignal() {
  sigaction(SIGINT, &m_old_int, nullptr);
  sigaction(SIGTERM, &m_old_term, nullptr);
  g_stop_fd = -1;
  close(m_read_fd);
  close(m_write_fd);
}

int StopSignal::received() const { return g_received; }

}  // namespace strata
