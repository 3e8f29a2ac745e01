// The writer thread takes the whole queue under the lock and appends it
// without the lock, so record() holds the mutex only for a push_back. The
// store is opened on the writer's first batch, not in the constructor, so
// a server starts without touching the disk.

#include "monitor/sample_recorder.h"

#include "util/diagnostics.h"

namespace strata::monitor {

namespace {
constexpr size_t k_max_queued = 100000;
}

SampleRecorder::SampleRecorder(std::filesystem::path db, std::chrono::milliseconds interval)
    : m_path(std::move(db)), m_interval(interval), m_writer([this] { write_loop(); }) {}

SampleRecorder::~SampleRecorder() {
  {
    std::lock_guard lock(m_mutex);
    m_stopping = true;
  }
  m_wake.notify_all();
  m_writer.join();
}

void SampleRecorder::record(Sample sample) {
  std::lock_guard lock(m_mutex);
  if (m_queue.size() >= k_max_queued) {
    ++m_dropped;
    return;
  }
  m_queue.push_back(std::move(sample));
  ++m_queued;
}

void SampleRecorder::flush() {
  std::unique_lock lock(m_mutex);
  uint64_t target = m_queued;
  m_flush = true;
  m_wake.notify_all();
  m_done.wait(lock, [&] { return m_handled >= target; });
}

uint64_t SampleRecorder::written() const {
  std::lock_guard lock(m_mutex);
  return m_written;
}

void SampleRecorder::write_loop() {
  std::unique_lock lock(m_mutex);
  while (true) {
    m_wake.wait_for(lock, m_interval, [this] { return m_stopping || m_flush; });
    bool last = m_stopping;
    m_flush = false;
    std::vector<Sample> rows;
    rows.swap(m_queue);
    uint64_t dropped = std::exchange(m_dropped, 0);
    lock.unlock();
    size_t n = rows.size();
    if (dropped)
      print_warning(Error(std::to_string(dropped) + " measurements dropped: " + m_path.string() +
                          " is not keeping up"));
    write(std::move(rows));
    lock.lock();
    m_handled += n;
    m_done.notify_all();
    if (last) return;
  }
}

void SampleRecorder::write(std::vector<Sample> rows) {
  if (rows.empty()) return;
  if (!m_store) {
    auto store = MetricsStore::open(m_path);
    if (store) m_store.emplace(std::move(*store));
    if (!store && !m_warned) {
      m_warned = true;
      print_warning(Error("performance metrics not recorded: " + store.error().message));
    }
    if (!store) return;
  }
  Status st = m_store->append(rows);
  if (!st && !m_warned) {
    m_warned = true;
    print_warning(Error("performance metrics not recorded: " + st.error().message));
  }
  if (st) {
    std::lock_guard lock(m_mutex);
    m_written += rows.size();
  }
}

}  // namespace strata::monitor
