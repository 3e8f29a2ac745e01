#include "exec/signal_pipe.h"

#include <gtest/gtest.h>
#include <poll.h>
#include <sys/wait.h>
#include <unistd.h>

#include <stdexcept>

namespace strata {
namespace {

// Whether `fd` has bytes to read right now (no waiting).
bool readable(int fd) {
  pollfd p{fd, POLLIN, 0};
  return ::poll(&p, 1, 0) == 1 && (p.revents & POLLIN);
}

int g_custom_hits = 0;
void custom_handler(int) { ++g_custom_hits; }

TEST(SignalPipe, AnInterruptWakesThePipeAndIsCounted) {
  SignalPipe pipe;
  EXPECT_FALSE(readable(pipe.fd()));
  EXPECT_EQ(pipe.interrupts(), 0);
  ASSERT_EQ(::raise(SIGINT), 0);  // delivered to this thread before raise returns
  EXPECT_TRUE(readable(pipe.fd()));
  EXPECT_EQ(pipe.interrupts(), 1);
  ASSERT_EQ(::raise(SIGTERM), 0);
  EXPECT_EQ(pipe.interrupts(), 2);
}

TEST(SignalPipe, DrainEmptiesThePipeButKeepsTheCount) {
  SignalPipe pipe;
  for (int i = 0; i < 3; ++i) ASSERT_EQ(::raise(SIGINT), 0);
  pipe.drain();
  EXPECT_FALSE(readable(pipe.fd()));
  EXPECT_EQ(pipe.interrupts(), 3);
  pipe.drain();  // draining an empty pipe does not block
  EXPECT_FALSE(readable(pipe.fd()));
}

TEST(SignalPipe, AChildsExitWakesThePipeWithoutCountingAsAnInterrupt) {
  SignalPipe pipe;
  pid_t child = ::fork();
  ASSERT_GE(child, 0);
  if (child == 0) ::_exit(0);
  int status = 0;
  ASSERT_EQ(::waitpid(child, &status, 0), child);
  // SIGCHLD may arrive after waitpid returns on another CPU; wait for the
  // pipe itself, which is what the poll loop does.
  pollfd p{pipe.fd(), POLLIN, 0};
  ASSERT_EQ(::poll(&p, 1, -1), 1);
  EXPECT_EQ(pipe.interrupts(), 0);
}

TEST(SignalPipe, OnlyOneAtATime) {
  SignalPipe first;
  EXPECT_THROW(SignalPipe second, std::logic_error);
}

TEST(SignalPipe, ANewPipeStartsCountingFromZero) {
  {
    SignalPipe pipe;
    ASSERT_EQ(::raise(SIGINT), 0);
    EXPECT_EQ(pipe.interrupts(), 1);
  }
  SignalPipe again;
  EXPECT_EQ(again.interrupts(), 0);
  EXPECT_FALSE(readable(again.fd()));
}

TEST(SignalPipe, ThePreviousHandlersComeBack) {
  struct sigaction custom{}, old{};
  custom.sa_handler = custom_handler;
  sigemptyset(&custom.sa_mask);
  ASSERT_EQ(::sigaction(SIGTERM, &custom, &old), 0);
  {
    SignalPipe pipe;
    ASSERT_EQ(::raise(SIGTERM), 0);
    EXPECT_EQ(g_custom_hits, 0);  // the pipe's handler had it
  }
  ASSERT_EQ(::raise(SIGTERM), 0);
  EXPECT_EQ(g_custom_hits, 1);
  ::sigaction(SIGTERM, &old, nullptr);
}

}  // namespace
}  // namespace strata
