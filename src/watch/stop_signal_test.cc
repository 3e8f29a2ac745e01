#include "watch/stop_signal.h"

#include <gtest/gtest.h>
#include <poll.h>

namespace strata {
namespace {

bool readable(int fd) {
  pollfd p{fd, POLLIN, 0};
  return ::poll(&p, 1, 0) == 1 && (p.revents & POLLIN);
}

int g_outer_hits = 0;
void outer_handler(int) { ++g_outer_hits; }

TEST(StopSignal, NothingReceivedAtFirst) {
  StopSignal stop;
  EXPECT_EQ(stop.received(), 0);
  EXPECT_FALSE(readable(stop.fd()));
}

TEST(StopSignal, TheFirstSignalIsTheOneRemembered) {
  StopSignal stop;
  ASSERT_EQ(::raise(SIGTERM), 0);
  EXPECT_TRUE(readable(stop.fd()));
  EXPECT_EQ(stop.received(), SIGTERM);
  ASSERT_EQ(::raise(SIGINT), 0);
  EXPECT_EQ(stop.received(), SIGTERM);
}

TEST(StopSignal, ANewOneForgetsTheLastOnesSignal) {
  {
    StopSignal stop;
    ASSERT_EQ(::raise(SIGINT), 0);
    EXPECT_EQ(stop.received(), SIGINT);
  }
  StopSignal again;
  EXPECT_EQ(again.received(), 0);
  EXPECT_FALSE(readable(again.fd()));
}

TEST(StopSignal, HandlersNestAndComeBackInOrder) {
  // The task runner installs its own handlers while a run lasts and puts
  // the watch loop's back; the same holds for any handler around it.
  struct sigaction outer{}, saved{};
  outer.sa_handler = outer_handler;
  sigemptyset(&outer.sa_mask);
  ASSERT_EQ(::sigaction(SIGINT, &outer, &saved), 0);
  {
    StopSignal stop;
    ASSERT_EQ(::raise(SIGINT), 0);
    EXPECT_EQ(g_outer_hits, 0);
    EXPECT_EQ(stop.received(), SIGINT);
  }
  ASSERT_EQ(::raise(SIGINT), 0);
  EXPECT_EQ(g_outer_hits, 1);
  ::sigaction(SIGINT, &saved, nullptr);
}

}  // namespace
}  // namespace strata
