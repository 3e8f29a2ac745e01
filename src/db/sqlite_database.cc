// Each statement of a script is prepared and stepped on its own, so a
// failure knows which statement (and, from sqlite3_error_offset, which
// byte) caused it. Parameters are written $1..$n as on PostgreSQL; SQLite
// reads "$1" as a named parameter, which is bound by its number.

#include "db/sqlite_database.h"

#include <fcntl.h>
#include <sqlite3.h>
#include <unistd.h>

#include <filesystem>
#include <thread>

#include "db/sql_text.h"

namespace strata::db {

namespace {

// An OFD byte-range lock on a file beside the database: per open file, so
// two connections in one process exclude each other too.
class FileLock final : public DatabaseLock {
 public:
  explicit FileLock(int fd) : m_fd(fd) {}
  ~FileLock() override { ::close(m_fd); }

 private:
  int m_fd;
};

bool try_lock_byte(int fd, int64_t key) {
  struct flock fl = {};
  fl.l_type = F_WRLCK;
  fl.l_whence = SEEK_SET;
  fl.l_start = key & 0x3fffffffffffffffLL;
  fl.l_len = 1;
  return ::fcntl(fd, F_OFD_SETLK, &fl) == 0;
}

class NoLock final : public DatabaseLock {};

// The number a parameter name like "$3" or "?3" stands for, or 0.
int param_number(const char* name) {
  if (!name || !name[1]) return 0;
  int n = 0;
  for (const char* p = name + 1; *p; ++p) {
    if (*p < '0' || *p > '9') return 0;
    n = n * 10 + (*p - '0');
  }
  return n;
}

Status bind_params(sqlite3_stmt* stmt, const Params& params) {
  int count = sqlite3_bind_parameter_count(stmt);
  for (int i = 1; i <= count; ++i) {
    const char* name = sqlite3_bind_parameter_name(stmt, i);
    int n = name ? param_number(name) : i;
    if (n < 1 || n > static_cast<int>(params.size()))
      return Error("statement uses parameter " + std::string(name ? name : "?") + " but " +
                   std::to_string(params.size()) + " were given");
    const Param& p = params[n - 1];
    int rc =
        p ? sqlite3_bind_text(stmt, i, p->data(), static_cast<int>(p->size()), SQLITE_TRANSIENT)
          : sqlite3_bind_null(stmt, i);
    if (rc != SQLITE_OK) return Error(std::string("cannot bind parameter: ") + sqlite3_errstr(rc));
  }
  return ok_status();
}

std::vector<std::optional<std::string>> read_row(sqlite3_stmt* stmt) {
  int n = sqlite3_column_count(stmt);
  std::vector<std::optional<std::string>> row(n);
  for (int c = 0; c < n; ++c) {
    if (sqlite3_column_type(stmt, c) == SQLITE_NULL) continue;
    const void* data = sqlite3_column_blob(stmt, c);
    int size = sqlite3_column_bytes(stmt, c);
    row[c] = std::string(static_cast<const char*>(data ? data : ""), size);
  }
  return row;
}

}  // namespace

Result<std::unique_ptr<SqliteDatabase>> SqliteDatabase::open(
    const std::string& path, std::chrono::milliseconds busy_timeout) {
  std::error_code ec;
  if (path != ":memory:" && !path.empty()) {
    auto parent = std::filesystem::path(path).parent_path();
    if (!parent.empty()) std::filesystem::create_directories(parent, ec);
  }
  sqlite3* db = nullptr;
  int flags = SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX;
  int rc = sqlite3_open_v2(path.c_str(), &db, flags, nullptr);
  if (rc != SQLITE_OK) {
    std::string msg = db ? sqlite3_errmsg(db) : sqlite3_errstr(rc);
    sqlite3_close(db);
    return Error("cannot open SQLite database " + path + ": " + msg).of(ErrorKind::k_io);
  }
  sqlite3_busy_timeout(db, static_cast<int>(busy_timeout.count()));
  sqlite3_extended_result_codes(db, 1);
  auto out = std::unique_ptr<SqliteDatabase>(new SqliteDatabase(db, path));
  if (auto st = out->exec("PRAGMA foreign_keys = ON"); !st) return st.error();
  return out;
}

SqliteDatabase::~SqliteDatabase() { sqlite3_close_v2(m_db); }

Error SqliteDatabase::fail(std::string_view sql, size_t offset) {
  m_last_error = {};
  m_last_error.server_message = sqlite3_errmsg(m_db);
  m_last_error.sqlstate = "SQLITE_" + std::to_string(sqlite3_extended_errcode(m_db));
  m_last_error.offset = offset;
  m_last_error.has_position = true;
  LineCol lc = line_col_at(sql, offset);
  m_last_error.line = lc.line;
  m_last_error.col = lc.col;
  int code =
      sqlite3_errcode(m_db) & 0xff;  // extended codes are on; the low byte is the primary code
  ErrorKind kind = code == SQLITE_CORRUPT || code == SQLITE_NOTADB ? ErrorKind::k_corruption
                   : code == SQLITE_BUSY || code == SQLITE_LOCKED || code == SQLITE_FULL
                       ? ErrorKind::k_unavailable
                   : code == SQLITE_CONSTRAINT                       ? ErrorKind::k_conflict
                   : code == SQLITE_IOERR || code == SQLITE_CANTOPEN ? ErrorKind::k_io
                                                                     : ErrorKind::k_invalid_input;
  return Error(m_last_error.server_message + " (" + m_last_error.sqlstate + ")").of(kind);
}

Result<QueryResult> SqliteDatabase::run_one(std::string_view sql, const Params& params,
                                            bool want_rows) {
  QueryResult out;
  size_t pos = 0;
  bool ran = false;
  while (pos < sql.size()) {
    pos = skip_space_and_comments(sql, pos);
    if (pos >= sql.size()) break;
    sqlite3_stmt* stmt = nullptr;
    const char* tail = nullptr;
    const char* start = sql.data() + pos;
    int rc = sqlite3_prepare_v2(m_db, start, static_cast<int>(sql.size() - pos), &stmt, &tail);
    if (rc != SQLITE_OK) {
      int at = sqlite3_error_offset(m_db);
      return fail(sql, pos + (at > 0 ? at : 0));
    }
    size_t next = tail ? static_cast<size_t>(tail - sql.data()) : sql.size();
    if (!stmt) {  // only a ';' or comments
      pos = next;
      continue;
    }
    if (ran && want_rows) {
      sqlite3_finalize(stmt);
      return Error("query() takes one statement; use exec() for a script");
    }
    if (auto st = bind_params(stmt, params); !st) {
      sqlite3_finalize(stmt);
      return st.error();
    }
    out.columns.clear();
    for (int c = 0; c < sqlite3_column_count(stmt); ++c)
      out.columns.emplace_back(sqlite3_column_name(stmt, c));
    while ((rc = sqlite3_step(stmt)) == SQLITE_ROW)
      if (want_rows) out.rows.push_back(read_row(stmt));
    sqlite3_finalize(stmt);
    if (rc != SQLITE_DONE) return fail(sql, pos);
    ran = true;
    pos = next;
  }
  return out;
}

Status SqliteDatabase::exec(std::string_view sql) {
  auto r = run_one(sql, {}, false);
  if (!r) return r.error();
  return ok_status();
}

Status SqliteDatabase::exec(std::string_view sql, const Params& params) {
  auto r = run_one(sql, params, true);
  if (!r) return r.error();
  return ok_status();
}

Result<QueryResult> SqliteDatabase::query(std::string_view sql, const Params& params) {
  return run_one(sql, params, true);
}

Status SqliteDatabase::begin() { return exec("BEGIN IMMEDIATE"); }
Status SqliteDatabase::commit() { return exec("COMMIT"); }
Status SqliteDatabase::rollback() {
  if (!in_transaction()) return ok_status();
  return exec("ROLLBACK");
}
bool SqliteDatabase::in_transaction() const { return sqlite3_get_autocommit(m_db) == 0; }

Result<std::unique_ptr<DatabaseLock>> SqliteDatabase::lock(int64_t key,
                                                           std::chrono::milliseconds timeout) {
  if (m_path.empty() || m_path == ":memory:") return std::unique_ptr<DatabaseLock>(new NoLock());
  std::string lock_path = m_path + ".lock";
  int fd = ::open(lock_path.c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0644);
  if (fd < 0) return Error("cannot open lock file " + lock_path).of(ErrorKind::k_io);
  auto deadline = std::chrono::steady_clock::now() + timeout;
  while (!try_lock_byte(fd, key)) {
    if (std::chrono::steady_clock::now() >= deadline) {
      ::close(fd);
      return Error("timed out waiting for the lock on " + m_path, {},
                   "another strata process holds it; retry when it finishes")
          .of(ErrorKind::k_conflict);
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  return std::unique_ptr<DatabaseLock>(new FileLock(fd));
}

}  // namespace strata::db
