#include "db/database_reset.h"

#include "db/fixture.h"

namespace strata::db {

namespace {

Status drop_sqlite_objects(DatabaseManager& db) {
  auto r = db.query(
      "SELECT type, name FROM sqlite_master WHERE type IN ('view', 'table') AND name NOT LIKE "
      "'sqlite_%' "
      "ORDER BY type DESC");  // views first
  if (!r) return r.error();
  if (auto st = db.exec("PRAGMA foreign_keys = OFF"); !st) return st;
  for (const auto& row : r->rows) {
    std::string sql = (*row[0] == "view" ? "DROP VIEW IF EXISTS " : "DROP TABLE IF EXISTS ") +
                      quote_identifier(*row[1]);
    if (auto st = db.exec(sql); !st) return st;
  }
  return db.exec("PRAGMA foreign_keys = ON");
}

}  // namespace

Status drop_all_objects(DatabaseManager& db) {
  if (db.backend() == Backend::k_sqlite) return drop_sqlite_objects(db);
  return db.exec(
      "DROP SCHEMA IF EXISTS public CASCADE; CREATE SCHEMA public; GRANT ALL ON SCHEMA public TO "
      "public;");
}

}  // namespace strata::db
