#pragma once
// Batcher: the dynamic batcher in front of a model version's instances.
// Requests queue; each instance has a thread that takes the next batch:
// it waits up to the maximum queue delay (from the oldest request) for
// enough rows to fill the largest preferred batch size, then joins the
// requests it takes along dimension 0, runs them as one, and splits the
// outputs back by rows. Without batching each request runs alone, on the
// caller's own thread when an instance is free and nothing is queued.

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <deque>
#include <functional>
#include <future>
#include <memory>
#include <mutex>
#include <optional>
#include <thread>
#include <vector>

#include "serve/backend.h"
#include "serve/tensor.h"
#include "util/result.h"

namespace strata::serve {

struct BatchingConfig {
  int64_t max_batch_size = 0;  // rows per batch; 0: no batching
  std::vector<int64_t> preferred_batch_sizes;
  std::chrono::microseconds max_queue_delay{0};
  int instances = 1;
};

// How long one request spent waiting and computing, and in how large a batch.
struct InferTiming {
  double queue_seconds = 0;
  double compute_seconds = 0;
  int64_t batch_rows = 0;
};

// One model execution, as the batcher reports it once its requests are
// answered (metrics.db's inference batches).
struct BatchRecord {
  int64_t started_ms = 0;  // Unix time
  int64_t duration_us = 0;
  int64_t rows = 0;
  bool ok = true;
};
using BatchSink = std::function<void(const BatchRecord&)>;

// How many of the queued requests, whose rows are `queued_rows` in order,
// form the next batch: the longest prefix within max_batch_size whose rows
// are a preferred size, else the longest prefix within max_batch_size
// (always at least one request).
size_t batch_take(const std::vector<int64_t>& queued_rows, const BatchingConfig& config);

class Batcher {
 public:
  // `batches`, when given, counts the model executions; `on_batch`, when
  // given, hears of each on the instance's thread after its requests have
  // their answers, so it must not block for long.
  Batcher(std::vector<std::unique_ptr<ModelInstance>> instances, BatchingConfig config,
          std::atomic<unsigned long long>* batches = nullptr, BatchSink on_batch = {});
  // Runs what is queued, then stops the instance threads.
  ~Batcher();
  Batcher(const Batcher&) = delete;
  Batcher& operator=(const Batcher&) = delete;

  // Blocks until the request's batch ran.
  Result<std::vector<Tensor>> infer(std::vector<Tensor> inputs, InferTiming* timing = nullptr);

 private:
  using Clock = std::chrono::steady_clock;
  struct Pending {
    std::vector<Tensor> inputs;
    int64_t rows = 1;
    Clock::time_point queued;
    std::promise<Result<std::vector<Tensor>>> done;
    InferTiming* timing = nullptr;
  };

  std::optional<Result<std::vector<Tensor>>> try_run_here(const std::vector<Tensor>& inputs,
                                                          int64_t rows, InferTiming* timing);
  void run_instance(size_t index);
  std::vector<std::unique_ptr<Pending>> next_batch();
  void execute(ModelInstance& instance, std::vector<std::unique_ptr<Pending>> batch);
  // Gives each request of the batch its rows of `outputs` (or the error).
  void answer(std::vector<std::unique_ptr<Pending>>& batch, Result<std::vector<Tensor>>& outputs,
              double compute, Clock::time_point start, int64_t rows);
  int64_t target_rows() const;

  std::vector<std::unique_ptr<ModelInstance>> m_instances;
  // One per instance, held while it runs: an instance thread and a caller
  // running unbatched on its own thread never share an instance.
  std::unique_ptr<std::mutex[]> m_instance_busy;
  BatchingConfig m_config;
  std::atomic<unsigned long long>* m_batches;
  BatchSink m_on_batch;
  // Plain std::mutex: the instance threads wait on it with a deadline,
  // which util/mutex.h's UniqueLock does not offer.
  std::mutex m_mutex;
  std::condition_variable m_wake;
  std::deque<std::unique_ptr<Pending>> m_queue;  // guarded by m_mutex
  bool m_stopping = false;                       // guarded by m_mutex
  std::vector<std::thread> m_threads;
};

}  // namespace strata::serve
