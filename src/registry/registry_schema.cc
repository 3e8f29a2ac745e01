// Migrations are plain SQL per backend; the differences are only the
// auto-incrementing key (the event sequence that orders alias moves) and
// JSON kept as text on both, so one query layer serves both backends.

#include "registry/registry_schema.h"

#include <chrono>
#include <string>
#include <vector>

#include "registry/model_registry.h"

namespace strata::registry {

namespace {

struct Migration {
  int version;
  const char* name;
  const char* sqlite;
  const char* postgres;
};

constexpr const char* k_models = R"(
CREATE TABLE ml_models (
  id TEXT PRIMARY KEY,
  name TEXT NOT NULL,
  version TEXT NOT NULL,
  framework TEXT NOT NULL,
  status TEXT NOT NULL,
  metrics TEXT NOT NULL,
  artifacts_path TEXT NOT NULL,
  artifacts_digest TEXT NOT NULL,
  created_at TEXT NOT NULL,
  UNIQUE (name, version)
);
CREATE TABLE ml_model_lineage (
  model_id TEXT PRIMARY KEY REFERENCES ml_models(id),
  git_commit TEXT NOT NULL,
  training_key TEXT NOT NULL,
  data_hashes TEXT NOT NULL,
  params TEXT NOT NULL,
  evaluation_data_hash TEXT NOT NULL
))";

constexpr const char* k_webhooks = R"(
CREATE TABLE ml_webhooks (
  url TEXT PRIMARY KEY,
  created_at TEXT NOT NULL
);
CREATE TABLE ml_webhook_deliveries (
  event_seq BIGINT NOT NULL,
  url TEXT NOT NULL,
  attempts INTEGER NOT NULL,
  status TEXT NOT NULL,
  last_error TEXT NOT NULL,
  at TEXT NOT NULL,
  PRIMARY KEY (event_seq, url)
))";

const std::vector<Migration>& migrations() {
  static const std::vector<Migration> all = {
      {1, "models and lineage", k_models, k_models},
      {2, "alias events",
       R"(
CREATE TABLE ml_alias_events (
  seq INTEGER PRIMARY KEY AUTOINCREMENT,
  name TEXT NOT NULL,
  alias TEXT NOT NULL,
  version TEXT,
  previous_version TEXT,
  action TEXT NOT NULL,
  actor TEXT NOT NULL,
  reason TEXT NOT NULL,
  at TEXT NOT NULL
);
CREATE INDEX ml_alias_events_by_alias ON ml_alias_events (name, alias, seq))",
       R"(
CREATE TABLE ml_alias_events (
  seq BIGSERIAL PRIMARY KEY,
  name TEXT NOT NULL,
  alias TEXT NOT NULL,
  version TEXT,
  previous_version TEXT,
  action TEXT NOT NULL,
  actor TEXT NOT NULL,
  reason TEXT NOT NULL,
  at TEXT NOT NULL
);
CREATE INDEX ml_alias_events_by_alias ON ml_alias_events (name, alias, seq))"},
      {3, "webhooks", k_webhooks, k_webhooks},
  };
  return all;
}

Result<int> applied_version(db::DatabaseManager& db) {
  if (auto st = db.exec(
          "CREATE TABLE IF NOT EXISTS ml_registry_schema (version INTEGER PRIMARY KEY, name TEXT "
          "NOT NULL, applied_at TEXT NOT NULL)");
      !st)
    return st.error();
  auto rows = db.query("SELECT MAX(version) FROM ml_registry_schema");
  if (!rows) return rows.error();
  if (rows->rows.empty() || !rows->rows[0][0]) return 0;
  return std::stoi(*rows->rows[0][0]);
}

Status apply(db::DatabaseManager& db, const Migration& m) {
  if (auto st = db.begin(); !st) return st;
  const char* sql = db.backend() == db::Backend::k_postgres ? m.postgres : m.sqlite;
  Status st = db.exec(sql);
  if (st)
    st = db.exec("INSERT INTO ml_registry_schema (version, name, applied_at) VALUES ($1, $2, $3)",
                 {std::to_string(m.version), std::string(m.name), utc_now_iso()});
  if (!st) {
    (void)db.rollback();
    return Error("model registry migration " + std::to_string(m.version) + " (" + m.name +
                 "): " + st.error().message);
  }
  return db.commit();
}

}  // namespace

int registry_schema_version() { return migrations().back().version; }

Status migrate_registry(db::DatabaseManager& db) {
  auto lock = db.lock(k_registry_lock, std::chrono::seconds(30));
  if (!lock) return lock.error();
  auto current = applied_version(db);
  if (!current) return current.error();
  if (*current > registry_schema_version())
    return Error("the model registry's schema is version " + std::to_string(*current) +
                     ", newer than this strata knows (" +
                     std::to_string(registry_schema_version()) + ")",
                 {}, "upgrade strata")
        .of(ErrorKind::k_conflict);
  for (const auto& m : migrations())
    if (m.version > *current)
      if (auto st = apply(db, m); !st) return st;
  return ok_status();
}

}  // namespace strata::registry
