#pragma once
// EmbeddedCollection: one collection of the embedded store, a directory
// holding records.db (the durable truth, SQLite), index.hnsw (a snapshot of
// the HNSW index) and writer.lock. Opening loads the snapshot and replays
// the rows written after it, so an acknowledged write is never lost even if
// the writer was killed before it saved a snapshot. Many threads may query
// at once; writes are serialised and group-committed.
//
// A write is acknowledged once its SQLite transaction commits; it then waits
// in a pending list until a background indexer thread adds it to the HNSW
// index. Queries stay exact about those rows: they scan the pending rows
// exactly and merge them with the index's results, hiding every index hit
// whose id has a pending replacement or deletion. The index is guarded by a
// shared mutex (FAISS insertion and search never overlap); the pending list
// by its own mutex, so committing never waits for the index.
//
// Lock order (clang checks the GUARDED_BY/REQUIRES annotations below; the
// order is kept by hand and written here and in ARCHITECTURE.md):
//   m_queue_mutex     alone: released before the leader commits
//   m_write_mutex  -> m_pending_mutex               (commit, remove)
//   m_indexing_mutex -> m_mutex -> m_pending_mutex  (indexing a batch)
//   m_mutex (shared) -> m_pending_mutex             (query, info)
// RecordTable's and HnswIndex's own mutexes are innermost: taken while any
// of these may be held, they never call back out.

#include <atomic>
#include <condition_variable>
#include <filesystem>
#include <memory>
#include <nlohmann/json.hpp>
#include <optional>
#include <span>
#include <string>
#include <thread>
#include <vector>

#include "util/mutex.h"
#include "util/result.h"
#include "vector/hnsw_index.h"
#include "vector/record_table.h"
#include "vector/vector_store.h"
#include "vector/writer_lock.h"

namespace strata::vec {

class EmbeddedCollection {
 public:
  // Creates the directory and its record table (as the writer), or opens
  // the existing one if it has the same dimension and metric.
  static Result<std::unique_ptr<EmbeddedCollection>> create(const std::filesystem::path& dir,
                                                            const CollectionSpec& spec,
                                                            const IndexParams& params);
  static Result<std::unique_ptr<EmbeddedCollection>> open(const std::filesystem::path& dir,
                                                          Access access);
  // A writer saves a fresh snapshot when anything changed since the last.
  ~EmbeddedCollection();

  const CollectionSpec& spec() const { return m_spec; }
  // Durable when it returns. Concurrent upserts (the HTTP server's threads)
  // are group-committed: one transaction and one fsync for all of them.
  Status upsert(std::span<const Record> records);
  Result<std::vector<Record>> get(std::span<const std::string> ids);
  Result<size_t> remove(std::span<const std::string> ids);
  Result<size_t> count(const Filter& filter);
  Result<std::vector<Hit>> query(const Query& query) const EXCLUDES(m_mutex);
  nlohmann::json info() const EXCLUDES(m_mutex);
  // Writes the snapshot now (compacting first when tombstones dominate),
  // after indexing every pending row.
  Status checkpoint() EXCLUDES(m_mutex);
  // Indexes every committed row still pending, on the calling thread.
  void drain() EXCLUDES(m_mutex, m_pending_mutex);
  // While held, the background indexer leaves pending rows alone (drain and
  // checkpoint still index them). For tests and diagnostics.
  void hold_indexing(bool held) EXCLUDES(m_pending_mutex);
  // Committed rows not yet in the HNSW index.
  size_t unindexed() const EXCLUDES(m_pending_mutex);

 private:
  EmbeddedCollection(std::filesystem::path dir, std::optional<WriterLock> lock);
  // Both run before the indexer thread starts and before the collection is
  // handed out, so they touch the index without its lock.
  Status load(const IndexParams& params) NO_THREAD_SAFETY_ANALYSIS;
  Status replay() NO_THREAD_SAFETY_ANALYSIS;
  Status require_writer() const;
  struct PendingWrite;
  Status commit_group(const std::vector<PendingWrite*>& group)
      EXCLUDES(m_write_mutex, m_queue_mutex);
  // A committed change waiting for the index: a row, or the removal of an id.
  struct PendingOp {
    StoredRow row;
    bool removed = false;
  };
  void append_pending(std::vector<PendingOp> ops) REQUIRES(m_write_mutex) EXCLUDES(m_pending_mutex);
  // Indexes up to one batch of pending ops, in commit order; false if none.
  bool index_pending() EXCLUDES(m_indexing_mutex, m_mutex, m_pending_mutex);
  void index_loop() EXCLUDES(m_pending_mutex);
  void stop_indexer() EXCLUDES(m_pending_mutex);

  std::filesystem::path m_dir;
  std::optional<WriterLock> m_lock;  // held by the writer only
  std::unique_ptr<RecordTable> m_table;
  mutable SharedMutex m_mutex ACQUIRED_BEFORE(m_pending_mutex);
  std::unique_ptr<HnswIndex> m_index PT_GUARDED_BY(m_mutex);
  CollectionSpec m_spec;
  std::atomic<size_t> m_changes_since_snapshot = 0;
  std::string m_snapshot_note GUARDED_BY(m_mutex);  // why the snapshot was not used, for info()
  // Group commit: writers queue here; the first one in commits for all.
  // A PendingWrite's result and done are written and read under this mutex.
  Mutex m_queue_mutex;
  std::condition_variable m_queue_cv;
  std::vector<PendingWrite*> m_queue GUARDED_BY(m_queue_mutex);
  bool m_committing GUARDED_BY(m_queue_mutex) = false;
  // Keeps the table's commit order and the pending list's order the same.
  Mutex m_write_mutex ACQUIRED_BEFORE(m_pending_mutex);
  // Committed, not yet indexed. Rows leave it only while m_mutex is held
  // exclusively, together with their insertion into the index.
  mutable Mutex m_pending_mutex;
  std::condition_variable m_pending_cv;
  std::vector<PendingOp> m_pending GUARDED_BY(m_pending_mutex);
  bool m_stop GUARDED_BY(m_pending_mutex) = false;
  bool m_held GUARDED_BY(m_pending_mutex) = false;
  Mutex m_indexing_mutex ACQUIRED_BEFORE(m_mutex);  // one indexing pass at a time
  std::thread m_indexer;                            // writers only
};

}  // namespace strata::vec
