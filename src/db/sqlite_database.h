#pragma once
// DatabaseManager over the sqlite3 C API: a file database (or ":memory:"),
// statements run one at a time with sqlite3_prepare_v2's tail so a failure
// is located to its statement's line.

#include <string>

#include "db/database.h"

struct sqlite3;

namespace strata::db {

class SqliteDatabase final : public DatabaseManager {
 public:
  // Opens (creating if missing) the database at `path`; writers wait up to
  // `busy_timeout` for each other.
  static Result<std::unique_ptr<SqliteDatabase>> open(
      const std::string& path, std::chrono::milliseconds busy_timeout = std::chrono::seconds(60));
  ~SqliteDatabase() override;

  Backend backend() const override { return Backend::k_sqlite; }
  std::string display_url() const override { return "sqlite:" + m_path; }
  Status exec(std::string_view sql) override;
  Status exec(std::string_view sql, const Params& params) override;
  Result<QueryResult> query(std::string_view sql, const Params& params = {}) override;
  Status begin() override;
  Status commit() override;
  Status rollback() override;
  bool in_transaction() const override;
  Result<std::unique_ptr<DatabaseLock>> lock(int64_t key,
                                             std::chrono::milliseconds timeout) override;
  const DbErrorDetail& last_error() const override { return m_last_error; }

  const std::string& path() const { return m_path; }

 private:
  SqliteDatabase(sqlite3* db, std::string path) : m_db(db), m_path(std::move(path)) {}
  // The Error for the connection's current failure; `sql` and `offset`
  // locate the failing statement inside the text that was run.
  Error fail(std::string_view sql, size_t offset);
  Result<QueryResult> run_one(std::string_view sql, const Params& params, bool want_rows);

  sqlite3* m_db;
  std::string m_path;
  DbErrorDetail m_last_error;
};

}  // namespace strata::db
