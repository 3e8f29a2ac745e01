#include "db/schema_history.h"

#include <pwd.h>
#include <unistd.h>

#include <algorithm>
#include <cstdlib>
#include <ctime>

#include "db/migration_file.h"

namespace strata::db {

namespace {

constexpr const char* k_columns = R"( (
  version TEXT PRIMARY KEY,
  name TEXT NOT NULL,
  checksum TEXT NOT NULL,
  applied_at TEXT NOT NULL,
  duration_ms BIGINT NOT NULL,
  applied_by TEXT NOT NULL,
  state TEXT NOT NULL
))";

const char* state_name(HistoryState s) { return s == HistoryState::k_dirty ? "dirty" : "applied"; }

}  // namespace

std::string strata_table(const DatabaseManager& db, const std::string& name) {
  return db.backend() == Backend::k_postgres ? "public." + name : name;
}

Result<bool> table_exists(DatabaseManager& db, const std::string& table) {
  auto r =
      db.backend() == Backend::k_postgres
          ? db.query("SELECT 1 WHERE to_regclass($1) IS NOT NULL", {strata_table(db, table)})
          : db.query("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = $1", {table});
  if (!r) return r.error();
  return !r->rows.empty();
}

Status check_format(DatabaseManager& db, const std::string& key, int known) {
  std::string meta = strata_table(db, "strata_meta");
  if (auto st = db.exec("CREATE TABLE IF NOT EXISTS " + meta +
                        " (key TEXT PRIMARY KEY, value TEXT NOT NULL)");
      !st)
    return st;
  auto r = db.query("SELECT value FROM " + meta + " WHERE key = $1", {key});
  if (!r) return r.error();
  if (r->rows.empty())
    return db.exec("INSERT INTO " + meta + " (key, value) VALUES ($1, $2)",
                   {key, std::to_string(known)});
  int found = std::atoi(r->rows[0][0].value_or("0").c_str());
  if (found > known)
    return Error("the database's " + key + " is version " + std::to_string(found) +
                     ", newer than this strata (" + std::to_string(known) + ")",
                 {}, "upgrade strata");
  return ok_status();
}

std::string SchemaHistory::table() const { return strata_table(m_db, "strata_schema_history"); }

Result<bool> SchemaHistory::exists() { return table_exists(m_db, "strata_schema_history"); }

Status SchemaHistory::ensure() {
  if (auto st = m_db.exec("CREATE TABLE IF NOT EXISTS " + table() + k_columns); !st) return st;
  return check_format(m_db, "schema_history_format", k_format);
}

Result<std::vector<HistoryRow>> SchemaHistory::rows() {
  auto has = exists();
  if (!has) return has.error();
  if (!*has) return std::vector<HistoryRow>{};
  auto r = m_db.query(
      "SELECT version, name, checksum, applied_at, duration_ms, applied_by, state FROM " + table());
  if (!r) return r.error();
  std::vector<HistoryRow> out;
  for (const auto& row : r->rows) {
    HistoryRow h;
    h.version = row[0].value_or("");
    h.name = row[1].value_or("");
    h.checksum = row[2].value_or("");
    h.applied_at = row[3].value_or("");
    h.duration_ms = std::atoll(row[4].value_or("0").c_str());
    h.applied_by = row[5].value_or("");
    h.state = row[6].value_or("") == "dirty" ? HistoryState::k_dirty : HistoryState::k_applied;
    out.push_back(std::move(h));
  }
  std::sort(out.begin(), out.end(),
            [](const auto& a, const auto& b) { return version_less(a.version, b.version); });
  return out;
}

Status SchemaHistory::insert(const HistoryRow& h) {
  return m_db.exec("INSERT INTO " + table() +
                       " (version, name, checksum, applied_at, duration_ms, applied_by, state) "
                       "VALUES ($1, $2, $3, $4, $5, $6, $7)",
                   {h.version, h.name, h.checksum, h.applied_at, std::to_string(h.duration_ms),
                    h.applied_by, std::string(state_name(h.state))});
}

Status SchemaHistory::mark_applied(const std::string& version, int64_t duration_ms) {
  return m_db.exec(
      "UPDATE " + table() + " SET state = 'applied', duration_ms = $2 WHERE version = $1",
      {version, std::to_string(duration_ms)});
}

Status SchemaHistory::set_checksum(const std::string& version, const std::string& checksum) {
  return m_db.exec("UPDATE " + table() + " SET checksum = $2 WHERE version = $1",
                   {version, checksum});
}

Status SchemaHistory::remove(const std::string& version) {
  return m_db.exec("DELETE FROM " + table() + " WHERE version = $1", {version});
}

std::string utc_now_iso() {
  std::time_t now = std::time(nullptr);
  std::tm tm{};
  gmtime_r(&now, &tm);
  char buf[32];
  std::strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%SZ", &tm);
  return buf;
}

std::string current_actor() {
  if (const char* a = std::getenv("STRATA_ACTOR"); a && *a) return a;
  if (const passwd* pw = getpwuid(getuid()); pw && pw->pw_name) return pw->pw_name;
  if (const char* u = std::getenv("USER"); u && *u) return u;
  return "unknown";
}

}  // namespace strata::db
