#pragma once
// RecordTable: a collection's durable record, one SQLite file in WAL mode
// with synchronous=FULL, so a write that returned is on disk (or NORMAL for
// durability "process": in the WAL, safe from a killed process). Rows carry a
// sequence number that only grows (AUTOINCREMENT): an upsert deletes the old
// row and inserts a new one, so "rows newer than the index snapshot" is
// simply "seq > the snapshot's last seq".

#include <sqlite3.h>

#include <cstdint>
#include <filesystem>
#include <functional>
#include <map>
#include <memory>
#include <span>
#include <string>
#include <vector>

#include "util/mutex.h"
#include "util/result.h"
#include "vector/filter.h"
#include "vector/vector_store.h"

namespace strata::vec {

// A row as read back when the index is rebuilt or replayed. `embedding` is
// empty unless the scan asked for it.
struct StoredRow {
  int64_t seq = 0;
  std::string id;
  nlohmann::json metadata;
  std::vector<float> embedding;
};

class RecordTable {
 public:
  using Meta = std::map<std::string, std::string>;

  // Creates the file with its schema and `meta` (format version added).
  // Both use the connection unlocked: no other thread has the table yet.
  static Result<std::unique_ptr<RecordTable>> create(const std::filesystem::path& file,
                                                     const Meta& meta) NO_THREAD_SAFETY_ANALYSIS;
  static Result<std::unique_ptr<RecordTable>> open(const std::filesystem::path& file,
                                                   bool writable) NO_THREAD_SAFETY_ANALYSIS;
  ~RecordTable();

  Result<Meta> meta();
  // synchronous=FULL (fsync) or NORMAL (process); a writer sets it once on open.
  Status set_durability(Durability durability);
  // One transaction; returns each record's new seq, in order.
  Result<std::vector<int64_t>> upsert(std::span<const Record> records);
  // One transaction; returns the ids that existed.
  Result<std::vector<std::string>> remove(std::span<const std::string> ids);
  Result<std::vector<Record>> get(std::span<const std::string> ids);
  Result<size_t> count(const Filter& filter);
  // Calls fn for every row in seq order; embeddings only for seq > after.
  Status scan(int64_t embeddings_after, const std::function<void(StoredRow&&)>& fn);

  static constexpr int k_format_version = 1;

 private:
  RecordTable(sqlite3* db, std::filesystem::path file) : m_db(db), m_file(std::move(file)) {}
  Error sql_error(const std::string& what) const REQUIRES(m_mutex);
  Status exec(const char* sql) REQUIRES(m_mutex);
  // Undoes the open transaction; the error that caused it is what is reported.
  void rollback() REQUIRES(m_mutex) { sqlite3_exec(m_db, "ROLLBACK", nullptr, nullptr, nullptr); }

  // One statement at a time on the shared connection. Innermost: the
  // collection calls in with its own locks held; nothing here calls out.
  mutable Mutex m_mutex;
  sqlite3* m_db GUARDED_BY(m_mutex);
  std::filesystem::path m_file;
};

}  // namespace strata::vec
