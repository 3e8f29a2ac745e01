// A script runs statement by statement through PQexec, so a failure is
// located to its statement even when the server reports no position (a
// constraint violation, say); a statement with parameters goes through
// PQexecParams (text format). The server's error position counts characters in the text that
// was sent, so it maps straight back to a line and column of that text.

#include "db/pg_database.h"

#include <libpq-fe.h>

#include <cctype>
#include <cstdlib>
#include <cstring>
#include <thread>

#include "db/sql_text.h"
#include "util/redact.h"

namespace strata::db {

namespace {

// An advisory lock held by its own connection: closing the connection
// releases it even if the process dies.
class AdvisoryLock final : public DatabaseLock {
 public:
  AdvisoryLock(PGconn* conn, int64_t key) : m_conn(conn), m_key(key) {}
  ~AdvisoryLock() override {
    std::string sql = "SELECT pg_advisory_unlock(" + std::to_string(m_key) + ")";
    PQclear(PQexec(m_conn, sql.c_str()));
    PQfinish(m_conn);
  }

 private:
  PGconn* m_conn;
  int64_t m_key;
};

const char* field(const PGresult* res, int code) {
  const char* v = PQresultErrorField(res, code);
  return v ? v : "";
}

// libpq's messages span lines ("...failed: Connection refused\n\tIs the
// server running..."); errors are one line.
std::string trimmed(std::string_view text) {
  std::string s;
  for (char c : text) {
    if (c == '\n' || c == '\t') {
      if (!s.empty() && s.back() != ' ') s += ' ';
    } else {
      s += c;
    }
  }
  while (!s.empty() && s.back() == ' ') s.pop_back();
  return s;
}

// libpq repeats parts of the connection string in its messages (a URL it
// cannot parse, whole). Besides the pattern redaction, the password itself
// (as libpq decoded it) is cut out wherever it appears.
std::string scrubbed(std::string msg, const std::string& url) {
  msg = redact_secrets(msg);
  char* err = nullptr;
  PQconninfoOption* options = PQconninfoParse(url.c_str(), &err);
  if (err) PQfreemem(err);
  if (!options) return msg;
  for (PQconninfoOption* o = options; o->keyword; ++o) {
    std::string_view key = o->keyword;
    if ((key != "password" && key != "sslpassword") || !o->val || !*o->val) continue;
    for (size_t at = msg.find(o->val); at != std::string::npos; at = msg.find(o->val, at + 3))
      msg.replace(at, std::strlen(o->val), "***");
  }
  PQconninfoFree(options);
  return msg;
}

// The SQLSTATE classes that are not the statement's fault: connection
// exceptions, unavailable resources and operator intervention, integrity
// violations (conflicts), data corruption, internal errors.
ErrorKind kind_of_sqlstate(std::string_view s) {
  std::string_view cls = s.substr(0, 2);
  if (cls == "08" || cls == "53" || cls == "57") return ErrorKind::k_unavailable;
  if (cls == "23" || cls == "40" || cls == "55") return ErrorKind::k_conflict;
  if (s == "XX001" || s == "XX002") return ErrorKind::k_corruption;
  if (cls == "58") return ErrorKind::k_io;
  if (cls == "XX") return ErrorKind::k_internal;
  return ErrorKind::k_invalid_input;
}

Result<PGconn*> open_conn(const std::string& url) {
  PGconn* conn = PQconnectdb(url.c_str());
  if (PQstatus(conn) != CONNECTION_OK) {
    std::string msg = scrubbed(trimmed(PQerrorMessage(conn)), url);
    PQfinish(conn);
    return Error("cannot connect to " + scrubbed(redact_url(url), url) + ": " + msg, {},
                 "check that the server is running and the URL is right")
        .of(ErrorKind::k_unavailable);
  }
  // Notices (e.g. "relation already exists, skipping") would go to stderr.
  PQsetNoticeProcessor(conn, [](void*, const char*) {}, nullptr);
  return conn;
}

// SQL-standard function bodies (BEGIN ATOMIC ... END) hold semicolons the
// splitter cannot see; such scripts go to the server whole.
bool has_atomic_body(std::string_view sql) {
  constexpr std::string_view k_word = "atomic";
  for (size_t i = 0; i + k_word.size() <= sql.size(); ++i) {
    size_t n = 0;
    while (n < k_word.size() && std::tolower(static_cast<unsigned char>(sql[i + n])) == k_word[n])
      ++n;
    if (n == k_word.size()) return true;
  }
  return false;
}

}  // namespace

Result<std::unique_ptr<PgDatabase>> PgDatabase::connect(const std::string& url) {
  auto conn = open_conn(url);
  if (!conn) return conn.error();
  return std::unique_ptr<PgDatabase>(new PgDatabase(*conn, url));
}

PgDatabase::~PgDatabase() { PQfinish(m_conn); }

Error PgDatabase::fail(PGresult* res, std::string_view sql) {
  m_last_error = {};
  if (!res) {
    m_last_error.server_message = trimmed(PQerrorMessage(m_conn));
    // No result at all: the connection failed under us.
    return Error(m_last_error.server_message)
        .of(PQstatus(m_conn) == CONNECTION_OK ? ErrorKind::k_internal : ErrorKind::k_unavailable);
  }
  m_last_error.server_message = field(res, PG_DIAG_MESSAGE_PRIMARY);
  if (m_last_error.server_message.empty())
    m_last_error.server_message = trimmed(PQresultErrorMessage(res));
  m_last_error.sqlstate = field(res, PG_DIAG_SQLSTATE);
  std::string detail = field(res, PG_DIAG_MESSAGE_DETAIL);
  std::string hint = field(res, PG_DIAG_MESSAGE_HINT);
  if (long pos = std::strtol(field(res, PG_DIAG_STATEMENT_POSITION), nullptr, 10); pos > 0) {
    m_last_error.offset = byte_offset_of_char(sql, static_cast<size_t>(pos));
    m_last_error.has_position = true;
    LineCol lc = line_col_at(sql, m_last_error.offset);
    m_last_error.line = lc.line;
    m_last_error.col = lc.col;
  }
  PQclear(res);
  std::string msg = m_last_error.server_message;
  if (!detail.empty()) msg += " (" + detail + ")";
  if (!m_last_error.sqlstate.empty()) msg += " [SQLSTATE " + m_last_error.sqlstate + "]";
  // A connection lost under a statement gives a result without a SQLSTATE
  // ("server closed the connection unexpectedly"): not the statement's fault.
  if (PQstatus(m_conn) != CONNECTION_OK) return Error(msg, {}, hint).of(ErrorKind::k_unavailable);
  return Error(msg, {}, hint).of(kind_of_sqlstate(m_last_error.sqlstate));
}

Result<QueryResult> PgDatabase::run(std::string_view sql, const Params& params, bool with_params) {
  std::string text(sql);
  PGresult* res = nullptr;
  if (!with_params) {
    res = PQexec(m_conn, text.c_str());
  } else {
    std::vector<const char*> values;
    for (const Param& p : params) values.push_back(p ? p->c_str() : nullptr);
    res = PQexecParams(m_conn, text.c_str(), static_cast<int>(values.size()), nullptr,
                       values.data(), nullptr, nullptr, 0);
  }
  ExecStatusType status = res ? PQresultStatus(res) : PGRES_FATAL_ERROR;
  if (status == PGRES_COPY_IN || status == PGRES_COPY_OUT) return refuse_copy(res);
  if (status != PGRES_COMMAND_OK && status != PGRES_TUPLES_OK) return fail(res, sql);
  QueryResult out;
  int cols = PQnfields(res), rows = PQntuples(res);
  for (int c = 0; c < cols; ++c) out.columns.emplace_back(PQfname(res, c));
  out.rows.reserve(rows);
  for (int r = 0; r < rows; ++r) {
    auto& row = out.rows.emplace_back(cols);
    for (int c = 0; c < cols; ++c)
      if (!PQgetisnull(res, r, c))
        row[c] = std::string(PQgetvalue(res, r, c), PQgetlength(res, r, c));
  }
  PQclear(res);
  return out;
}

Error PgDatabase::refuse_copy(PGresult* res) {
  bool in = PQresultStatus(res) == PGRES_COPY_IN;
  PQclear(res);
  if (in) PQputCopyEnd(m_conn, "COPY from the client is not supported");
  // Drain what the server sends so the connection is usable again.
  char* buf = nullptr;
  if (!in)
    while (PQgetCopyData(m_conn, &buf, 0) > 0) PQfreemem(buf);
  while (PGresult* r = PQgetResult(m_conn)) PQclear(r);
  m_last_error = {};
  m_last_error.server_message = "COPY ... FROM STDIN / TO STDOUT needs a client that streams data";
  return Error(m_last_error.server_message, {}, "use INSERT statements, or a CSV seed fixture");
}

Status PgDatabase::exec(std::string_view sql) {
  std::vector<SqlStatement> statements = split_statements(sql);
  if (statements.empty() || has_atomic_body(sql)) {
    auto r = run(sql, {}, false);
    if (!r) return r.error();
    return ok_status();
  }
  for (const SqlStatement& s : statements) {
    auto r = run(s.text, {}, false);
    if (r) continue;
    // Locate the failure in the whole script: the statement, and the
    // server's position inside it when it gave one.
    m_last_error.offset = s.offset + (m_last_error.has_position ? m_last_error.offset : 0);
    m_last_error.has_position = true;
    LineCol lc = line_col_at(sql, m_last_error.offset);
    m_last_error.line = lc.line;
    m_last_error.col = lc.col;
    return r.error();
  }
  return ok_status();
}

Status PgDatabase::exec(std::string_view sql, const Params& params) {
  auto r = run(sql, params, true);
  if (!r) return r.error();
  return ok_status();
}

Result<QueryResult> PgDatabase::query(std::string_view sql, const Params& params) {
  return run(sql, params, true);
}

Status PgDatabase::begin() { return exec("BEGIN"); }
Status PgDatabase::commit() { return exec("COMMIT"); }
Status PgDatabase::rollback() {
  if (!in_transaction()) return ok_status();
  return exec("ROLLBACK");
}
bool PgDatabase::in_transaction() const { return PQtransactionStatus(m_conn) != PQTRANS_IDLE; }

Result<std::unique_ptr<DatabaseLock>> PgDatabase::lock(int64_t key,
                                                       std::chrono::milliseconds timeout) {
  auto conn = open_conn(m_url);
  if (!conn) return conn.error();
  std::string sql = "SELECT pg_try_advisory_lock(" + std::to_string(key) + ")";
  auto deadline = std::chrono::steady_clock::now() + timeout;
  for (;;) {
    PGresult* res = PQexec(*conn, sql.c_str());
    bool ok = PQresultStatus(res) == PGRES_TUPLES_OK;
    bool got = ok && std::string_view(PQgetvalue(res, 0, 0)) == "t";
    std::string err = ok ? "" : trimmed(PQresultErrorMessage(res));
    PQclear(res);
    if (got) return std::unique_ptr<DatabaseLock>(new AdvisoryLock(*conn, key));
    if (!ok || std::chrono::steady_clock::now() >= deadline) {
      PQfinish(*conn);
      if (!ok) return Error("cannot take the advisory lock on " + display_url() + ": " + err);
      return Error("timed out waiting for the advisory lock on " + display_url(), {},
                   "another strata process holds it; retry when it finishes")
          .of(ErrorKind::k_conflict);
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
  }
}

}  // namespace strata::db
