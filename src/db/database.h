#pragma once
// The DatabaseManager port: one connection to a SQL database, whichever the
// backend. Migrations, seeds, the vector store and later services talk to a
// database only through this interface; SqliteDatabase (sqlite3 C API) and
// PgDatabase (libpq) are its adapters, and open_database picks one from a URL.

#include <chrono>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "util/result.h"

namespace strata::db {

enum class Backend { k_sqlite, k_postgres };
const char* backend_name(Backend b);  // "sqlite" or "postgres"

// A positional parameter ($1, $2, ... in the SQL): text, or SQL NULL.
using Param = std::optional<std::string>;
using Params = std::vector<Param>;

// Rows as text values; std::nullopt is SQL NULL.
struct QueryResult {
  std::vector<std::string> columns;
  std::vector<std::vector<std::optional<std::string>>> rows;

  // The column's index, or -1.
  int column(std::string_view name) const;
};

// What the server said about the last failure, beyond the Error's message:
// the SQLSTATE code ("42P01"; SQLite reports its extended result code as
// "SQLITE_<n>") and where in the SQL text it happened (1-based line and
// column, 0 when the server did not say).
struct DbErrorDetail {
  std::string sqlstate;
  std::string server_message;
  int line = 0;
  int col = 0;
  size_t offset = 0;  // byte offset of the failing point in the SQL text
  bool has_position = false;
};

// An exclusive lock held while this object lives; released on destruction.
class DatabaseLock {
 public:
  virtual ~DatabaseLock() = default;
};

class DatabaseManager {
 public:
  virtual ~DatabaseManager() = default;

  virtual Backend backend() const = 0;
  // The URL with any password removed, for messages.
  virtual std::string display_url() const = 0;

  // Runs one or more statements separated by ';' without parameters.
  virtual Status exec(std::string_view sql) = 0;
  // Runs exactly one statement with positional parameters $1..$n.
  virtual Status exec(std::string_view sql, const Params& params) = 0;
  // Runs one statement and returns its rows.
  virtual Result<QueryResult> query(std::string_view sql, const Params& params = {}) = 0;

  // Transactions. On SQLite begin() takes the write lock at once
  // (BEGIN IMMEDIATE) so two writers queue instead of deadlocking.
  virtual Status begin() = 0;
  virtual Status commit() = 0;
  virtual Status rollback() = 0;
  virtual bool in_transaction() const = 0;

  // An exclusive cross-process lock identified by `key`, waited for up to
  // `timeout`. PostgreSQL: a session advisory lock polled on a dedicated
  // connection, so this connection stays free for its own transactions.
  // SQLite: an flock on a file beside the database.
  virtual Result<std::unique_ptr<DatabaseLock>> lock(int64_t key,
                                                     std::chrono::milliseconds timeout) = 0;

  // Details of the last failure reported through an Error.
  virtual const DbErrorDetail& last_error() const = 0;
};

// Opens a database from a URL: `postgres://...` / `postgresql://...` for
// PostgreSQL; `sqlite:PATH`, `sqlite://PATH` or a plain file path for SQLite
// (created if missing). An empty url falls back to STRATA_DATABASE_URL.
Result<std::unique_ptr<DatabaseManager>> open_database(std::string_view url);

// The backend a URL names (without connecting). libpq keyword/value
// strings ("host=db dbname=app") are PostgreSQL.
Backend backend_of(std::string_view url);
// "postgres" for "postgres://...", "" when the text has no URL scheme.
std::string_view url_scheme(std::string_view url);
bool is_keyword_conninfo(std::string_view url);
// An unknown scheme ("postgress://", "mysql://") is an error naming the
// supported ones, never a SQLite file of that name.
Status check_database_url(std::string_view url);
// `url` if set, else STRATA_DATABASE_URL, else "".
std::string database_url_or_env(std::string_view url);
// The file path a SQLite URL names ("sqlite:PATH" -> "PATH").
std::string sqlite_path_of(std::string_view url);
// A URL with its password replaced by "***".
std::string redact_url(std::string_view url);

}  // namespace strata::db
