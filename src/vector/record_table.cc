// The SQLite side of the embedded store. Every write is one IMMEDIATE
// transaction on a WAL database with synchronous=FULL (durability fsync) or
// NORMAL (durability process): the commit is the acknowledgement. Embeddings are stored as
// little-endian float32 blobs and metadata as JSON text, so filters translate to
// json_extract/json_type.

#include "vector/record_table.h"

#include <fmt/format.h>

#include <chrono>
#include <cstring>

namespace strata::vec {

using json = nlohmann::json;

namespace {

// A prepared statement that finalizes itself.
class Stmt {
 public:
  Stmt(sqlite3* db, const std::string& sql) {
    m_rc = sqlite3_prepare_v2(db, sql.c_str(), -1, &m_st, nullptr);
  }
  ~Stmt() { sqlite3_finalize(m_st); }
  Stmt(const Stmt&) = delete;
  Stmt& operator=(const Stmt&) = delete;

  bool ok() const { return m_rc == SQLITE_OK; }
  sqlite3_stmt* get() const { return m_st; }
  int step() { return sqlite3_step(m_st); }
  void reset() {
    sqlite3_reset(m_st);
    sqlite3_clear_bindings(m_st);
  }
  void text(int i, std::string_view s) {
    sqlite3_bind_text(m_st, i, s.data(), static_cast<int>(s.size()), SQLITE_TRANSIENT);
  }
  void blob(int i, const void* p, size_t n) {
    sqlite3_bind_blob(m_st, i, p, static_cast<int>(n), SQLITE_TRANSIENT);
  }
  void int64(int i, int64_t v) { sqlite3_bind_int64(m_st, i, v); }
  void value(int i, const json& v) {
    if (v.is_string())
      text(i, v.get_ref<const std::string&>());
    else if (v.is_number_integer())
      int64(i, v.get<int64_t>());
    else if (v.is_number())
      sqlite3_bind_double(m_st, i, v.get<double>());
    else if (v.is_boolean())
      int64(i, v.get<bool>() ? 1 : 0);
    else
      sqlite3_bind_null(m_st, i);
  }
  std::string column_text(int i) const {
    const unsigned char* p = sqlite3_column_text(m_st, i);
    return p ? std::string(reinterpret_cast<const char*>(p),
                           static_cast<size_t>(sqlite3_column_bytes(m_st, i)))
             : "";
  }
  std::vector<float> column_floats(int i) const {
    const void* p = sqlite3_column_blob(m_st, i);
    std::vector<float> out(static_cast<size_t>(sqlite3_column_bytes(m_st, i)) / sizeof(float));
    if (p && !out.empty()) std::memcpy(out.data(), p, out.size() * sizeof(float));
    return out;
  }

 private:
  sqlite3_stmt* m_st = nullptr;
  int m_rc = SQLITE_ERROR;
};

int64_t now_ms() {
  using namespace std::chrono;
  return duration_cast<milliseconds>(system_clock::now().time_since_epoch()).count();
}

json parse_metadata(const std::string& text) {
  json j = json::parse(text, nullptr, false);
  return j.is_discarded() ? json::object() : j;
}

constexpr const char* k_schema = R"sql(
CREATE TABLE IF NOT EXISTS strata_vector_meta(key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS records(
  seq INTEGER PRIMARY KEY AUTOINCREMENT,
  id TEXT NOT NULL UNIQUE,
  embedding BLOB NOT NULL,
  metadata TEXT NOT NULL,
  created_at INTEGER NOT NULL,
  updated_at INTEGER NOT NULL);
)sql";

Result<sqlite3*> open_db(const std::filesystem::path& file, int flags) {
  sqlite3* db = nullptr;
  int rc = sqlite3_open_v2(file.c_str(), &db, flags | SQLITE_OPEN_NOMUTEX, nullptr);
  if (rc != SQLITE_OK) {
    std::string msg = db ? sqlite3_errmsg(db) : sqlite3_errstr(rc);
    sqlite3_close(db);
    return Error(fmt::format("{}: cannot open: {}", file.string(), msg));
  }
  sqlite3_busy_timeout(db, 10000);
  return db;
}

}  // namespace

Error RecordTable::sql_error(const std::string& what) const {
  int code = sqlite3_errcode(m_db) & 0xff;
  ErrorKind kind = code == SQLITE_CORRUPT || code == SQLITE_NOTADB ? ErrorKind::k_corruption
                   : code == SQLITE_BUSY || code == SQLITE_LOCKED  ? ErrorKind::k_unavailable
                                                                   : ErrorKind::k_io;
  return Error(fmt::format("{}: {}: {}", m_file.string(), what, sqlite3_errmsg(m_db))).of(kind);
}

Status RecordTable::exec(const char* sql) {
  if (sqlite3_exec(m_db, sql, nullptr, nullptr, nullptr) != SQLITE_OK)
    return sql_error("SQL failed");
  return ok_status();
}

Result<std::unique_ptr<RecordTable>> RecordTable::create(const std::filesystem::path& file,
                                                         const Meta& meta) {
  auto db = open_db(file, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE);
  if (!db) return db.error();
  std::unique_ptr<RecordTable> t(new RecordTable(*db, file));
  for (const char* sql :
       {"PRAGMA journal_mode=WAL", "PRAGMA synchronous=FULL", "BEGIN IMMEDIATE", k_schema})
    if (auto st = t->exec(sql); !st) return st.error();
  Stmt put(t->m_db, "INSERT OR REPLACE INTO strata_vector_meta(key, value) VALUES(?1, ?2)");
  Meta all = meta;
  all["format_version"] = std::to_string(k_format_version);
  for (const auto& [k, v] : all) {
    put.reset();
    put.text(1, k);
    put.text(2, v);
    if (put.step() != SQLITE_DONE) return t->sql_error("cannot write collection settings");
  }
  if (auto st = t->exec("COMMIT"); !st) return st.error();
  return t;
}

Result<std::unique_ptr<RecordTable>> RecordTable::open(const std::filesystem::path& file,
                                                       bool writable) {
  auto db = open_db(file, writable ? SQLITE_OPEN_READWRITE : SQLITE_OPEN_READONLY);
  if (!db) return db.error();
  std::unique_ptr<RecordTable> t(new RecordTable(*db, file));
  if (writable)
    for (const char* sql : {"PRAGMA journal_mode=WAL", "PRAGMA synchronous=FULL"})
      if (auto st = t->exec(sql); !st) return st.error();
  return t;
}

Status RecordTable::set_durability(Durability durability) {
  MutexLock lock(m_mutex);
  return exec(durability == Durability::k_fsync ? "PRAGMA synchronous=FULL"
                                                : "PRAGMA synchronous=NORMAL");
}

RecordTable::~RecordTable() { sqlite3_close(m_db); }

Result<RecordTable::Meta> RecordTable::meta() {
  MutexLock lock(m_mutex);
  Stmt q(m_db, "SELECT key, value FROM strata_vector_meta");
  if (!q.ok()) return sql_error("not a Strata vector collection");
  Meta out;
  while (q.step() == SQLITE_ROW) out[q.column_text(0)] = q.column_text(1);
  auto version = out.find("format_version");
  if (version == out.end()) return sql_error("no format version");
  if (version->second != std::to_string(k_format_version))
    return Error(
        fmt::format(
            "{}: collection format version {} is not supported (this build reads version {})",
            m_file.string(), version->second, k_format_version),
        {}, "upgrade strata");
  return out;
}

Result<std::vector<int64_t>> RecordTable::upsert(std::span<const Record> records) {
  MutexLock lock(m_mutex);
  Stmt del(m_db, "DELETE FROM records WHERE id = ?1 RETURNING created_at");
  Stmt ins(m_db,
           "INSERT INTO records(id, embedding, metadata, created_at, updated_at) VALUES(?1, ?2, "
           "?3, ?4, ?5)");
  if (!del.ok() || !ins.ok()) return sql_error("cannot prepare upsert");
  if (auto st = exec("BEGIN IMMEDIATE"); !st) return st.error();
  std::vector<int64_t> seqs;
  int64_t now = now_ms();
  for (const auto& r : records) {
    del.reset();
    del.text(1, r.id);
    int64_t created = now;
    if (del.step() == SQLITE_ROW) {
      created = sqlite3_column_int64(del.get(), 0);
      del.step();  // finishes the statement (id is unique: one row at most)
    }
    ins.reset();
    ins.text(1, r.id);
    ins.blob(2, r.embedding.data(), r.embedding.size() * sizeof(float));
    ins.text(3, r.metadata.is_null() ? "{}" : r.metadata.dump());
    ins.int64(4, created);
    ins.int64(5, now);
    if (ins.step() != SQLITE_DONE) {
      Error e = sql_error(fmt::format("cannot write record '{}'", r.id));
      rollback();
      return e;
    }
    seqs.push_back(sqlite3_last_insert_rowid(m_db));
  }
  if (auto st = exec("COMMIT"); !st) {
    rollback();
    return st.error();
  }
  return seqs;
}

Result<std::vector<std::string>> RecordTable::remove(std::span<const std::string> ids) {
  MutexLock lock(m_mutex);
  Stmt del(m_db, "DELETE FROM records WHERE id = ?1");
  if (!del.ok()) return sql_error("cannot prepare delete");
  if (auto st = exec("BEGIN IMMEDIATE"); !st) return st.error();
  std::vector<std::string> removed;
  for (const auto& id : ids) {
    del.reset();
    del.text(1, id);
    if (del.step() != SQLITE_DONE) {
      Error e = sql_error(fmt::format("cannot delete record '{}'", id));
      rollback();
      return e;
    }
    if (sqlite3_changes(m_db) > 0) removed.push_back(id);
  }
  if (auto st = exec("COMMIT"); !st) {
    rollback();
    return st.error();
  }
  return removed;
}

Result<std::vector<Record>> RecordTable::get(std::span<const std::string> ids) {
  MutexLock lock(m_mutex);
  Stmt q(m_db, "SELECT embedding, metadata FROM records WHERE id = ?1");
  if (!q.ok()) return sql_error("cannot prepare get");
  std::vector<Record> out;
  for (const auto& id : ids) {
    q.reset();
    q.text(1, id);
    if (q.step() == SQLITE_ROW)
      out.push_back({id, q.column_floats(0), parse_metadata(q.column_text(1))});
  }
  return out;
}

Result<size_t> RecordTable::count(const Filter& filter) {
  MutexLock lock(m_mutex);
  SqlFilter where = filter_to_sql(filter, SqlDialect::k_sqlite, "metadata");
  Stmt q(m_db, "SELECT count(*) FROM records WHERE " + where.sql);
  if (!q.ok()) return sql_error("cannot prepare count");
  for (size_t i = 0; i < where.params.size(); ++i)
    q.value(static_cast<int>(i + 1), where.params[i]);
  if (q.step() != SQLITE_ROW) return sql_error("count failed");
  return static_cast<size_t>(sqlite3_column_int64(q.get(), 0));
}

Status RecordTable::scan(int64_t embeddings_after, const std::function<void(StoredRow&&)>& fn) {
  MutexLock lock(m_mutex);
  Stmt q(
      m_db,
      "SELECT seq, id, metadata, CASE WHEN seq > ?1 THEN embedding END FROM records ORDER BY seq");
  if (!q.ok()) return sql_error("cannot prepare scan");
  q.int64(1, embeddings_after);
  int rc;
  while ((rc = q.step()) == SQLITE_ROW)
    fn({sqlite3_column_int64(q.get(), 0), q.column_text(1), parse_metadata(q.column_text(2)),
        q.column_floats(3)});
  if (rc != SQLITE_DONE) return sql_error("scan failed");
  return ok_status();
}

}  // namespace strata::vec
