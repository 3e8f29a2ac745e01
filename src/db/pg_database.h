#pragma once
// DatabaseManager over libpq. Errors carry the server's primary message,
// SQLSTATE and, when the server reports a position, its line and column.

#include <string>

#include "db/database.h"

struct pg_conn;
struct pg_result;

namespace strata::db {

class PgDatabase final : public DatabaseManager {
 public:
  static Result<std::unique_ptr<PgDatabase>> connect(const std::string& url);
  ~PgDatabase() override;

  Backend backend() const override { return Backend::k_postgres; }
  std::string display_url() const override { return redact_url(m_url); }
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

 private:
  PgDatabase(pg_conn* conn, std::string url) : m_conn(conn), m_url(std::move(url)) {}
  // Turns a failed result (or a connection failure when `res` is null)
  // into an Error and records its details; frees `res`.
  Error fail(pg_result* res, std::string_view sql);
  // Ends a COPY the server started and explains it is not supported.
  Error refuse_copy(pg_result* res);
  Result<QueryResult> run(std::string_view sql, const Params& params, bool with_params);

  pg_conn* m_conn;
  std::string m_url;
  DbErrorDetail m_last_error;
};

}  // namespace strata::db
