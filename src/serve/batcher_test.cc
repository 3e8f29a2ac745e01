#include "serve/batcher.h"

#include <gtest/gtest.h>

#include <atomic>
#include <condition_variable>
#include <cstring>
#include <thread>

namespace strata::serve {
namespace {

Tensor column(std::initializer_list<float> v) {
  Tensor t{
      "x", DataType::k_fp32, {static_cast<int64_t>(v.size()), 1}, std::string(v.size() * 4, '\0')};
  std::memcpy(t.data.data(), std::data(v), t.data.size());
  return t;
}

float first(const Tensor& t) {
  float f;
  std::memcpy(&f, t.data.data(), 4);
  return f;
}

// Doubles its input, remembering the batch sizes it saw; fails on a row of -1.
class Doubler : public ModelInstance {
 public:
  explicit Doubler(std::vector<int64_t>* seen, std::mutex* mu) : m_seen(seen), m_mu(mu) {}
  Result<std::vector<Tensor>> infer(const std::vector<Tensor>& inputs) override {
    {
      std::lock_guard lock(*m_mu);
      m_seen->push_back(inputs[0].rows());
    }
    Tensor out = inputs[0];
    out.name = "y";
    for (size_t i = 0; i < out.data.size(); i += 4) {
      float f;
      std::memcpy(&f, out.data.data() + i, 4);
      if (f == -1) return Error("poisoned row");
      f *= 2;
      std::memcpy(out.data.data() + i, &f, 4);
    }
    return std::vector<Tensor>{out};
  }

 private:
  std::vector<int64_t>* m_seen;
  std::mutex* m_mu;
};

TEST(BatchTakeTest, PrefersAPreferredSizeWithinTheMaximum) {
  BatchingConfig c;
  c.max_batch_size = 8;
  c.preferred_batch_sizes = {4};
  EXPECT_EQ(batch_take({1, 1, 1, 1, 1}, c), 4u);
  EXPECT_EQ(batch_take({1, 2, 3}, c), 3u);  // 6 rows: no prefix is 4, the longest within 8
  EXPECT_EQ(batch_take({9, 1}, c), 1u);     // always at least one
  c.max_batch_size = 0;
  EXPECT_EQ(batch_take({1, 1}, c), 1u);
  EXPECT_EQ(batch_take({}, c), 0u);
}

TEST(BatcherTest, JoinsConcurrentRequestsAndSplitsTheirOutputs) {
  std::vector<int64_t> seen;
  std::mutex mu;
  std::vector<std::unique_ptr<ModelInstance>> instances;
  instances.push_back(std::make_unique<Doubler>(&seen, &mu));
  BatchingConfig c;
  c.max_batch_size = 16;
  c.preferred_batch_sizes = {8};
  c.max_queue_delay = std::chrono::milliseconds(200);
  Batcher batcher(std::move(instances), c);
  std::vector<std::thread> clients;
  std::atomic<int> right{0};
  for (int i = 0; i < 8; ++i)
    clients.emplace_back([&, i] {
      auto out = batcher.infer({column({static_cast<float>(i)})});
      if (out && out->size() == 1 && (*out)[0].rows() == 1 && first((*out)[0]) == 2.0f * i) ++right;
    });
  for (auto& t : clients) t.join();
  EXPECT_EQ(right, 8);
  // Eight one-row requests inside the delay: fewer batches than requests.
  EXPECT_LT(seen.size(), 8u);
}

TEST(BatcherTest, ABatchFailureFailsEachOfItsRequests) {
  std::vector<int64_t> seen;
  std::mutex mu;
  std::vector<std::unique_ptr<ModelInstance>> instances;
  instances.push_back(std::make_unique<Doubler>(&seen, &mu));
  Batcher batcher(std::move(instances), BatchingConfig{});
  EXPECT_FALSE(batcher.infer({column({-1})}));
  auto ok = batcher.infer({column({3, 4})});
  ASSERT_TRUE(ok);
  EXPECT_EQ(first((*ok)[0]), 6.0f);
}

TEST(BatcherTest, StopsAfterRunningWhatIsQueued) {
  std::vector<int64_t> seen;
  std::mutex mu;
  std::atomic<int> answered{0};
  std::vector<std::thread> clients;
  {
    std::vector<std::unique_ptr<ModelInstance>> instances;
    for (int i = 0; i < 2; ++i) instances.push_back(std::make_unique<Doubler>(&seen, &mu));
    auto batcher = std::make_unique<Batcher>(
        std::move(instances), BatchingConfig{4, {}, std::chrono::milliseconds(5), 2});
    for (int i = 0; i < 6; ++i)
      clients.emplace_back([&] {
        if (batcher->infer({column({1})})) ++answered;
      });
    for (auto& t : clients) t.join();
  }
  EXPECT_EQ(answered, 6);
}

// Records which thread ran it; optionally blocks until released, so a test
// can hold the only instance busy.
class ThreadRecorder : public ModelInstance {
 public:
  Result<std::vector<Tensor>> infer(const std::vector<Tensor>& inputs) override {
    {
      std::lock_guard lock(m_mu);
      m_threads.push_back(std::this_thread::get_id());
      m_entered = true;
    }
    m_changed.notify_all();
    std::unique_lock lock(m_mu);
    m_changed.wait(lock, [this] { return !m_hold; });
    return inputs;
  }
  void hold() {
    std::lock_guard lock(m_mu);
    m_hold = true;
  }
  void wait_entered() {
    std::unique_lock lock(m_mu);
    m_changed.wait(lock, [this] { return m_entered; });
  }
  void release() {
    {
      std::lock_guard lock(m_mu);
      m_hold = false;
    }
    m_changed.notify_all();
  }
  std::vector<std::thread::id> threads() {
    std::lock_guard lock(m_mu);
    return m_threads;
  }

 private:
  std::mutex m_mu;
  std::condition_variable m_changed;
  std::vector<std::thread::id> m_threads;
  bool m_hold = false, m_entered = false;
};

TEST(BatcherTest, UnbatchedRequestRunsOnTheCallersThreadWhenAnInstanceIsFree) {
  std::atomic<unsigned long long> batches{0};
  std::vector<std::unique_ptr<ModelInstance>> instances;
  instances.push_back(std::make_unique<ThreadRecorder>());
  auto* recorder = static_cast<ThreadRecorder*>(instances[0].get());
  Batcher batcher(std::move(instances), BatchingConfig{}, &batches);
  InferTiming timing;
  auto out = batcher.infer({column({3})}, &timing);
  ASSERT_TRUE(out.ok());
  EXPECT_EQ(first((*out)[0]), 3.0f);
  ASSERT_EQ(recorder->threads().size(), 1u);
  EXPECT_EQ(recorder->threads()[0], std::this_thread::get_id());
  EXPECT_EQ(batches.load(), 1u);
  EXPECT_EQ(timing.batch_rows, 1);
}

// A request arriving while the only instance is busy waits its turn (queued
// for the instance thread, or on its own thread once the instance is free).
TEST(BatcherTest, UnbatchedRequestsWhileTheInstanceIsBusyAreAnswered) {
  std::vector<std::unique_ptr<ModelInstance>> instances;
  instances.push_back(std::make_unique<ThreadRecorder>());
  auto* recorder = static_cast<ThreadRecorder*>(instances[0].get());
  Batcher batcher(std::move(instances), BatchingConfig{});
  recorder->hold();
  std::thread::id first_id;
  std::thread first_client([&] {
    first_id = std::this_thread::get_id();
    EXPECT_TRUE(batcher.infer({column({1})}).ok());
  });
  recorder->wait_entered();  // the only instance is busy with the first request
  std::thread second_client([&] {
    auto out = batcher.infer({column({2})});
    ASSERT_TRUE(out.ok());
    EXPECT_EQ(first((*out)[0]), 2.0f);
  });
  recorder->release();
  first_client.join();
  second_client.join();
  auto threads = recorder->threads();
  ASSERT_EQ(threads.size(), 2u);
  EXPECT_EQ(threads[0], first_id);
}

TEST(BatcherTest, BatchedRequestRunsOnAnInstanceThread) {
  std::vector<std::unique_ptr<ModelInstance>> instances;
  instances.push_back(std::make_unique<ThreadRecorder>());
  auto* recorder = static_cast<ThreadRecorder*>(instances[0].get());
  BatchingConfig c;
  c.max_batch_size = 4;
  Batcher batcher(std::move(instances), c);
  ASSERT_TRUE(batcher.infer({column({1})}).ok());
  ASSERT_EQ(recorder->threads().size(), 1u);
  EXPECT_NE(recorder->threads()[0], std::this_thread::get_id());
}

}  // namespace
// Each model execution is reported once, after its requests are answered,
// with its rows and outcome (what metrics.db records).
TEST(BatcherTest, ReportsEachBatchToItsSink) {
  std::vector<int64_t> seen;
  std::mutex mu;
  std::vector<BatchRecord> records;
  std::mutex records_mu;
  {
    std::vector<std::unique_ptr<ModelInstance>> instances;
    instances.push_back(std::make_unique<Doubler>(&seen, &mu));
    Batcher batcher(std::move(instances), BatchingConfig{}, nullptr, [&](const BatchRecord& r) {
      std::lock_guard lock(records_mu);
      records.push_back(r);
    });
    EXPECT_TRUE(batcher.infer({column({3, 4})}));
    EXPECT_FALSE(batcher.infer({column({-1})}));
  }
  ASSERT_EQ(records.size(), 2u);
  EXPECT_EQ(records[0].rows, 2);
  EXPECT_TRUE(records[0].ok);
  EXPECT_GT(records[0].started_ms, 0);
  EXPECT_GE(records[0].duration_us, 0);
  EXPECT_EQ(records[1].rows, 1);
  EXPECT_FALSE(records[1].ok);
}

}  // namespace strata::serve
