#pragma once
// SampleRecorder: measurements taken on a hot path (a model server's
// inference batches) written to metrics.db off that path. record() only
// queues; a writer thread appends what is queued in one transaction every
// interval, on flush(), and when the recorder stops, so a request never
// waits for SQLite. A database that cannot be written is one warning; the
// server goes on.

#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <filesystem>
#include <mutex>
#include <optional>
#include <thread>
#include <vector>

#include "monitor/metrics_store.h"

namespace strata::monitor {

class SampleRecorder {
 public:
  SampleRecorder(std::filesystem::path db, std::chrono::milliseconds interval);
  ~SampleRecorder();  // writes what is queued, then stops
  SampleRecorder(const SampleRecorder&) = delete;
  SampleRecorder& operator=(const SampleRecorder&) = delete;

  // Queues a row; never touches the disk. Past 100,000 queued rows (a
  // database that cannot keep up) new ones are dropped and counted.
  void record(Sample sample);
  // Writes everything queued so far before returning.
  void flush();
  // Rows appended to the database so far.
  uint64_t written() const;

 private:
  void write_loop();
  void write(std::vector<Sample> rows);

  std::filesystem::path m_path;
  std::chrono::milliseconds m_interval;
  std::optional<MetricsStore> m_store;  // the writer thread's alone
  bool m_warned = false;                // the writer thread's alone
  mutable std::mutex m_mutex;
  std::condition_variable m_wake;
  std::condition_variable m_done;
  std::vector<Sample> m_queue;  // guarded by m_mutex
  uint64_t m_queued = 0;        // guarded by m_mutex: rows ever taken into the queue
  uint64_t m_handled = 0;       // guarded by m_mutex: rows the writer has dealt with
  uint64_t m_written = 0;       // guarded by m_mutex
  uint64_t m_dropped = 0;       // guarded by m_mutex
  bool m_flush = false;         // guarded by m_mutex
  bool m_stopping = false;      // guarded by m_mutex
  std::thread m_writer;
};

}  // namespace strata::monitor
