#pragma once
// Work on several threads, results in input order: a reader hands out
// inputs one at a time, up to `workers` of them are worked on at once, and
// each output is taken on the calling thread in the order its input was
// read, as a sequential loop would. For streams whose items are slow to
// answer but must be printed in order (queries sent to a server).

#include <condition_variable>
#include <cstddef>
#include <deque>
#include <exception>
#include <functional>
#include <mutex>
#include <optional>
#include <thread>
#include <vector>

namespace strata {

// Calls next() for inputs until it returns nullopt, work(input) for each on
// up to `workers` threads, and take(output) for each in input order; next()
// and take() run on the calling thread. When take() returns false nothing
// more is read or taken, and the call returns once the work already started
// has finished. With `workers` <= 1 everything runs on the calling thread,
// one input at a time. An exception thrown by work() is rethrown here, in
// its input's turn.
template <typename In, typename Out>
void run_ordered(size_t workers, const std::function<std::optional<In>()>& next,
                 const std::function<Out(In&)>& work, const std::function<bool(Out&)>& take) {
  if (workers <= 1) {
    while (auto in = next()) {
      Out out = work(*in);
      if (!take(out)) return;
    }
    return;
  }
  struct Slot {
    In in;
    std::optional<Out> out;  // set by the worker, under `mutex`
    std::exception_ptr error;
    bool done = false;
  };
  std::mutex mutex;
  std::condition_variable changed;
  // Inputs read and not yet taken, oldest first. Only this thread adds and
  // removes slots (a deque keeps the others where they are); workers reach
  // theirs through `todo`.
  std::deque<Slot> window;
  std::deque<Slot*> todo;  // guarded by `mutex`
  bool stop = false;       // guarded by `mutex`
  auto worker = [&] {
    std::unique_lock lock(mutex);
    for (;;) {
      changed.wait(lock, [&] { return stop || !todo.empty(); });
      if (todo.empty()) return;
      Slot* slot = todo.front();
      todo.pop_front();
      lock.unlock();
      std::optional<Out> out;
      std::exception_ptr error;
      try {
        out.emplace(work(slot->in));
      } catch (...) {
        error = std::current_exception();
      }
      lock.lock();
      slot->out = std::move(out);
      slot->error = error;
      slot->done = true;
      changed.notify_all();
    }
  };
  std::vector<std::thread> threads;
  for (size_t i = 0; i < workers; ++i) threads.emplace_back(worker);
  auto finish = [&] {
    {
      std::lock_guard lock(mutex);
      stop = true;
      todo.clear();
    }
    changed.notify_all();
    for (auto& t : threads) t.join();
  };
  // Read ahead by twice the workers, so they have inputs while the oldest
  // output is being taken.
  const size_t ahead = workers * 2;
  bool more = true;
  std::exception_ptr failed;
  for (;;) {
    while (more && window.size() < ahead) {
      std::optional<In> in = next();
      if (!in) {
        more = false;
        break;
      }
      window.push_back(Slot{std::move(*in), std::nullopt, nullptr, false});
      {
        std::lock_guard lock(mutex);
        todo.push_back(&window.back());
      }
      changed.notify_all();
    }
    if (window.empty()) break;
    std::optional<Out> out;
    {
      std::unique_lock lock(mutex);
      changed.wait(lock, [&] { return window.front().done; });
      out = std::move(window.front().out);
      failed = window.front().error;
    }
    window.pop_front();
    if (failed || !take(*out)) break;
  }
  finish();
  if (failed) std::rethrow_exception(failed);
}

}  // namespace strata
