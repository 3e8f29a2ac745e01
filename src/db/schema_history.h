#pragma once
// The schema history table, `strata_schema_history`: one row per applied
// (or dirty) migration. Its layout is versioned through the `strata_meta`
// table (key `schema_history_format`); see docs/formats/schema-history.md.

#include <string>
#include <vector>

#include "db/database.h"

namespace strata::db {

// The lock every Strata process takes before it changes the database's
// schema, history or seeds ("STRATAMG"): migrations and seeds share it, so
// they never race to create Strata's tables.
inline constexpr int64_t k_strata_lock_key = 0x535452415441'4d47LL;

enum class HistoryState { k_applied, k_dirty };

struct HistoryRow {
  std::string version;
  std::string name;
  std::string checksum;
  std::string applied_at;  // ISO 8601, UTC
  int64_t duration_ms = 0;
  std::string applied_by;
  HistoryState state = HistoryState::k_applied;
};

class SchemaHistory {
 public:
  static constexpr int k_format = 1;

  explicit SchemaHistory(DatabaseManager& db) : m_db(db) {}

  // Whether the table exists (without creating it).
  Result<bool> exists();
  // Creates the table and the format row if missing; refuses a newer format.
  Status ensure();
  // All rows, in version order; empty when the table does not exist.
  Result<std::vector<HistoryRow>> rows();
  Status insert(const HistoryRow& row);
  Status mark_applied(const std::string& version, int64_t duration_ms);
  Status set_checksum(const std::string& version, const std::string& checksum);
  Status remove(const std::string& version);

 private:
  std::string table() const;
  DatabaseManager& m_db;
};

// Creates `strata_meta` if missing and checks (or records) the format of
// one of Strata's tables there. A newer format than `known` is an error.
Status check_format(DatabaseManager& db, const std::string& key, int known);
// The name to use for one of Strata's own tables: on PostgreSQL qualified
// with `public.`, so a migration that changes the session's search_path
// (as `pg_dump` output does) cannot hide it.
std::string strata_table(const DatabaseManager& db, const std::string& name);
// Whether a table (one of Strata's, named unqualified) exists.
Result<bool> table_exists(DatabaseManager& db, const std::string& table);

// The current UTC time as "2026-01-02T03:04:05Z".
std::string utc_now_iso();
// STRATA_ACTOR if set, else the OS user name.
std::string current_actor();

}  // namespace strata::db
