#include "util/thread_pool.h"

#include <gtest/gtest.h>

#include <atomic>
#include <vector>

namespace strata {

TEST(ThreadPool, VisitsEveryIndexOnce) {
  std::vector<std::atomic<int>> seen(1000);
  parallel_for(seen.size(), [&](size_t i) { seen[i]++; }, 4);
  for (auto& s : seen) EXPECT_EQ(s.load(), 1);
}

TEST(ThreadPool, HandlesEmptyAndSingle) {
  int calls = 0;
  parallel_for(0, [&](size_t) { ++calls; });
  parallel_for(1, [&](size_t) { ++calls; });
  EXPECT_EQ(calls, 1);
}

}  // namespace strata
