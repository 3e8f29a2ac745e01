#include "util/ordered_parallel.h"

#include <gtest/gtest.h>

#include <atomic>
#include <condition_variable>
#include <mutex>
#include <stdexcept>
#include <string>
#include <vector>

namespace strata {
namespace {

// Inputs 0..n-1, read in order on the calling thread.
std::function<std::optional<int>()> numbers(int n, std::vector<int>* read = nullptr) {
  auto i = std::make_shared<int>(0);
  return [=]() -> std::optional<int> {
    if (*i >= n) return std::nullopt;
    if (read) read->push_back(*i);
    return (*i)++;
  };
}

TEST(OrderedParallel, OutputsAreTakenInInputOrder) {
  for (size_t workers : {1, 2, 4, 8}) {
    std::vector<std::string> taken;
    run_ordered<int, std::string>(
        workers, numbers(100), [](int& i) { return std::to_string(i * i); },
        [&](std::string& s) {
          taken.push_back(s);
          return true;
        });
    ASSERT_EQ(taken.size(), 100u) << workers;
    for (int i = 0; i < 100; ++i) EXPECT_EQ(taken[i], std::to_string(i * i)) << workers;
  }
}

// The first input is held until every other worker has finished one: the
// later outputs are ready first, and still wait for the first's turn.
TEST(OrderedParallel, ALaterOutputReadyFirstWaitsForItsTurn) {
  std::mutex mutex;
  std::condition_variable changed;
  int finished_others = 0;
  std::vector<int> taken;
  run_ordered<int, int>(
      4, numbers(4),
      [&](int& i) {
        std::unique_lock lock(mutex);
        if (i == 0) {
          changed.wait(lock, [&] { return finished_others == 3; });
        } else {
          ++finished_others;
          changed.notify_all();
        }
        return i;
      },
      [&](int& i) {
        taken.push_back(i);
        return true;
      });
  EXPECT_EQ(taken, (std::vector<int>{0, 1, 2, 3}));
}

TEST(OrderedParallel, WorkRunsOnSeveralThreadsAtOnce) {
  std::mutex mutex;
  std::condition_variable changed;
  int inside = 0;
  std::vector<int> taken;
  // Each of the first three waits until three are inside at once: with
  // fewer threads this would never return.
  run_ordered<int, int>(
      3, numbers(3),
      [&](int& i) {
        std::unique_lock lock(mutex);
        ++inside;
        changed.notify_all();
        changed.wait(lock, [&] { return inside >= 3; });
        return i;
      },
      [&](int& i) {
        taken.push_back(i);
        return true;
      });
  EXPECT_EQ(taken, (std::vector<int>{0, 1, 2}));
}

TEST(OrderedParallel, StoppingTakesNothingAfterTheStop) {
  for (size_t workers : {1, 3}) {
    std::vector<int> taken;
    std::vector<int> read;
    run_ordered<int, int>(
        workers, numbers(1000, &read), [](int& i) { return i; },
        [&](int& i) {
          taken.push_back(i);
          return i != 5;
        });
    EXPECT_EQ(taken, (std::vector<int>{0, 1, 2, 3, 4, 5})) << workers;
    // Reading stopped too, a little ahead of the stop at most.
    EXPECT_LE(read.size(), 6 + 2 * workers) << workers;
  }
}

TEST(OrderedParallel, AnExceptionFromWorkIsRethrownInItsTurn) {
  std::vector<int> taken;
  auto run = [&] {
    run_ordered<int, int>(
        4, numbers(50),
        [](int& i) {
          if (i == 7) throw std::runtime_error("seven");
          return i;
        },
        [&](int& i) {
          taken.push_back(i);
          return true;
        });
  };
  EXPECT_THROW(run(), std::runtime_error);
  EXPECT_EQ(taken, (std::vector<int>{0, 1, 2, 3, 4, 5, 6}));
}

TEST(OrderedParallel, NoInputsNoCalls) {
  int calls = 0;
  run_ordered<int, int>(
      4, numbers(0),
      [&](int& i) {
        ++calls;
        return i;
      },
      [&](int&) {
        ++calls;
        return true;
      });
  EXPECT_EQ(calls, 0);
}

}  // namespace
}  // namespace strata
