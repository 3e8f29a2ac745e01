#include "util/thread_pool.h"

#include <gtest/gtest.h>

#include <atomic>
#include <stdexcept>
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

// A worker's exception used to escape its std::thread and abort the process
// (std::terminate) while the other threads were still joinable.
TEST(ThreadPool, RethrowsAWorkersExceptionOnTheCaller) {
  std::atomic<int> calls{0};
  auto throwing = [&](size_t i) {
    ++calls;
    if (i == 37) throw std::runtime_error("item 37");
  };
  try {
    parallel_for(1000, throwing, 4);
    FAIL() << "no exception";
  } catch (const std::runtime_error& e) {
    EXPECT_STREQ(e.what(), "item 37");
  }
  EXPECT_GE(calls.load(), 1);
}

TEST(ThreadPool, RethrowsFromEveryThreadCount) {
  for (size_t threads : {1, 2, 8})
    EXPECT_THROW(parallel_for(
                     64,
                     [](size_t i) {
                       if (i % 5 == 4) throw std::logic_error("x");
                     },
                     threads),
                 std::logic_error);
}

}  // namespace strata
