#include "supervise/backoff.h"

#include <gtest/gtest.h>

namespace strata {
namespace {

TEST(Backoff, DoublesFromHalfASecondUpToThirtySeconds) {
  EXPECT_EQ(backoff_delay_ms(1), 500);
  EXPECT_EQ(backoff_delay_ms(2), 1000);
  EXPECT_EQ(backoff_delay_ms(3), 2000);
  EXPECT_EQ(backoff_delay_ms(6), 16000);
  EXPECT_EQ(backoff_delay_ms(7), 30000);
  EXPECT_EQ(backoff_delay_ms(1000), 30000);
}

TEST(Backoff, QuickCrashesClimbTheSchedule) {
  Backoff b;
  EXPECT_EQ(b.next_delay_ms(10), 500);
  EXPECT_EQ(b.next_delay_ms(10), 1000);
  EXPECT_EQ(b.next_delay_ms(10), 2000);
  EXPECT_EQ(b.attempts(), 3);
}

TEST(Backoff, ALongRunStartsTheScheduleOver) {
  Backoff b;
  b.next_delay_ms(10);
  b.next_delay_ms(10);
  EXPECT_EQ(b.next_delay_ms(k_backoff_reset_after_ms), 500);
  EXPECT_EQ(b.attempts(), 1);
}

}  // namespace
}  // namespace strata
