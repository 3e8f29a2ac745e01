#include "supervise/backoff.h"

#include <algorithm>

namespace strata {

int64_t backoff_delay_ms(int restart) {
  int64_t delay = k_backoff_first_ms;
  for (int i = 1; i < restart && delay < k_backoff_max_ms; ++i) delay *= 2;
  return std::min(delay, k_backoff_max_ms);
}

int64_t Backoff::next_delay_ms(int64_t uptime_ms) {
  if (uptime_ms >= k_backoff_reset_after_ms) m_attempts = 0;
  return backoff_delay_ms(++m_attempts);
}

}  // namespace strata
