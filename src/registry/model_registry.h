#pragma once
// ModelRegistry: registered model versions with their metrics, lineage and
// content-addressed artefacts, and aliases (environments such as staging
// and production) whose every move is an appended event. Over the db
// layer's DatabaseManager, so SQLite and PostgreSQL behave the same; every
// write holds the registry lock, so concurrent promotions of one alias
// queue and each records the holder it replaced.

#include <functional>
#include <memory>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

#include "db/database.h"
#include "registry/artifact_store.h"
#include "util/result.h"

namespace strata::registry {

struct ModelVersion {
  std::string id;  // UUID
  std::string name;
  std::string version;  // "1", "2", ... numbered by the registry per name
  std::string framework;
  std::string status;  // "registered"
  nlohmann::json metrics = nlohmann::json::object();
  std::string artifacts_path;
  std::string artifacts_digest;  // "sha256:<hex>"
  std::string created_at;        // ISO 8601 UTC, microseconds
  // Lineage.
  std::string git_commit;
  std::string training_key;
  nlohmann::json data_hashes = nlohmann::json::object();
  nlohmann::json params = nlohmann::json::object();
  std::string evaluation_data_hash;  // the data the metrics were measured on

  nlohmann::json to_json() const;
};

struct RegisterRequest {
  std::string name;
  std::string framework;
  nlohmann::json metrics = nlohmann::json::object();
  std::string export_dir;  // holds strata-model.json; its version is set to the registry's
  std::string git_commit;
  std::string training_key;
  nlohmann::json data_hashes = nlohmann::json::object();
  nlohmann::json params = nlohmann::json::object();
  std::string evaluation_data_hash;
};

struct AliasEvent {
  int64_t seq = 0;
  std::string name;
  std::string alias;
  std::optional<std::string> version;           // nullopt: the alias was removed
  std::optional<std::string> previous_version;  // nullopt: it had no holder
  std::string action;                           // "promote" or "rollback"
  std::string actor;
  std::string reason;
  std::string at;

  nlohmann::json to_json() const;
};

struct AliasMove {
  std::string name;
  std::string alias;
  std::string version;
  std::string actor;
  std::string reason;
};

// Decides, under the registry lock, whether a move may happen: given the
// candidate and the alias's current holder (if any).
using MoveCheck =
    std::function<Status(const ModelVersion& candidate, const std::optional<ModelVersion>& holder)>;

class ModelRegistry {
 public:
  using Clock = std::function<std::string()>;  // ISO 8601 UTC

  ModelRegistry(db::DatabaseManager& db, ArtifactStore store, Clock clock = {});

  // Creates or upgrades the tables; call once before the rest.
  Status open();

  Result<ModelVersion> register_model(const RegisterRequest& request);
  Result<std::vector<ModelVersion>> list(const std::string& name = "");
  Result<ModelVersion> get(const std::string& name, const std::string& version);
  Result<ModelVersion> latest(const std::string& name);

  // The alias's holder now, or at time `at` (ISO 8601, compared as text).
  Result<std::optional<std::string>> holder(const std::string& name, const std::string& alias);
  Result<std::optional<std::string>> holder_at(const std::string& name, const std::string& alias,
                                               const std::string& at);
  // Every event of the model (alias "" = every alias), oldest first.
  Result<std::vector<AliasEvent>> history(const std::string& name, const std::string& alias = "");
  // Every alias the model has now, with its holder.
  Result<std::vector<std::pair<std::string, std::string>>> aliases(const std::string& name);

  // Points the alias at the version if `check` allows, as one event.
  Result<AliasEvent> promote(const AliasMove& move, const MoveCheck& check = {});
  // Points the alias back at the holder before its last move.
  Result<AliasEvent> rollback(const std::string& name, const std::string& alias,
                              const std::string& actor, const std::string& reason);

  // Webhook subscribers (src/registry/webhooks.h).
  Status add_webhook(const std::string& url);
  Result<std::vector<std::string>> webhooks();
  Status record_delivery(int64_t event_seq, const std::string& url, int attempts, bool delivered,
                         const std::string& last_error);

  // Re-hashes a version's artefacts (registered files are immutable).
  Status verify(const ModelVersion& version) const;

  const ArtifactStore& store() const { return m_store; }

 private:
  Result<std::string> next_version(const std::string& name);
  Result<std::optional<AliasEvent>> last_event(const std::string& name, const std::string& alias);
  Result<AliasEvent> append_event(AliasEvent event);

  db::DatabaseManager& m_db;
  ArtifactStore m_store;
  Clock m_clock;
};

// A random (version 4) UUID.
std::string new_uuid();
// Now as "2026-12-06T06:50:12.123456Z".
std::string utc_now_iso();

}  // namespace strata::registry
