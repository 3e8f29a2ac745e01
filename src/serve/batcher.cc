// The instance threads share one queue, so a free instance always takes
// the oldest work, and a batch never waits for a busy instance. A batch's
// failure (a backend error, outputs that do not split by rows) fails each
// of its requests with that error; nothing is retried, since a model that
// failed on these inputs would fail again.
//
// Without batching there is nothing to wait for, so a request that finds an
// instance free and nothing queued runs on the caller's thread: handing it
// to an instance thread and back costs two thread wake-ups per request, and
// on a loaded machine each wake-up can wait behind other runnable threads
// for milliseconds, which is where the unbatched latency tail came from.

#include "serve/batcher.h"

#include <algorithm>
#include <numeric>

namespace strata::serve {

size_t batch_take(const std::vector<int64_t>& queued_rows, const BatchingConfig& config) {
  if (queued_rows.empty()) return 0;
  if (config.max_batch_size <= 0) return 1;
  size_t longest = 1, preferred = 0;
  int64_t rows = 0;
  for (size_t i = 0; i < queued_rows.size(); ++i) {
    rows += queued_rows[i];
    if (rows > config.max_batch_size) break;
    longest = i + 1;
    const auto& p = config.preferred_batch_sizes;
    if (std::find(p.begin(), p.end(), rows) != p.end()) preferred = i + 1;
  }
  return preferred ? preferred : longest;
}

Batcher::Batcher(std::vector<std::unique_ptr<ModelInstance>> instances, BatchingConfig config,
                 std::atomic<unsigned long long>* batches, BatchSink on_batch)
    : m_instances(std::move(instances)),
      m_instance_busy(std::make_unique<std::mutex[]>(m_instances.size())),
      m_config(std::move(config)),
      m_batches(batches),
      m_on_batch(std::move(on_batch)) {
  for (size_t i = 0; i < m_instances.size(); ++i)
    m_threads.emplace_back([this, i] { run_instance(i); });
}

Batcher::~Batcher() {
  {
    std::lock_guard lock(m_mutex);
    m_stopping = true;
  }
  m_wake.notify_all();
  for (auto& t : m_threads) t.join();
}

int64_t Batcher::target_rows() const {
  const auto& p = m_config.preferred_batch_sizes;
  return p.empty() ? m_config.max_batch_size : *std::max_element(p.begin(), p.end());
}

std::optional<Result<std::vector<Tensor>>> Batcher::try_run_here(const std::vector<Tensor>& inputs,
                                                                 int64_t rows,
                                                                 InferTiming* timing) {
  if (m_config.max_batch_size > 0) return std::nullopt;
  {
    // Queued requests came first: a new one joins the queue behind them.
    std::lock_guard lock(m_mutex);
    if (m_stopping || !m_queue.empty()) return std::nullopt;
  }
  for (size_t i = 0; i < m_instances.size(); ++i) {
    std::unique_lock busy(m_instance_busy[i], std::try_to_lock);
    if (!busy) continue;
    auto start = Clock::now();
    auto wall_start = std::chrono::system_clock::now();
    auto outputs = m_instances[i]->infer(inputs);
    auto took = Clock::now() - start;
    if (m_batches) m_batches->fetch_add(1, std::memory_order_relaxed);
    if (timing) *timing = {0.0, std::chrono::duration<double>(took).count(), rows};
    // A request run here is a batch of one: it is recorded like the others
    // (the sink only queues the record).
    if (m_on_batch)
      m_on_batch(
          {std::chrono::duration_cast<std::chrono::milliseconds>(wall_start.time_since_epoch())
               .count(),
           std::chrono::duration_cast<std::chrono::microseconds>(took).count(), rows,
           outputs.ok()});
    return outputs;
  }
  return std::nullopt;
}

Result<std::vector<Tensor>> Batcher::infer(std::vector<Tensor> inputs, InferTiming* timing) {
  int64_t rows = inputs.empty() ? 1 : inputs[0].rows();
  if (auto here = try_run_here(inputs, rows, timing)) return std::move(*here);
  auto pending = std::make_unique<Pending>();
  pending->rows = rows;
  pending->inputs = std::move(inputs);
  pending->queued = Clock::now();
  pending->timing = timing;
  auto future = pending->done.get_future();
  {
    std::lock_guard lock(m_mutex);
    if (m_stopping) return Error("the model is unloading").of(ErrorKind::k_unavailable);
    m_queue.push_back(std::move(pending));
  }
  m_wake.notify_one();
  return future.get();
}

std::vector<std::unique_ptr<Batcher::Pending>> Batcher::next_batch() {
  std::unique_lock lock(m_mutex);
  m_wake.wait(lock, [this] { return m_stopping || !m_queue.empty(); });
  if (m_queue.empty()) return {};
  auto queued_rows = [this] {
    std::vector<int64_t> rows;
    for (const auto& p : m_queue) rows.push_back(p->rows);
    return rows;
  };
  if (m_config.max_batch_size > 0 && m_config.max_queue_delay.count() > 0) {
    auto deadline = m_queue.front()->queued + m_config.max_queue_delay;
    while (!m_stopping && !m_queue.empty() && Clock::now() < deadline) {
      auto rows = queued_rows();
      if (std::accumulate(rows.begin(), rows.end(), int64_t{0}) >= target_rows()) break;
      m_wake.wait_until(lock, deadline);
    }
    if (m_queue.empty()) return {};  // another instance took them
  }
  size_t take = batch_take(queued_rows(), m_config);
  std::vector<std::unique_ptr<Pending>> batch;
  for (size_t i = 0; i < take; ++i) {
    batch.push_back(std::move(m_queue.front()));
    m_queue.pop_front();
  }
  return batch;
}

void Batcher::run_instance(size_t index) {
  while (true) {
    auto batch = next_batch();
    if (batch.empty()) {
      std::lock_guard lock(m_mutex);
      if (m_stopping && m_queue.empty()) return;
      continue;
    }
    std::lock_guard busy(m_instance_busy[index]);
    execute(*m_instances[index], std::move(batch));
  }
}

namespace {

Result<std::vector<Tensor>> join_inputs(const std::vector<std::vector<Tensor>*>& requests) {
  std::vector<Tensor> joined;
  for (size_t i = 0; i < requests[0]->size(); ++i) {
    std::vector<const Tensor*> parts;
    for (auto* r : requests) parts.push_back(&(*r)[i]);
    auto t = concat_rows(parts);
    if (!t) return t.error();
    joined.push_back(std::move(*t));
  }
  return joined;
}

}  // namespace

void Batcher::execute(ModelInstance& instance, std::vector<std::unique_ptr<Pending>> batch) {
  auto start = Clock::now();
  auto wall_start = std::chrono::system_clock::now();
  std::vector<std::vector<Tensor>*> requests;
  int64_t rows = 0;
  for (auto& p : batch) {
    requests.push_back(&p->inputs);
    rows += p->rows;
  }
  Result<std::vector<Tensor>> outputs = Error("no batch");
  if (batch.size() == 1) {
    outputs = instance.infer(batch[0]->inputs);
  } else {
    auto joined = join_inputs(requests);
    outputs = joined ? instance.infer(*joined) : Result<std::vector<Tensor>>(joined.error());
  }
  double compute = std::chrono::duration<double>(Clock::now() - start).count();
  if (m_batches) m_batches->fetch_add(1, std::memory_order_relaxed);
  BatchRecord record{
      std::chrono::duration_cast<std::chrono::milliseconds>(wall_start.time_since_epoch()).count(),
      std::chrono::duration_cast<std::chrono::microseconds>(Clock::now() - start).count(), rows,
      outputs.ok()};
  answer(batch, outputs, compute, start, rows);
  // After the answers: the requests do not wait for the record.
  if (m_on_batch) m_on_batch(record);
}

void Batcher::answer(std::vector<std::unique_ptr<Pending>>& batch,
                     Result<std::vector<Tensor>>& outputs, double compute, Clock::time_point start,
                     int64_t rows) {
  int64_t at = 0;
  for (auto& p : batch) {
    if (p->timing)
      *p->timing = {std::chrono::duration<double>(start - p->queued).count(), compute, rows};
    if (!outputs) {
      p->done.set_value(outputs.error());
      continue;
    }
    if (batch.size() == 1) {
      p->done.set_value(std::move(*outputs));
      continue;
    }
    std::vector<Tensor> mine;
    Error failed;
    bool ok = true;
    for (const auto& t : *outputs) {
      auto part = slice_rows(t, at, p->rows);
      if (!part) {
        failed = part.error();
        ok = false;
        break;
      }
      mine.push_back(std::move(*part));
    }
    at += p->rows;
    p->done.set_value(ok ? Result<std::vector<Tensor>>(std::move(mine))
                         : Result<std::vector<Tensor>>(failed));
  }
}

}  // namespace strata::serve
