#pragma once
// When to restart a service that exited: after 0.5 s, then twice as long
// each time up to 30 s, so a service that crashes at once does not spin
// the machine, and one that crashed after running a while comes back fast.

#include <cstdint>

namespace strata {

inline constexpr int64_t k_backoff_first_ms = 500;
inline constexpr int64_t k_backoff_max_ms = 30'000;
// A process that stayed up this long before it exited starts the schedule
// over: its crash is news, not the next failure of a loop.
inline constexpr int64_t k_backoff_reset_after_ms = 30'000;

// The delay before restart number `restart` (1 for the first restart).
int64_t backoff_delay_ms(int restart);

// The restart schedule of one process.
class Backoff {
 public:
  // Called when the process exited after running `uptime_ms`; returns how
  // long to wait before starting it again.
  int64_t next_delay_ms(int64_t uptime_ms);
  // Consecutive restarts without a long enough run in between.
  int attempts() const { return m_attempts; }

 private:
  int m_attempts = 0;
};

}  // namespace strata
