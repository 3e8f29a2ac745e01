#include "util/thread_pool.h"

#include <algorithm>
#include <atomic>
#include <exception>
#include <mutex>
#include <thread>
#include <vector>

namespace strata {

size_t default_parallelism() {
  unsigned n = std::thread::hardware_concurrency();
  return n == 0 ? 2 : n;
}

void parallel_for(size_t n, const std::function<void(size_t)>& fn, size_t threads) {
  if (threads == 0) threads = default_parallelism();
  threads = std::min(threads, n);
  if (threads <= 1) {
    for (size_t i = 0; i < n; ++i) fn(i);
    return;
  }
  std::atomic<size_t> next{0};
  const size_t chunk = std::max<size_t>(1, n / (threads * 8));
  // An exception must not leave a worker thread (that is std::terminate):
  // the first one is kept, the others stop taking items, and it is
  // rethrown on the caller once every thread has been joined.
  std::exception_ptr failure;
  std::mutex failure_mutex;
  auto work = [&] {
    try {
      for (;;) {
        size_t begin = next.fetch_add(chunk);
        if (begin >= n) return;
        size_t end = std::min(n, begin + chunk);
        for (size_t i = begin; i < end; ++i) fn(i);
      }
    } catch (...) {
      next.store(n);
      std::lock_guard<std::mutex> lock(failure_mutex);
      if (!failure) failure = std::current_exception();
    }
  };
  std::vector<std::thread> pool;
  for (size_t t = 1; t < threads; ++t) pool.emplace_back(work);
  work();
  for (auto& t : pool) t.join();
  if (failure) std::rethrow_exception(failure);
}

}  // namespace strata
