// SQLite directly (not db::DatabaseManager): the monitor sits low so every
// layer that measures something can append to it, and it needs only a
// file, prepared statements and one transaction per batch.
//
// Measurements must not slow a cached run, and on a busy disk one flush
// costs tens of milliseconds, so the store never flushes
// (synchronous=OFF): a transaction is still atomic if strata is killed,
// but a power cut may damage the file. A damaged file is moved aside to
// metrics.db.damaged with a warning and a new history starts; losing
// measurements is acceptable, failing or slowing builds is not. WAL mode,
// checkpointed on close, so the next open reads no old log (keeping the
// log was measured slower: each open rescans all of it).

#include "monitor/metrics_store.h"

#include <sqlite3.h>

#include <algorithm>
#include <array>
#include <cstdio>
#include <system_error>
#include <unordered_map>

namespace strata::monitor {

namespace {

constexpr std::array<std::pair<RecordKind, std::string_view>, 5> k_kinds{{
    {RecordKind::k_task, "task"},
    {RecordKind::k_build, "build"},
    {RecordKind::k_test, "test"},
    {RecordKind::k_deployment, "deployment"},
    {RecordKind::k_inference, "inference"},
}};

// Version 1. A later version adds statements here and bumps
// k_metrics_schema_version; each step runs once, inside one transaction.
constexpr const char* k_schema_v1 = R"SQL(
CREATE TABLE IF NOT EXISTS samples (
  id          INTEGER PRIMARY KEY,
  kind        TEXT    NOT NULL,
  subject     TEXT    NOT NULL,
  project     TEXT    NOT NULL DEFAULT '',
  target      TEXT    NOT NULL DEFAULT '',
  started_ms  INTEGER NOT NULL,
  duration_ms INTEGER NOT NULL,
  outcome     TEXT    NOT NULL,
  cache       TEXT    NOT NULL DEFAULT '',
  run_id      TEXT    NOT NULL DEFAULT ''
);
CREATE INDEX IF NOT EXISTS samples_subject_time ON samples (subject, started_ms);
CREATE INDEX IF NOT EXISTS samples_time ON samples (started_ms);
)SQL";

// Version 2: inference batches.
constexpr const char* k_schema_v2 = R"SQL(
ALTER TABLE samples ADD COLUMN batch_size INTEGER NOT NULL DEFAULT 0;
ALTER TABLE samples ADD COLUMN duration_us INTEGER NOT NULL DEFAULT 0;
)SQL";

// Version 3: one expected duration per task, so the scheduler can order a
// run by cost without reading the whole history (a row per subject, kept
// up to date by append). Older files start from the mean of what they hold.
constexpr const char* k_schema_v3 = R"SQL(
CREATE TABLE IF NOT EXISTS estimates (
  subject     TEXT    PRIMARY KEY,
  duration_ms INTEGER NOT NULL
) WITHOUT ROWID;
INSERT OR REPLACE INTO estimates (subject, duration_ms)
  SELECT subject, CAST(AVG(duration_ms) AS INTEGER) FROM samples
  WHERE outcome = 'success' AND cache NOT IN ('local', 'remote') AND kind != 'inference'
  GROUP BY subject;
)SQL";

// Version 4: the per-task index holds executed runs only, the rows that
// recent_medians reads by task (its WHERE is the index's, word for word, so
// SQLite uses it). Indexed by task, every run's rows land on a different
// index page per task: at 300 tasks and a hundred runs of history, a fully
// cached run rewrote about 300 pages of it for rows no query reads through
// it (7-10 ms, a fifth of the run). Cache hits now only append.
constexpr const char* k_schema_v4 = R"SQL(
DROP INDEX IF EXISTS samples_subject_time;
CREATE INDEX IF NOT EXISTS samples_executed_subject_time ON samples (subject, started_ms)
  WHERE outcome = 'success' AND cache NOT IN ('local', 'remote') AND kind != 'inference';
)SQL";

// A run that executed (not restored) moves the estimate a quarter of the way
// to what it took: one slow run on a busy machine does not double a task's
// weight, and a task that really got slower is followed within a few runs.
constexpr const char* k_update_estimate =
    "INSERT INTO estimates (subject, duration_ms) VALUES (?1, ?2)"
    " ON CONFLICT (subject) DO UPDATE SET"
    " duration_ms = (3 * estimates.duration_ms + excluded.duration_ms) / 4";

bool executed(const Sample& s) {
  return s.outcome == "success" && s.cache != "local" && s.cache != "remote" &&
         s.kind != RecordKind::k_inference;
}

Error sqlite_error(sqlite3* db, const std::filesystem::path& path, const std::string& what) {
  return Error(path.string() + ": " + what + ": " + (db ? sqlite3_errmsg(db) : "out of memory"))
      .of(ErrorKind::k_io);
}

// Owns a prepared statement for one call.
class Statement {
 public:
  Statement(sqlite3* db, const char* sql) { sqlite3_prepare_v2(db, sql, -1, &m_stmt, nullptr); }
  ~Statement() { sqlite3_finalize(m_stmt); }
  Statement(const Statement&) = delete;
  Statement& operator=(const Statement&) = delete;
  sqlite3_stmt* get() const { return m_stmt; }
  explicit operator bool() const { return m_stmt != nullptr; }
  void text(int i, std::string_view s) {
    sqlite3_bind_text(m_stmt, i, s.data(), static_cast<int>(s.size()), SQLITE_TRANSIENT);
  }
  void integer(int i, int64_t v) { sqlite3_bind_int64(m_stmt, i, v); }
  std::string column_text(int i) const {
    const unsigned char* t = sqlite3_column_text(m_stmt, i);
    return t ? reinterpret_cast<const char*>(t) : "";
  }

 private:
  sqlite3_stmt* m_stmt = nullptr;
};

int64_t median(std::vector<int64_t> v) {
  std::sort(v.begin(), v.end());
  return v.empty() ? 0 : v[v.size() / 2];
}

}  // namespace

std::string_view to_string(RecordKind kind) {
  for (const auto& [k, name] : k_kinds)
    if (k == kind) return name;
  return "task";
}

std::optional<RecordKind> parse_record_kind(std::string_view name) {
  for (const auto& [k, n] : k_kinds)
    if (n == name) return k;
  return std::nullopt;
}

RecordKind kind_of_target(std::string_view target) {
  // `image` is the target strata image build synthesises: an image build is a build.
  if (target.starts_with("build") || target == "image") return RecordKind::k_build;
  if (target.starts_with("test") || target.starts_with("e2e")) return RecordKind::k_test;
  if (target.starts_with("deploy")) return RecordKind::k_deployment;
  return RecordKind::k_task;
}

std::filesystem::path metrics_path(const std::filesystem::path& workspace_root) {
  return workspace_root / ".strata" / "metrics.db";
}

MetricsStore::MetricsStore(sqlite3* db, std::filesystem::path path)
    : m_db(db), m_path(std::move(path)) {}

MetricsStore::~MetricsStore() { sqlite3_close(m_db); }

MetricsStore::MetricsStore(MetricsStore&& other) noexcept
    : m_db(std::exchange(other.m_db, nullptr)), m_path(std::move(other.m_path)) {}

Result<MetricsStore> MetricsStore::open(const std::filesystem::path& path, bool create) {
  auto store = open_once(path, create);
  if (store || store.error().kind != ErrorKind::k_corruption) return store;
  std::error_code ec;
  std::filesystem::rename(path, path.string() + ".damaged", ec);
  for (const char* suffix : {"-wal", "-shm"}) std::filesystem::remove(path.string() + suffix, ec);
  if (ec) return store;
  std::fprintf(stderr,
               "strata: warning: %s was damaged; moved to %s.damaged, starting a new history\n",
               path.c_str(), path.c_str());
  return open_once(path, create);
}

Result<MetricsStore> MetricsStore::open_once(const std::filesystem::path& path, bool create) {
  if (create) {
    std::error_code ec;
    std::filesystem::create_directories(path.parent_path(), ec);
  }
  sqlite3* db = nullptr;
  int flags = SQLITE_OPEN_READWRITE | (create ? SQLITE_OPEN_CREATE : 0) | SQLITE_OPEN_NOMUTEX;
  if (sqlite3_open_v2(path.c_str(), &db, flags, nullptr) != SQLITE_OK) {
    Error e = sqlite_error(db, path, "cannot open the metrics database");
    sqlite3_close(db);
    if (!create) e.kind = ErrorKind::k_not_found;
    return e;
  }
  MetricsStore store(db, path);
  sqlite3_busy_timeout(db, 5000);
  Status ready = store.exec("PRAGMA journal_mode=WAL; PRAGMA synchronous=OFF;");
  if (ready) ready = store.migrate();
  if (!ready) {
    int code = sqlite3_errcode(db);
    if (code == SQLITE_CORRUPT || code == SQLITE_NOTADB)
      return std::move(ready.error()).of(ErrorKind::k_corruption);
    return ready.error();
  }
  return store;
}

Status MetricsStore::exec(const char* sql) const {
  char* message = nullptr;
  if (sqlite3_exec(m_db, sql, nullptr, nullptr, &message) == SQLITE_OK) return ok_status();
  std::string what = message ? message : "unknown error";
  sqlite3_free(message);
  return Error(m_path.string() + ": " + what).of(ErrorKind::k_io);
}

Status MetricsStore::migrate() {
  int found = 0;
  {
    // Finished before migrating: DROP INDEX fails while a statement is open.
    Statement version(m_db, "PRAGMA user_version");
    if (!version || sqlite3_step(version.get()) != SQLITE_ROW)
      return sqlite_error(m_db, m_path, "cannot read its version");
    found = sqlite3_column_int(version.get(), 0);
  }
  if (found == k_metrics_schema_version) return ok_status();
  if (found > k_metrics_schema_version)
    return Error(m_path.string() + ": metrics schema version " + std::to_string(found) +
                     " is newer than this strata knows (" +
                     std::to_string(k_metrics_schema_version) + ")",
                 {}, "upgrade strata, or move the file away to start a new history")
        .of(ErrorKind::k_conflict);
  if (auto s = exec("BEGIN IMMEDIATE"); !s) return s;
  // Each step takes the file one version up: a new file runs them all.
  Status made = found < 1 ? exec(k_schema_v1) : ok_status();
  if (made && found < 2) made = exec(k_schema_v2);
  if (made && found < 3) made = exec(k_schema_v3);
  if (made && found < 4) made = exec(k_schema_v4);
  if (made)
    made = exec(("PRAGMA user_version = " + std::to_string(k_metrics_schema_version)).c_str());
  if (!made) {
    (void)exec("ROLLBACK");
    return made;
  }
  return exec("COMMIT");
}

Status MetricsStore::append(const std::vector<Sample>& samples) {
  if (samples.empty()) return ok_status();
  if (auto s = exec("BEGIN IMMEDIATE"); !s) return s;
  Statement insert(m_db,
                   "INSERT INTO samples (kind, subject, project, target, started_ms, duration_ms, "
                   "outcome, cache, run_id, batch_size, duration_us)"
                   " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11)");
  bool ok = static_cast<bool>(insert);
  for (size_t i = 0; ok && i < samples.size(); ++i) {
    const Sample& s = samples[i];
    insert.text(1, to_string(s.kind));
    insert.text(2, s.subject);
    insert.text(3, s.project);
    insert.text(4, s.target);
    insert.integer(5, s.started_ms);
    insert.integer(6, s.duration_ms);
    insert.text(7, s.outcome);
    insert.text(8, s.cache);
    insert.text(9, s.run_id);
    insert.integer(10, s.batch_size);
    insert.integer(11, s.duration_us);
    ok = sqlite3_step(insert.get()) == SQLITE_DONE;
    sqlite3_reset(insert.get());
  }
  if (ok) ok = update_estimates(samples);
  if (!ok) {
    Error e = sqlite_error(m_db, m_path, "cannot append measurements");
    (void)exec("ROLLBACK");
    return e;
  }
  return exec("COMMIT");
}

bool MetricsStore::update_estimates(const std::vector<Sample>& samples) {
  Statement update(m_db, k_update_estimate);
  bool ok = static_cast<bool>(update);
  for (size_t i = 0; ok && i < samples.size(); ++i) {
    if (!executed(samples[i])) continue;
    update.text(1, samples[i].subject);
    update.integer(2, samples[i].duration_ms);
    ok = sqlite3_step(update.get()) == SQLITE_DONE;
    sqlite3_reset(update.get());
  }
  return ok;
}

Result<std::unordered_map<std::string, int64_t>> MetricsStore::estimates() const {
  Statement stmt(m_db, "SELECT subject, duration_ms FROM estimates");
  if (!stmt) return sqlite_error(m_db, m_path, "cannot read estimates");
  std::unordered_map<std::string, int64_t> out;
  int rc;
  while ((rc = sqlite3_step(stmt.get())) == SQLITE_ROW)
    out.emplace(stmt.column_text(0), sqlite3_column_int64(stmt.get(), 1));
  if (rc != SQLITE_DONE) return sqlite_error(m_db, m_path, "cannot read estimates");
  return out;
}

Result<std::vector<Sample>> MetricsStore::select(const SampleQuery& q) const {
  Statement stmt(
      m_db,
      "SELECT kind, subject, project, target, started_ms, duration_ms, outcome, cache, run_id, "
      "batch_size, duration_us FROM samples"
      " WHERE (?1 = '' OR project = ?1) AND (?2 = '' OR target = ?2) AND started_ms >= ?3"
      " ORDER BY started_ms, id");
  if (!stmt) return sqlite_error(m_db, m_path, "cannot read measurements");
  stmt.text(1, q.project);
  stmt.text(2, q.target);
  stmt.integer(3, q.since_ms);
  std::vector<Sample> out;
  int rc;
  while ((rc = sqlite3_step(stmt.get())) == SQLITE_ROW) {
    Sample s;
    s.kind = parse_record_kind(stmt.column_text(0)).value_or(RecordKind::k_task);
    s.subject = stmt.column_text(1);
    s.project = stmt.column_text(2);
    s.target = stmt.column_text(3);
    s.started_ms = sqlite3_column_int64(stmt.get(), 4);
    s.duration_ms = sqlite3_column_int64(stmt.get(), 5);
    s.outcome = stmt.column_text(6);
    s.cache = stmt.column_text(7);
    s.run_id = stmt.column_text(8);
    s.batch_size = sqlite3_column_int64(stmt.get(), 9);
    s.duration_us = sqlite3_column_int64(stmt.get(), 10);
    out.push_back(std::move(s));
  }
  if (rc != SQLITE_DONE) return sqlite_error(m_db, m_path, "cannot read measurements");
  return out;
}

Result<std::map<std::string, int64_t>> MetricsStore::recent_medians(size_t last) const {
  Statement stmt(m_db,
                 "SELECT subject, duration_ms FROM samples WHERE outcome = 'success'"
                 " AND cache NOT IN ('local', 'remote') AND kind != 'inference' ORDER BY subject, "
                 "started_ms DESC, id DESC");
  if (!stmt) return sqlite_error(m_db, m_path, "cannot read measurements");
  std::map<std::string, std::vector<int64_t>> runs;
  while (sqlite3_step(stmt.get()) == SQLITE_ROW) {
    auto& v = runs[stmt.column_text(0)];
    if (v.size() < last) v.push_back(sqlite3_column_int64(stmt.get(), 1));
  }
  std::map<std::string, int64_t> out;
  for (auto& [subject, v] : runs) out[subject] = median(std::move(v));
  return out;
}

}  // namespace strata::monitor
