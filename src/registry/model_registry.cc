// Reads are single queries; writes run in one transaction under the
// registry lock (k_registry_lock). The lock, not the transaction, is what
// keeps concurrent promotions of one alias in order: each reads the holder
// it replaces only once the previous move has committed, so the events
// form one chain (every previous_version is the version before it).

#include "registry/model_registry.h"

#include <chrono>
#include <cstdio>
#include <ctime>
#include <filesystem>
#include <random>

#include "registry/registry_schema.h"
#include "util/fs.h"

namespace strata::registry {

namespace fs = std::filesystem;

namespace {

constexpr auto k_lock_wait = std::chrono::seconds(60);

constexpr const char* k_version_columns =
    "m.id, m.name, m.version, m.framework, m.status, m.metrics, m.artifacts_path, "
    "m.artifacts_digest, m.created_at, l.git_commit, l.training_key, l.data_hashes, l.params, "
    "l.evaluation_data_hash";
constexpr const char* k_event_columns =
    "seq, name, alias, version, previous_version, action, actor, reason, at";

std::string text(const std::optional<std::string>& v) { return v ? *v : std::string(); }

nlohmann::json json_or_empty(const std::optional<std::string>& v) {
  auto doc = nlohmann::json::parse(text(v), nullptr, false);
  return doc.is_discarded() ? nlohmann::json::object() : doc;
}

ModelVersion version_from(const std::vector<std::optional<std::string>>& r) {
  ModelVersion v;
  v.id = text(r[0]);
  v.name = text(r[1]);
  v.version = text(r[2]);
  v.framework = text(r[3]);
  v.status = text(r[4]);
  v.metrics = json_or_empty(r[5]);
  v.artifacts_path = text(r[6]);
  v.artifacts_digest = text(r[7]);
  v.created_at = text(r[8]);
  v.git_commit = text(r[9]);
  v.training_key = text(r[10]);
  v.data_hashes = json_or_empty(r[11]);
  v.params = json_or_empty(r[12]);
  v.evaluation_data_hash = text(r[13]);
  return v;
}

AliasEvent event_from(const std::vector<std::optional<std::string>>& r) {
  AliasEvent e;
  e.seq = std::stoll(text(r[0]));
  e.name = text(r[1]);
  e.alias = text(r[2]);
  e.version = r[3];
  e.previous_version = r[4];
  e.action = text(r[5]);
  e.actor = text(r[6]);
  e.reason = text(r[7]);
  e.at = text(r[8]);
  return e;
}

nlohmann::json optional_json(const std::optional<std::string>& v) {
  return v ? nlohmann::json(*v) : nlohmann::json(nullptr);
}

// Runs `body` in a transaction under the registry lock; rolls back on error.
template <typename T, typename Body>
Result<T> locked(db::DatabaseManager& db, Body&& body) {
  auto lock = db.lock(k_registry_lock, k_lock_wait);
  if (!lock) return lock.error();
  if (auto st = db.begin(); !st) return st.error();
  Result<T> out = body();
  if (!out) {
    (void)db.rollback();
    return out;
  }
  if (auto st = db.commit(); !st) return st.error();
  return out;
}

// The export's strata-model.json, with the registry's version written in,
// copied with the rest to a scratch directory the store then takes.
Result<fs::path> stage_export(const fs::path& export_dir, const std::string& version) {
  auto manifest_text = read_file(export_dir / "strata-model.json");
  if (!manifest_text)
    return Error(export_dir.string() + " has no strata-model.json", {},
                 "export the model first: strata run MODEL:export")
        .of(ErrorKind::k_not_found);
  auto manifest = nlohmann::json::parse(*manifest_text, nullptr, false);
  if (!manifest.is_object())
    return Error("strata-model.json is not a JSON object",
                 {(export_dir / "strata-model.json").string()});
  manifest["version"] = version;
  std::error_code ec;
  fs::path stage = fs::temp_directory_path() / ("strata-register-" + new_uuid());
  fs::copy(export_dir, stage, fs::copy_options::recursive, ec);
  if (ec) return Error("copying " + export_dir.string() + ": " + ec.message()).of(ErrorKind::k_io);
  if (auto st = write_atomic(stage / "strata-model.json", manifest.dump(2) + "\n"); !st)
    return st.error();
  return stage;
}

}  // namespace

std::string new_uuid() {
  static thread_local std::mt19937_64 rng{std::random_device{}()};
  uint64_t hi = rng(), lo = rng();
  hi = (hi & 0xffffffffffff0fffULL) | 0x0000000000004000ULL;
  lo = (lo & 0x3fffffffffffffffULL) | 0x8000000000000000ULL;
  char buf[37];
  std::snprintf(buf, sizeof buf, "%08x-%04x-%04x-%04x-%012llx", static_cast<unsigned>(hi >> 32),
                static_cast<unsigned>((hi >> 16) & 0xffff), static_cast<unsigned>(hi & 0xffff),
                static_cast<unsigned>(lo >> 48),
                static_cast<unsigned long long>(lo & 0xffffffffffffULL));
  return buf;
}

std::string utc_now_iso() {
  auto now = std::chrono::system_clock::now();
  auto us = std::chrono::duration_cast<std::chrono::microseconds>(now.time_since_epoch()).count();
  std::time_t secs = static_cast<std::time_t>(us / 1000000);
  std::tm tm{};
  ::gmtime_r(&secs, &tm);
  char buf[96];
  std::snprintf(buf, sizeof buf, "%04d-%02d-%02dT%02d:%02d:%02d.%06lldZ", tm.tm_year + 1900,
                tm.tm_mon + 1, tm.tm_mday, tm.tm_hour, tm.tm_min, tm.tm_sec,
                static_cast<long long>((us % 1000000 + 1000000) % 1000000));
  return buf;
}

nlohmann::json ModelVersion::to_json() const {
  return {{"id", id},
          {"name", name},
          {"version", version},
          {"framework", framework},
          {"status", status},
          {"metrics", metrics},
          {"artifacts_path", artifacts_path},
          {"artifacts_digest", artifacts_digest},
          {"created_at", created_at},
          {"lineage",
           {{"git_commit", git_commit},
            {"training_key", training_key},
            {"data_hashes", data_hashes},
            {"params", params},
            {"evaluation_data_hash", evaluation_data_hash}}}};
}

nlohmann::json AliasEvent::to_json() const {
  return {{"seq", seq},
          {"name", name},
          {"alias", alias},
          {"version", optional_json(version)},
          {"previous_version", optional_json(previous_version)},
          {"action", action},
          {"actor", actor},
          {"reason", reason},
          {"at", at}};
}

ModelRegistry::ModelRegistry(db::DatabaseManager& db, ArtifactStore store, Clock clock)
    : m_db(db), m_store(std::move(store)), m_clock(clock ? std::move(clock) : utc_now_iso) {}

Status ModelRegistry::open() { return migrate_registry(m_db); }

Result<std::string> ModelRegistry::next_version(const std::string& name) {
  auto rows = m_db.query("SELECT version FROM ml_models WHERE name = $1", {name});
  if (!rows) return rows.error();
  long long top = 0;
  for (const auto& r : rows->rows) top = std::max(top, std::atoll(text(r[0]).c_str()));
  return std::to_string(top + 1);
}

Result<ModelVersion> ModelRegistry::register_model(const RegisterRequest& request) {
  return locked<ModelVersion>(m_db, [&]() -> Result<ModelVersion> {
    auto version = next_version(request.name);
    if (!version) return version.error();
    auto stage = stage_export(request.export_dir, *version);
    if (!stage) return stage.error();
    auto stored = m_store.put(*stage);
    std::error_code ec;
    fs::remove_all(*stage, ec);
    if (!stored) return stored.error();
    ModelVersion v;
    v.id = new_uuid();
    v.name = request.name;
    v.version = *version;
    v.framework = request.framework;
    v.status = "registered";
    v.metrics = request.metrics;
    v.artifacts_path = stored->path.string();
    v.artifacts_digest = stored->digest;
    v.created_at = m_clock();
    v.git_commit = request.git_commit;
    v.training_key = request.training_key;
    v.data_hashes = request.data_hashes;
    v.params = request.params;
    v.evaluation_data_hash = request.evaluation_data_hash;
    if (auto st = m_db.exec(
            "INSERT INTO ml_models (id, name, version, framework, status, metrics, "
            "artifacts_path, artifacts_digest, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7, "
            "$8, $9)",
            {v.id, v.name, v.version, v.framework, v.status, v.metrics.dump(), v.artifacts_path,
             v.artifacts_digest, v.created_at});
        !st)
      return st.error();
    if (auto st = m_db.exec(
            "INSERT INTO ml_model_lineage (model_id, git_commit, training_key, data_hashes, "
            "params, evaluation_data_hash) VALUES ($1, $2, $3, $4, $5, $6)",
            {v.id, v.git_commit, v.training_key, v.data_hashes.dump(), v.params.dump(),
             v.evaluation_data_hash});
        !st)
      return st.error();
    return v;
  });
}

Result<std::vector<ModelVersion>> ModelRegistry::list(const std::string& name) {
  std::string sql = std::string("SELECT ") + k_version_columns +
                    " FROM ml_models m JOIN ml_model_lineage l ON l.model_id = m.id";
  db::Params params;
  if (!name.empty()) {
    sql += " WHERE m.name = $1";
    params.push_back(name);
  }
  sql += " ORDER BY m.name, m.created_at, m.version";
  auto rows = m_db.query(sql, params);
  if (!rows) return rows.error();
  std::vector<ModelVersion> out;
  for (const auto& r : rows->rows) out.push_back(version_from(r));
  return out;
}

Result<ModelVersion> ModelRegistry::get(const std::string& name, const std::string& version) {
  auto rows = m_db.query(std::string("SELECT ") + k_version_columns +
                             " FROM ml_models m JOIN ml_model_lineage l ON l.model_id = m.id "
                             "WHERE m.name = $1 AND m.version = $2",
                         {name, version});
  if (!rows) return rows.error();
  if (rows->rows.empty())
    return Error("model " + name + " has no version " + version, {},
                 "strata model list " + name + " shows its versions")
        .of(ErrorKind::k_not_found);
  return version_from(rows->rows[0]);
}

Result<ModelVersion> ModelRegistry::latest(const std::string& name) {
  auto all = list(name);
  if (!all) return all.error();
  if (all->empty())
    return Error("no version of model " + name + " is registered", {},
                 "strata model register " + name)
        .of(ErrorKind::k_not_found);
  const ModelVersion* best = &all->front();
  for (const auto& v : *all)
    if (std::atoll(v.version.c_str()) > std::atoll(best->version.c_str())) best = &v;
  return *best;
}

Result<std::optional<AliasEvent>> ModelRegistry::last_event(const std::string& name,
                                                            const std::string& alias) {
  auto rows = m_db.query(std::string("SELECT ") + k_event_columns +
                             " FROM ml_alias_events WHERE name = $1 AND alias = $2 "
                             "ORDER BY seq DESC LIMIT 1",
                         {name, alias});
  if (!rows) return rows.error();
  if (rows->rows.empty()) return std::optional<AliasEvent>();
  return std::optional<AliasEvent>(event_from(rows->rows[0]));
}

Result<std::optional<std::string>> ModelRegistry::holder(const std::string& name,
                                                         const std::string& alias) {
  auto last = last_event(name, alias);
  if (!last) return last.error();
  if (!*last) return std::optional<std::string>();
  return (*last)->version;
}

Result<std::optional<std::string>> ModelRegistry::holder_at(const std::string& name,
                                                            const std::string& alias,
                                                            const std::string& at) {
  auto rows = m_db.query(
      "SELECT version FROM ml_alias_events WHERE name = $1 AND alias = $2 AND at <= $3 "
      "ORDER BY seq DESC LIMIT 1",
      {name, alias, at});
  if (!rows) return rows.error();
  if (rows->rows.empty()) return std::optional<std::string>();
  return rows->rows[0][0];
}

Result<std::vector<AliasEvent>> ModelRegistry::history(const std::string& name,
                                                       const std::string& alias) {
  std::string sql =
      std::string("SELECT ") + k_event_columns + " FROM ml_alias_events WHERE name = $1";
  db::Params params{name};
  if (!alias.empty()) {
    sql += " AND alias = $2";
    params.push_back(alias);
  }
  auto rows = m_db.query(sql + " ORDER BY seq", params);
  if (!rows) return rows.error();
  std::vector<AliasEvent> out;
  for (const auto& r : rows->rows) out.push_back(event_from(r));
  return out;
}

Result<std::vector<std::pair<std::string, std::string>>> ModelRegistry::aliases(
    const std::string& name) {
  auto events = history(name);
  if (!events) return events.error();
  std::vector<std::pair<std::string, std::string>> out;
  for (const auto& e : *events) {
    auto it =
        std::find_if(out.begin(), out.end(), [&](const auto& p) { return p.first == e.alias; });
    if (it == out.end()) it = out.insert(out.end(), {e.alias, ""});
    it->second = text(e.version);
  }
  std::erase_if(out, [](const auto& p) { return p.second.empty(); });
  std::sort(out.begin(), out.end());
  return out;
}

Result<AliasEvent> ModelRegistry::append_event(AliasEvent e) {
  e.at = m_clock();
  auto rows = m_db.query(
      "INSERT INTO ml_alias_events (name, alias, version, previous_version, action, actor, "
      "reason, at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING seq",
      {e.name, e.alias, e.version, e.previous_version, e.action, e.actor, e.reason, e.at});
  if (!rows) return rows.error();
  if (!rows->rows.empty()) e.seq = std::stoll(text(rows->rows[0][0]));
  return e;
}

Result<AliasEvent> ModelRegistry::promote(const AliasMove& move, const MoveCheck& check) {
  return locked<AliasEvent>(m_db, [&]() -> Result<AliasEvent> {
    auto candidate = get(move.name, move.version);
    if (!candidate) return candidate.error();
    auto current = holder(move.name, move.alias);
    if (!current) return current.error();
    std::optional<ModelVersion> held;
    if (*current) {
      auto v = get(move.name, **current);
      if (!v) return v.error();
      held = *v;
    }
    if (check)
      if (auto st = check(*candidate, held); !st) return st.error();
    AliasEvent e;
    e.name = move.name;
    e.alias = move.alias;
    e.version = move.version;
    e.previous_version = *current;
    e.action = "promote";
    e.actor = move.actor;
    e.reason = move.reason;
    return append_event(std::move(e));
  });
}

Result<AliasEvent> ModelRegistry::rollback(const std::string& name, const std::string& alias,
                                           const std::string& actor, const std::string& reason) {
  return locked<AliasEvent>(m_db, [&]() -> Result<AliasEvent> {
    auto last = last_event(name, alias);
    if (!last) return last.error();
    if (!*last || !(*last)->previous_version)
      return Error("alias " + alias + " of model " + name + " has no earlier holder to go back to",
                   {}, "strata model history " + name + " --alias " + alias)
          .of(ErrorKind::k_conflict);
    AliasEvent e;
    e.name = name;
    e.alias = alias;
    e.version = (*last)->previous_version;
    e.previous_version = (*last)->version;
    e.action = "rollback";
    e.actor = actor;
    e.reason = reason;
    return append_event(std::move(e));
  });
}

Status ModelRegistry::add_webhook(const std::string& url) {
  if (!url.starts_with("http://") && !url.starts_with("https://"))
    return Error("webhook URL must start with http:// or https://: " + url);
  auto lock = m_db.lock(k_registry_lock, k_lock_wait);
  if (!lock) return lock.error();
  auto rows = m_db.query("SELECT url FROM ml_webhooks WHERE url = $1", {url});
  if (!rows) return rows.error();
  if (!rows->rows.empty()) return ok_status();
  return m_db.exec("INSERT INTO ml_webhooks (url, created_at) VALUES ($1, $2)", {url, m_clock()});
}

Result<std::vector<std::string>> ModelRegistry::webhooks() {
  auto rows = m_db.query("SELECT url FROM ml_webhooks ORDER BY url");
  if (!rows) return rows.error();
  std::vector<std::string> out;
  for (const auto& r : rows->rows) out.push_back(text(r[0]));
  return out;
}

Status ModelRegistry::record_delivery(int64_t event_seq, const std::string& url, int attempts,
                                      bool delivered, const std::string& last_error) {
  if (auto st = m_db.exec("DELETE FROM ml_webhook_deliveries WHERE event_seq = $1 AND url = $2",
                          {std::to_string(event_seq), url});
      !st)
    return st;
  return m_db.exec(
      "INSERT INTO ml_webhook_deliveries (event_seq, url, attempts, status, last_error, at) "
      "VALUES ($1, $2, $3, $4, $5, $6)",
      {std::to_string(event_seq), url, std::to_string(attempts), delivered ? "delivered" : "failed",
       last_error, m_clock()});
}

Status ModelRegistry::verify(const ModelVersion& version) const {
  return m_store.verify(version.artifacts_digest);
}

}  // namespace strata::registry
