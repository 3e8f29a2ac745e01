// PostgreSQL + pgvector. Scores come straight from pgvector's distance
// operators (<-> L2, <=> cosine distance, <#> negated inner product), which
// define the scores the embedded store reproduces. Filtered queries turn on
// pgvector's iterative index scans (relaxed order, re-sorted afterwards) so
// the index keeps scanning until k rows pass the filter; if it still stops
// short (scan budget spent), the query is answered exactly instead, so k
// matching rows always give k results. The planner answers a selective
// filter exactly through the GIN index on metadata (every matching row
// measured); for a filter `{"key": value}` with a partial HNSW index of its
// own (build_index makes one per common value of each key with few values)
// it is steered onto that index. Queries that plan alike for every vector
// are prepared once per connection, and the search settings are set on the
// session only when they change, so most queries take one round trip.

#include "vector/pg_store.h"

#include <fmt/format.h>

#include <algorithm>
#include <cstdlib>
#include <map>
#include <set>

#include "util/hash.h"
#include "util/suggest.h"

namespace strata::vec {

using json = nlohmann::json;

namespace {

constexpr int k_rows_per_insert = 500;
constexpr int k_default_ef = 64;
constexpr int k_default_m = 16;
constexpr int k_default_ef_construction = 100;
// Partial HNSW indexes (one per value of a metadata key, built by
// build_index): for keys with at most this many distinct values, for values
// held by at least this many rows (fewer are scanned exactly in well under a
// millisecond through the GIN index).
constexpr int k_max_filter_values = 128;
constexpr int k_min_filter_rows = 256;
// At most this many in all, the most common values first: every insert
// checks each index's predicate, and planning opens every index.
constexpr int k_max_filter_indexes = 256;

const char* distance_op(Metric m) {
  switch (m) {
    case Metric::k_l2:
      return "<->";
    case Metric::k_inner_product:
      return "<#>";
    case Metric::k_cosine:
      break;
  }
  return "<=>";
}

const char* opclass(Metric m) {
  switch (m) {
    case Metric::k_l2:
      return "vector_l2_ops";
    case Metric::k_inner_product:
      return "vector_ip_ops";
    case Metric::k_cosine:
      break;
  }
  return "vector_cosine_ops";
}

std::string table(std::string_view name) { return fmt::format("\"{}\"", name); }

std::string vector_text(std::span<const float> v) {
  std::string out = "[";
  for (size_t i = 0; i < v.size(); ++i) {
    if (i) out += ',';
    out += fmt::format("{}", v[i]);
  }
  return out + "]";
}

std::vector<float> parse_vector(const std::string& text) {
  std::vector<float> out;
  const char* p = text.c_str();
  if (*p == '[') ++p;
  while (*p && *p != ']') {
    char* end = nullptr;
    float x = std::strtof(p, &end);
    if (end == p) break;
    out.push_back(x);
    p = *end == ',' ? end + 1 : end;
  }
  return out;
}

json parse_json(const std::optional<std::string>& text) {
  if (!text) return json::object();
  json j = json::parse(*text, nullptr, false);
  return j.is_discarded() ? json::object() : j;
}

// "$1, $2, ..." for ids bound from `first`.
std::string placeholders(size_t n, size_t first = 1) {
  std::string out;
  for (size_t i = 0; i < n; ++i) out += fmt::format("{}${}", i ? ", " : "", first + i);
  return out;
}

db::Params text_params(const std::vector<json>& values) {
  db::Params out;
  for (const auto& v : values) out.emplace_back(v.is_string() ? v.get<std::string>() : v.dump());
  return out;
}

std::string sql_literal(std::string_view text) {
  std::string out = "'";
  for (char c : text) out += c == '\'' ? std::string("''") : std::string(1, c);
  return out + "'";
}

// `{"key":value}` for a filter that is one equality, else "": the predicate
// of the partial index that can answer it.
std::string equality_predicate(const Filter& f) {
  if (f.op == Filter::Op::k_and && f.children.size() == 1)
    return equality_predicate(f.children.front());
  if (f.op != Filter::Op::k_eq) return "";
  return json{{f.key, f.value}}.dump();
}

// The `{"key":value}` of a partial index's predicate as PostgreSQL prints it,
// `(metadata @> '{"label": 3}'::jsonb)`, or "" for any other predicate.
std::string predicate_of(std::string_view expr) {
  size_t open = expr.find("metadata @> '");
  size_t close = expr.rfind("'::jsonb");
  if (open == std::string_view::npos || close == std::string_view::npos) return "";
  open += 13;
  if (close < open) return "";
  std::string text;
  for (size_t i = open; i < close; ++i) {
    text += expr[i];
    if (expr[i] == '\'' && i + 1 < close && expr[i + 1] == '\'') ++i;
  }
  json j = json::parse(text, nullptr, false);
  return j.is_object() && j.size() == 1 ? j.dump() : "";
}

// Runs `work` on a session taken from the pool; a failure that says the
// connection is gone closes that session instead of giving it back.
template <typename Lease, typename Work>
auto on_session(Result<Lease> lease, Work&& work) -> decltype(work(**lease)) {
  if (!lease) return lease.error();
  auto out = work(**lease);
  if (!out) lease->check(out.error());
  return out;
}

// As on_session, for reads: when the connection was lost (a restarted
// server), the read runs once more on another, so the caller never sees it.
template <typename Leaser, typename Work>
auto read_on_session(Leaser&& lease, Work&& work) -> decltype(on_session(lease(), work)) {
  auto out = on_session(lease(), work);
  if (out || out.error().kind != ErrorKind::k_unavailable) return out;
  return on_session(lease(), work);
}

}  // namespace

PgStore::PgStore(std::unique_ptr<db::DatabaseManager> db) : PgStore(std::move(db), nullptr, 1) {}

PgStore::PgStore(std::unique_ptr<db::DatabaseManager> first, OpenConnection open_more,
                 int max_sessions)
    : m_open_more(std::move(open_more)),
      m_max_sessions(m_open_more ? std::max(max_sessions, 1) : 1) {
  auto s = std::make_unique<Session>();
  s->db = std::move(first);
  MutexLock lock(m_pool_mutex);
  m_idle.push_back(std::move(s));
  m_open = 1;
}

PgStore::~PgStore() = default;

// The pool. A caller takes the last session given back; with none idle it
// opens one more while fewer than the maximum are open (outside the lock:
// connecting takes milliseconds), else waits for one to come back.
Result<PgStore::Lease> PgStore::lease() {
  std::unique_ptr<Session> session;
  {
    UniqueLock lock(m_pool_mutex);
    while (m_idle.empty() && (m_open >= m_max_sessions || !m_open_more)) {
      ++m_waiting;
      lock.wait(m_pool_freed);
      --m_waiting;
    }
    if (!m_idle.empty()) {
      session = std::move(m_idle.back());
      m_idle.pop_back();
    } else {
      ++m_open;
    }
  }
  if (!session) {
    auto db = m_open_more();
    if (!db) {
      MutexLock lock(m_pool_mutex);
      --m_open;
      m_pool_freed.notify_one();
      return db.error();
    }
    session = std::make_unique<Session>();
    session->db = std::move(*db);
  }
  // DDL since this session's last use: its prepared plans may name indexes
  // that are gone.
  if (uint64_t now = m_generation.load(); session->generation != now) {
    forget_prepared(*session);
    session->generation = now;
  }
  return Lease(this, std::move(session));
}

// A lost connection most often means a restarted server, which took the
// idle ones with it: they are closed too (outside the lock), rather than
// each failing a query first.
void PgStore::give_back(std::unique_ptr<Session> session) {
  std::vector<std::unique_ptr<Session>> closing;
  MutexLock lock(m_pool_mutex);
  if (session) {
    m_idle.push_back(std::move(session));
    m_pool_freed.notify_one();
    return;
  }
  closing.swap(m_idle);
  m_open -= 1 + static_cast<int>(closing.size());
  m_pool_freed.notify_all();
}

PgStore::PoolStats PgStore::pool_stats() {
  MutexLock lock(m_pool_mutex);
  return {m_open, static_cast<int>(m_idle.size()), m_waiting};
}

PgStore::Lease::Lease(PgStore* store, std::unique_ptr<Session> session)
    : m_store(store), m_session(std::move(session)) {}

PgStore::Lease::~Lease() {
  if (m_store) m_store->give_back(std::move(m_session));
}

// Only a pool that can open another connection lets one go: with a single
// connection and no way to open more, it is kept as before.
void PgStore::Lease::check(const Error& error) {
  if (error.kind == ErrorKind::k_unavailable && m_store->m_open_more) m_session.reset();
}

// After DDL every session deallocates its statements before its next query
// (this one at once), and the collections are looked up again.
void PgStore::forget_everywhere(Session& s) {
  {
    MutexLock lock(m_cache_mutex);
    m_specs.clear();
    ++m_generation;
  }
  forget_prepared(s);
  s.generation = m_generation.load();
}

Status PgStore::ensure_registry(Session& s) {
  if (m_registry_ready) return ok_status();
  auto st = s.db->exec(
      "CREATE EXTENSION IF NOT EXISTS vector;"
      "CREATE TABLE IF NOT EXISTS strata_vector_collections("
      " name TEXT PRIMARY KEY, dim INTEGER NOT NULL, metric TEXT NOT NULL, index_kind TEXT NOT "
      "NULL,"
      " m INTEGER NOT NULL, ef_construction INTEGER NOT NULL, format_version INTEGER NOT NULL,"
      " created_at TIMESTAMPTZ NOT NULL DEFAULT now())");
  if (!st)
    return Error(st.error().message, {},
                 "the vector backend needs the pgvector extension on the server");
  m_registry_ready = true;
  return ok_status();
}

Result<CollectionSpec> PgStore::spec_locked(Session& s, std::string_view name) {
  auto rows = s.db->query(
      "SELECT name, dim, metric, index_kind, m, ef_construction FROM strata_vector_collections "
      "ORDER BY name");
  std::vector<std::string> names;
  if (rows) {
    for (const auto& r : rows->rows) {
      names.push_back(r[0].value_or(""));
      if (names.back() != name) continue;
      auto metric = parse_metric(r[2].value_or(""));
      auto index = parse_index_kind(r[3].value_or(""));
      if (!metric || !index)
        return Error(fmt::format("collection '{}' has unreadable settings", name));
      return CollectionSpec{names.back(), std::atoi(r[1]->c_str()), *metric,
                            *index,       std::atoi(r[4]->c_str()), std::atoi(r[5]->c_str())};
    }
  } else if (s.db->last_error().sqlstate != "42P01") {  // 42P01: no registry table yet
    return rows.error();
  }
  std::string hint = did_you_mean(name, names);
  if (hint.empty())
    hint = fmt::format("create it first: strata vec create {} --dim N --store URL", name);
  return Error(fmt::format("no collection '{}'", name), {}, hint).of(ErrorKind::k_not_found);
}

Status PgStore::drop_collection(std::string_view name) {
  MutexLock lock(m_mutex);
  return on_session(lease(), [&](Session& s) -> Status {
    forget_everywhere(s);
    auto spec = spec_locked(s, name);
    if (!spec) return spec.error();
    auto st = s.db->exec(
        fmt::format("BEGIN; DROP TABLE IF EXISTS {}; DELETE FROM strata_vector_collections WHERE "
                    "name = '{}'; COMMIT",
                    table(spec->name), spec->name));
    forget_everywhere(s);
    return st;
  });
}

Result<CollectionSpec> PgStore::collection(std::string_view name) {
  return read_on_session([this] { return lease(); },
                         [&](Session& s) { return spec_locked(s, name); });
}

Result<std::vector<CollectionSpec>> PgStore::collections() {
  return read_on_session(
      [this] { return lease(); },
      [&](Session& s) -> Result<std::vector<CollectionSpec>> {
        auto rows = s.db->query("SELECT name FROM strata_vector_collections ORDER BY name");
        if (!rows)
          return s.db->last_error().sqlstate == "42P01"
                     ? Result<std::vector<CollectionSpec>>(std::vector<CollectionSpec>{})
                     : rows.error();
        std::vector<CollectionSpec> out;
        for (const auto& r : rows->rows) {
          auto spec = spec_locked(s, r[0].value_or(""));
          if (!spec) return spec.error();
          out.push_back(*spec);
        }
        return out;
      });
}

Status PgStore::create_ann_index(Session& s, const CollectionSpec& spec) {
  if (spec.index == IndexKind::k_ivfflat) {
    auto rows = s.db->query(fmt::format("SELECT count(*) FROM {}", table(spec.name)));
    if (!rows) return rows.error();
    long n = std::atol(rows->rows[0][0]->c_str());
    // pgvector's guidance: rows / 1000 lists up to a million rows.
    long lists = std::clamp(n / 1000, 1L, 4000L);
    return s.db->exec(fmt::format(
        "SET maintenance_work_mem = '512MB'; DROP INDEX IF EXISTS \"{0}_embedding_ivfflat\";"
        "CREATE INDEX \"{0}_embedding_ivfflat\" ON {1} USING ivfflat (embedding {2}) WITH (lists = "
        "{3})",
        spec.name, table(spec.name), opclass(spec.metric), lists));
  }
  return s.db->exec(fmt::format(
      "SET maintenance_work_mem = '512MB';"
      "CREATE INDEX IF NOT EXISTS \"{0}_embedding_hnsw\" ON {1} USING hnsw (embedding {2})"
      " WITH (m = {3}, ef_construction = {4})",
      spec.name, table(spec.name), opclass(spec.metric), spec.m > 0 ? spec.m : k_default_m,
      spec.ef_construction > 0 ? spec.ef_construction : k_default_ef_construction));
}

Status PgStore::create_collection(const CollectionSpec& spec) {
  if (auto st = validate_collection_name(spec.name); !st) return st;
  if (spec.dim < 1 || spec.dim > 16000)
    return Error(fmt::format("dimension {} is out of range (1 to 16000)", spec.dim));
  MutexLock lock(m_mutex);
  auto session = lease();  // not in a lambda: the analysis sees m_mutex held here
  if (!session) return session.error();
  forget_everywhere(**session);
  auto st = create_on(**session, spec);
  if (!st) session->check(st.error());
  return st;
}

Status PgStore::create_on(Session& session, const CollectionSpec& spec) {
  if (auto st = ensure_registry(session); !st) return st;
  db::DatabaseManager& db = *session.db;
  if (auto have = spec_locked(session, spec.name); have.ok()) {
    if (have->dim == spec.dim && have->metric == spec.metric) return ok_status();
    return Error(fmt::format("collection '{}' exists with dimension {} and metric {}", spec.name,
                             have->dim, metric_name(have->metric)))
        .of(ErrorKind::k_conflict);
  }
  CollectionSpec s = spec;
  s.m = s.m > 0 ? s.m : k_default_m;
  s.ef_construction = s.ef_construction > 0 ? s.ef_construction : k_default_ef_construction;
  if (auto st = db.begin(); !st) return st;
  auto fail = [&](Status st) {
    (void)db.rollback();
    return st;
  };
  auto st = db.exec(
      "INSERT INTO strata_vector_collections(name, dim, metric, index_kind, m, ef_construction, "
      "format_version)"
      " VALUES($1, $2, $3, $4, $5, $6, 1) ON CONFLICT (name) DO NOTHING",
      {s.name, std::to_string(s.dim), std::string(metric_name(s.metric)),
       std::string(index_kind_name(s.index)), std::to_string(s.m),
       std::to_string(s.ef_construction)});
  if (!st) return fail(st);
  st = db.exec(fmt::format(
      "CREATE TABLE IF NOT EXISTS {0} (id TEXT PRIMARY KEY, embedding vector({1}) NOT NULL,"
      " metadata JSONB NOT NULL DEFAULT '{{}}'::jsonb, created_at TIMESTAMPTZ NOT NULL DEFAULT "
      "now(),"
      " updated_at TIMESTAMPTZ NOT NULL DEFAULT now());"
      "CREATE INDEX IF NOT EXISTS \"{2}_metadata_gin\" ON {0} USING gin (metadata jsonb_path_ops)",
      table(s.name), s.dim, s.name));
  if (!st) return fail(st);
  if (s.index == IndexKind::k_hnsw && !s.defer_index)
    if (st = create_ann_index(session, s); !st) return fail(st);
  return db.commit();
}

Status PgStore::upsert(std::string_view collection, std::span<const Record> records) {
  MutexLock lock(m_mutex);
  return on_session(lease(), [&](Session& s) { return upsert_on(s, collection, records); });
}

Status PgStore::upsert_on(Session& s, std::string_view collection,
                          std::span<const Record> records) {
  auto spec = spec_locked(s, collection);
  if (!spec) return spec.error();
  for (const auto& r : records)
    if (auto st = validate_record(*spec, r); !st) return st;
  // One statement may not touch a row twice: the last version of an id wins.
  std::map<std::string_view, size_t> last;
  for (size_t i = 0; i < records.size(); ++i) last[records[i].id] = i;
  std::vector<size_t> order;
  for (size_t i = 0; i < records.size(); ++i)
    if (last[records[i].id] == i) order.push_back(i);
  if (auto st = s.db->begin(); !st) return st;
  for (size_t start = 0; start < order.size(); start += k_rows_per_insert) {
    size_t end = std::min(order.size(), start + k_rows_per_insert);
    std::string sql =
        fmt::format("INSERT INTO {} (id, embedding, metadata) VALUES ", table(collection));
    db::Params params;
    for (size_t i = start; i < end; ++i) {
      const Record& r = records[order[i]];
      size_t p = params.size();
      sql += fmt::format("{}(${}, ${}::vector, ${}::jsonb)", i > start ? ", " : "", p + 1, p + 2,
                         p + 3);
      params.emplace_back(r.id);
      params.emplace_back(vector_text(r.embedding));
      params.emplace_back(r.metadata.is_null() ? "{}" : r.metadata.dump());
    }
    sql +=
        " ON CONFLICT (id) DO UPDATE SET embedding = EXCLUDED.embedding, metadata = "
        "EXCLUDED.metadata,"
        " updated_at = now()";
    if (auto st = s.db->exec(sql, params); !st) {
      (void)s.db->rollback();
      return st;
    }
  }
  return s.db->commit();
}

Result<std::vector<Record>> PgStore::get(std::string_view collection,
                                         std::span<const std::string> ids) {
  return read_on_session(
      [this] { return lease(); },
      [&](Session& s) -> Result<std::vector<Record>> { return get_on(s, collection, ids); });
}

Result<std::vector<Record>> PgStore::get_on(Session& s, std::string_view collection,
                                            std::span<const std::string> ids) {
  if (auto spec = spec_locked(s, collection); !spec) return spec.error();
  std::map<std::string, Record, std::less<>> found;
  for (size_t start = 0; start < ids.size(); start += 1000) {
    size_t n = std::min<size_t>(1000, ids.size() - start);
    db::Params params(ids.begin() + static_cast<long>(start),
                      ids.begin() + static_cast<long>(start + n));
    auto rows = s.db->query(
        fmt::format("SELECT id, embedding::text, metadata::text FROM {} WHERE id IN ({})",
                    table(collection), placeholders(n)),
        params);
    if (!rows) return rows.error();
    for (auto& r : rows->rows)
      found[*r[0]] = Record{*r[0], parse_vector(r[1].value_or("")), parse_json(r[2])};
  }
  std::vector<Record> out;
  for (const auto& id : ids)
    if (auto it = found.find(id); it != found.end()) out.push_back(it->second);
  return out;
}

Result<size_t> PgStore::remove(std::string_view collection, std::span<const std::string> ids) {
  MutexLock lock(m_mutex);
  return on_session(lease(), [&](Session& s) { return remove_on(s, collection, ids); });
}

Result<size_t> PgStore::remove_on(Session& s, std::string_view collection,
                                  std::span<const std::string> ids) {
  if (auto spec = spec_locked(s, collection); !spec) return spec.error();
  size_t removed = 0;
  for (size_t start = 0; start < ids.size(); start += 1000) {
    size_t n = std::min<size_t>(1000, ids.size() - start);
    db::Params params(ids.begin() + static_cast<long>(start),
                      ids.begin() + static_cast<long>(start + n));
    auto rows = s.db->query(fmt::format("DELETE FROM {} WHERE id IN ({}) RETURNING id",
                                        table(collection), placeholders(n)),
                            params);
    if (!rows) return rows.error();
    removed += rows->rows.size();
  }
  return removed;
}

Result<size_t> PgStore::count(std::string_view collection, const Filter& filter) {
  return read_on_session(
      [this] { return lease(); },
      [&](Session& s) -> Result<size_t> {
        if (auto spec = spec_locked(s, collection); !spec) return spec.error();
        SqlFilter where = filter_to_sql(filter, SqlDialect::k_postgres, "metadata");
        auto rows = s.db->query(
            fmt::format("SELECT count(*) FROM {} WHERE {}", table(collection), where.sql),
            text_params(where.params));
        if (!rows) return rows.error();
        return static_cast<size_t>(std::atoll(rows->rows[0][0]->c_str()));
      });
}

// The session's search settings, in one statement: pgvector reads them when
// a scan starts, so they are set on the connection when they change rather
// than in a transaction with SET LOCAL around every query (five more round
// trips each, a good part of a selective query's time).
Status PgStore::use_settings(Session& s,
                             const std::vector<std::pair<std::string, std::string>>& settings) {
  std::string sql = "SELECT 1";
  for (const auto& [name, value] : settings)
    sql += value.empty() ? fmt::format(
                               ", set_config('{0}', (SELECT reset_val FROM pg_settings WHERE name "
                               "= '{0}'), false)",
                               name)
                         : fmt::format(", set_config('{}', '{}', false)", name, value);
  if (sql == s.settings) return ok_status();
  s.settings.clear();
  if (auto st = s.db->exec(sql, {}); !st) return st;
  s.settings = sql;
  return ok_status();
}

// Planning a query over a table with a hundred partial indexes takes about
// as long as running it, so the queries whose plan does not depend on the
// filter's values (none, or a partial index's own predicate written in) are
// prepared once per connection and executed with the query vector.
Result<db::QueryResult> PgStore::run_prepared(Session& s, const std::string& sql,
                                              const std::string& vector) {
  auto it = s.prepared.find(sql);
  if (it == s.prepared.end()) {
    if (s.prepared.size() >= 256) forget_prepared(s);
    std::string name = fmt::format("strata_query_{}", ++s.prepared_count);
    if (auto st = s.db->exec(fmt::format("PREPARE {} (vector) AS {}", name, sql), {}); !st)
      return st.error();
    it = s.prepared.emplace(sql, name).first;
  }
  // The vector's text is ours (numbers and commas), safe to write in.
  return s.db->query(fmt::format("EXECUTE {}('{}')", it->second, vector));
}

void PgStore::forget_prepared(Session& s) {
  if (s.prepared.empty()) return;
  (void)s.db->exec("DEALLOCATE ALL", {});
  s.prepared.clear();
}

Result<std::vector<Hit>> PgStore::search(Session& s, const CollectionSpec& spec, const Query& q,
                                         bool exact) {
  int ef = std::clamp(q.ef > 0 ? q.ef : k_default_ef, std::max(q.k, 1), 1000);
  // With a partial index for the filter, the planner still costs the exact
  // scan through the GIN index lower than any HNSW scan; steer it off that
  // plan (and a sequential scan) so it takes the partial index, whose every
  // row passes the filter: a plain scan gives the k closest in order, as
  // for a query without a filter.
  std::string predicate = equality_predicate(q.filter);
  bool partial = false;
  if (!exact && spec.index == IndexKind::k_hnsw && !predicate.empty()) {
    MutexLock lock(m_cache_mutex);
    auto it = m_filter_indexes.find(spec.name);
    partial = it != m_filter_indexes.end() && it->second.contains(predicate);
  }
  bool ordered = !exact && (partial || q.filter.matches_all());
  std::vector<std::pair<std::string, std::string>> settings;
  if (spec.index == IndexKind::k_ivfflat) {
    settings = {{"ivfflat.probes", std::to_string(q.ef > 0 ? q.ef : 10)},
                {"ivfflat.iterative_scan", ordered ? "off" : "relaxed_order"}};
  } else {
    settings = {{"hnsw.ef_search", std::to_string(ef)},
                {"hnsw.iterative_scan", ordered ? "off" : "relaxed_order"},
                {"hnsw.max_scan_tuples", "100000"}};
  }
  settings.emplace_back("enable_bitmapscan", partial ? "off" : "");
  settings.emplace_back("enable_seqscan", partial ? "off" : "");
  // Prepared queries plan alike for every vector: plan them once (the server
  // would plan the first five executions of each anew), but plan a filter's
  // values each time, since they decide between the index and the exact scan.
  settings.emplace_back("plan_cache_mode", ordered ? "force_generic_plan" : "");
  if (auto st = use_settings(s, settings); !st) return st.error();
  auto rows = ordered ? run_prepared(s,
                                     fmt::format("SELECT id, embedding {0} $1 AS score, "
                                                 "metadata::text FROM {1} WHERE {2} ORDER BY "
                                                 "embedding {0} $1 LIMIT {3}",
                                                 distance_op(spec.metric), table(spec.name),
                                                 partial ? fmt::format("(metadata @> {}::jsonb)",
                                                                       sql_literal(predicate))
                                                         : "TRUE",
                                                 q.k),
                                     vector_text(q.embedding))
                      : run_filtered(s, spec, q, exact, ef);
  if (!rows) return rows.error();
  std::vector<Hit> hits;
  for (auto& r : rows->rows)
    hits.push_back({*r[0], std::strtof(r[1]->c_str(), nullptr), parse_json(r[2])});
  return hits;
}

// A filter without a partial index of its own, or the exact search. A
// relaxed-order iterative scan yields rows roughly by distance: fetch a
// beam's worth of filtered rows and keep the k closest of them. The exact
// search orders by an expression no index serves (distance + 0), so it
// needs no planner settings. Either way the inner query computes only ids
// and distances: with a selective filter the planner scans every matching
// row (the GIN index, then a top-k sort), and converting each row's
// metadata to text there cost about a sixth of the query; the k rows kept
// are joined back for theirs.
Result<db::QueryResult> PgStore::run_filtered(Session& s, const CollectionSpec& spec,
                                              const Query& q, bool exact, int ef) {
  SqlFilter where = filter_to_sql(q.filter, SqlDialect::k_postgres, "metadata", 2);
  db::Params params = text_params(where.params);
  params.insert(params.begin(), vector_text(q.embedding));
  std::string sql = fmt::format(
      "WITH r AS MATERIALIZED (SELECT id, embedding {0} $1::vector AS score FROM {1}"
      " WHERE {2} ORDER BY (embedding {0} $1::vector){3} LIMIT {4}),"
      " top AS (SELECT id, score FROM r ORDER BY score LIMIT {5})"
      " SELECT top.id, top.score, t.metadata::text FROM top JOIN {1} t ON t.id = top.id"
      " ORDER BY top.score, top.id",
      distance_op(spec.metric), table(spec.name), where.sql, exact ? " + 0" : "", exact ? q.k : ef,
      q.k);
  return s.db->query(sql, params);
}

// Queries come in streams (a file of them, a server's requests), so the
// collection's settings are looked up once and kept; a query that fails looks
// them up again, which turns a collection dropped or recreated meanwhile by
// another client into the usual error rather than the server's.
// Sessions share these caches. A lookup that DDL overtook (the generation
// moved on meanwhile) answers its own query but is not kept.
Result<CollectionSpec> PgStore::cached_spec(Session& s, std::string_view name, bool refresh) {
  uint64_t generation = 0;
  {
    MutexLock lock(m_cache_mutex);
    auto it = m_specs.find(name);
    if (it != m_specs.end() && !refresh) return it->second;
    if (it != m_specs.end()) m_specs.erase(it);
    generation = m_generation.load();
  }
  if (refresh) forget_prepared(s);
  auto spec = spec_locked(s, name);
  if (!spec) return spec;
  auto filters = filter_indexes(s, *spec);
  if (!filters) return filters.error();
  MutexLock lock(m_cache_mutex);
  m_filter_indexes[spec->name] = std::move(*filters);
  if (m_generation.load() == generation) m_specs.insert_or_assign(spec->name, *spec);
  return spec;
}

Result<std::vector<Hit>> PgStore::query_on(Session& s, std::string_view collection, const Query& q,
                                           bool refresh) {
  auto spec = cached_spec(s, collection, refresh);
  if (!spec) return spec.error();
  if (static_cast<int>(q.embedding.size()) != spec->dim)
    return Error(fmt::format("query embedding has {} values, collection '{}' has dimension {}",
                             q.embedding.size(), spec->name, spec->dim));
  auto hits = search(s, *spec, q, false);
  // The index scan gave up before k rows passed the filter: answer exactly.
  if (hits && static_cast<int>(hits->size()) < q.k) hits = search(s, *spec, q, true);
  return hits;
}

// A failed query is tried once more with the collection looked up again;
// if its connection had failed, that is on another session (a new one when
// none is idle), so a restarted server costs one query nothing.
Result<std::vector<Hit>> PgStore::query(std::string_view collection, const Query& q) {
  auto hits = on_session(lease(), [&](Session& s) { return query_on(s, collection, q, false); });
  if (hits) return hits;
  auto again = on_session(lease(), [&](Session& s) { return query_on(s, collection, q, true); });
  return again ? again : hits;
}

Result<json> PgStore::info(std::string_view collection) {
  return read_on_session([this] { return lease(); },
                         [&](Session& s) { return info_on(s, collection); });
}

Result<json> PgStore::info_on(Session& s, std::string_view collection) {
  auto spec = spec_locked(s, collection);
  if (!spec) return spec.error();
  auto rows = s.db->query(fmt::format("SELECT count(*), pg_total_relation_size('{}') FROM {}",
                                      table(collection), table(collection)));
  if (!rows) return rows.error();
  auto indexes = s.db->query(
      "SELECT indexname, indexdef FROM pg_indexes WHERE tablename = $1 ORDER BY indexname",
      {std::string(collection)});
  if (!indexes) return indexes.error();
  json idx = json::array();
  for (const auto& r : indexes->rows) idx.push_back({{"name", *r[0]}, {"definition", *r[1]}});
  return json{{"backend", "postgres"},
              {"name", spec->name},
              {"dim", spec->dim},
              {"metric", metric_name(spec->metric)},
              {"url", s.db->display_url()},
              {"records", std::atoll(rows->rows[0][0]->c_str())},
              {"bytes", std::atoll(rows->rows[0][1]->c_str())},
              {"index",
               {{"kind", index_kind_name(spec->index)},
                {"m", spec->m},
                {"ef_construction", spec->ef_construction}}},
              {"indexes", idx}};
}

// Every session forgets its plans and the collections are looked up again
// after the new indexes exist, so the next queries plan with them.
Status PgStore::build_index(std::string_view collection) {
  MutexLock lock(m_mutex);
  return on_session(lease(), [&](Session& s) -> Status {
    forget_everywhere(s);
    auto spec = spec_locked(s, collection);
    if (!spec) return spec.error();
    auto st = create_ann_index(s, *spec);
    if (st && spec->index == IndexKind::k_hnsw) st = create_filter_indexes(s, *spec);
    forget_everywhere(s);
    return st;
  });
}

// A filter that keeps a tenth of the rows, far from the query's own
// neighbourhood, defeats both plans over the whole table: the iterative HNSW
// scan visits 10,000-14,000 rows to find 64 that pass, and the exact scan of
// the matching rows through the GIN index fetches and measures all 6,000
// (30-50 ms on 60,000 784-dimension vectors). A partial HNSW index over the
// rows of one value answers `{"key": value}` in about a millisecond, so one
// is built per common value of each key with few distinct values.
Status PgStore::create_filter_indexes(Session& s, const CollectionSpec& spec) {
  auto rows = s.db->query(fmt::format(
      "WITH kv AS (SELECT e.key, e.value, count(*) AS n FROM {0} t, jsonb_each(t.metadata) e"
      " WHERE jsonb_typeof(e.value) IN ('string', 'number', 'boolean') GROUP BY 1, 2),"
      " few AS (SELECT key FROM kv GROUP BY key HAVING count(*) <= {1})"
      " SELECT jsonb_build_object(kv.key, kv.value)::text FROM kv JOIN few USING (key)"
      " WHERE kv.n >= {2} ORDER BY kv.n DESC, 1 LIMIT {3}",
      table(spec.name), k_max_filter_values, k_min_filter_rows, k_max_filter_indexes));
  if (!rows) return rows.error();
  for (const auto& r : rows->rows) {
    std::string predicate = json::parse(r[0].value_or("{}")).dump();
    std::string name = fmt::format("{}_hnsw_{}", spec.name.substr(0, 40),
                                   hash_bytes(predicate).hex().substr(0, 16));
    auto st = s.db->exec(
        fmt::format("CREATE INDEX IF NOT EXISTS \"{0}\" ON {1} USING hnsw (embedding {2})"
                    " WITH (m = {3}, ef_construction = {4}) WHERE (metadata @> {5}::jsonb)",
                    name, table(spec.name), opclass(spec.metric), spec.m > 0 ? spec.m : k_default_m,
                    spec.ef_construction > 0 ? spec.ef_construction : k_default_ef_construction,
                    sql_literal(predicate)));
    if (!st) return st;
  }
  return ok_status();
}

// The `{"key":value}` predicates of the collection's partial HNSW indexes,
// built by build_index or by hand in the same form.
Result<std::set<std::string>> PgStore::filter_indexes(Session& s, const CollectionSpec& spec) {
  auto rows = s.db->query(
      "SELECT pg_get_expr(i.indpred, i.indrelid) FROM pg_index i"
      " JOIN pg_class c ON c.oid = i.indexrelid JOIN pg_am a ON a.oid = c.relam"
      " WHERE i.indrelid = to_regclass($1) AND i.indpred IS NOT NULL AND i.indisvalid"
      " AND a.amname = 'hnsw'",
      {table(spec.name)});
  if (!rows) return rows.error();
  std::set<std::string> out;
  for (const auto& r : rows->rows)
    if (std::string p = predicate_of(r[0].value_or("")); !p.empty()) out.insert(p);
  return out;
}

}  // namespace strata::vec
