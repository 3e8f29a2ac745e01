#pragma once
// The remote half of the task cache. On a local miss, fetch_into() looks the
// task up on the server (ac -> record naming a cas blob -> blob), checks the
// blob against its SHA-256 and the record's signature, and writes it as the
// local entry, which the local store then restores like any hit. After a
// successful local store, upload() queues the entry for a background worker.
//
// The remote can only ever make a build faster: a server that cannot be
// reached, is slow or fails is reported once and then left alone for the
// rest of the run, and an entry that does not verify is a miss with a
// warning. Nothing here fails a task.

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <deque>
#include <filesystem>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <thread>

#include "cache/local_store.h"
#include "remote/transport.h"
#include "util/hash.h"

namespace strata::remote {

struct RemoteOptions {
  std::string display_url;  // redacted, for messages
  bool read_only = false;
  std::string key;           // HMAC key; empty: uploads are unsigned, downloads unverified
  size_t queue_limit = 256;  // uploads waiting at most; more are dropped
};

struct RemoteCounts {
  uint64_t hits = 0;
  uint64_t misses = 0;
  uint64_t rejected = 0;  // entries that did not verify
  uint64_t uploaded = 0;
  uint64_t upload_dropped = 0;  // queue full, server down, or out of time at exit
  bool unavailable = false;
};

class RemoteStore {
 public:
  RemoteStore(std::unique_ptr<RemoteTransport> transport, RemoteOptions options);
  ~RemoteStore();  // finish() with no time left: drops what is still queued
  RemoteStore(const RemoteStore&) = delete;
  RemoteStore& operator=(const RemoteStore&) = delete;

  // The verified entry bytes for `hash`; nullopt on a miss.
  std::optional<std::string> fetch(const Digest& hash);
  // fetch(), then writes the bytes as `store`'s entry for `hash`.
  bool fetch_into(const Digest& hash, const LocalStore& store);
  // Queues the entry file written for `hash` (nothing in read-only mode).
  void upload(const Digest& hash, std::string task_id, std::filesystem::path entry_file);
  // Waits up to `limit` for the queue to drain, then stops the worker;
  // uploads not started by then are dropped. Idempotent.
  void finish(std::chrono::milliseconds limit);

  RemoteCounts counts() const;
  const RemoteOptions& options() const { return m_options; }

 private:
  struct Upload {
    Digest hash;
    std::string task_id;
    std::filesystem::path file;
  };
  void run_uploads();
  void upload_one(const Upload& u);
  // Marks the server unavailable for the rest of the run; warns once.
  void give_up(const std::string& what, const Error& why);
  // Counts and reports an entry that does not verify: a miss.
  std::nullopt_t reject(const Digest& hash, const std::string& task_id, const std::string& why);

  std::unique_ptr<RemoteTransport> m_transport;
  RemoteOptions m_options;
  std::atomic<bool> m_unavailable{false};
  std::atomic<uint64_t> m_hits{0}, m_misses{0}, m_rejected{0}, m_uploaded{0}, m_dropped{0};

  std::mutex m_mutex;
  std::condition_variable m_wake;  // the worker: work or stop
  std::condition_variable m_idle;  // finish(): the queue drained
  std::deque<Upload> m_queue;      // guarded by m_mutex
  bool m_busy = false;             // guarded by m_mutex: an upload is in flight
  bool m_stop = false;             // guarded by m_mutex
  std::thread m_worker;            // started by the first upload
};

}  // namespace strata::remote
