// PostgreSQL + pgvector. Scores come straight from pgvector's distance
// operators (<-> L2, <=> cosine distance, <#> negated inner product), which
// define the scores the embedded store reproduces. Filtered queries turn on
// pgvector's iterative index scans (relaxed order, re-sorted afterwards) so
// the index keeps scanning until k rows pass the filter; if it still stops
// short (scan budget spent), the query is answered exactly instead, so k
// matching rows always give k results.

#include "vector/pg_store.h"

#include <fmt/format.h>

#include <algorithm>
#include <cstdlib>
#include <map>

#include "util/suggest.h"

namespace strata::vec {

using json = nlohmann::json;

namespace {

constexpr int k_rows_per_insert = 500;
constexpr int k_default_ef = 64;
constexpr int k_default_m = 16;
constexpr int k_default_ef_construction = 100;

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

}  // namespace

PgStore::PgStore(std::unique_ptr<db::DatabaseManager> db) : m_db(std::move(db)) {}

Status PgStore::ensure_registry() {
  if (m_registry_ready) return ok_status();
  auto st = m_db->exec(
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

Result<CollectionSpec> PgStore::spec_locked(std::string_view name) {
  auto rows = m_db->query(
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
  } else if (m_db->last_error().sqlstate != "42P01") {  // 42P01: no registry table yet
    return rows.error();
  }
  std::string hint = did_you_mean(name, names);
  if (hint.empty())
    hint = fmt::format("create it first: strata vec create {} --dim N --store URL", name);
  return Error(fmt::format("no collection '{}'", name), {}, hint).of(ErrorKind::k_not_found);
}

Status PgStore::drop_collection(std::string_view name) {
  std::lock_guard lock(m_mutex);
  auto spec = spec_locked(name);
  if (!spec) return spec.error();
  return m_db->exec(
      fmt::format("BEGIN; DROP TABLE IF EXISTS {}; DELETE FROM strata_vector_collections WHERE "
                  "name = '{}'; COMMIT",
                  table(spec->name), spec->name));
}

Result<CollectionSpec> PgStore::collection(std::string_view name) {
  std::lock_guard lock(m_mutex);
  return spec_locked(name);
}

Result<std::vector<CollectionSpec>> PgStore::collections() {
  std::lock_guard lock(m_mutex);
  auto rows = m_db->query("SELECT name FROM strata_vector_collections ORDER BY name");
  if (!rows)
    return m_db->last_error().sqlstate == "42P01"
               ? Result<std::vector<CollectionSpec>>(std::vector<CollectionSpec>{})
               : rows.error();
  std::vector<CollectionSpec> out;
  for (const auto& r : rows->rows) {
    auto spec = spec_locked(r[0].value_or(""));
    if (!spec) return spec.error();
    out.push_back(*spec);
  }
  return out;
}

Status PgStore::create_ann_index(const CollectionSpec& spec) {
  if (spec.index == IndexKind::k_ivfflat) {
    auto rows = m_db->query(fmt::format("SELECT count(*) FROM {}", table(spec.name)));
    if (!rows) return rows.error();
    long n = std::atol(rows->rows[0][0]->c_str());
    // pgvector's guidance: rows / 1000 lists up to a million rows.
    long lists = std::clamp(n / 1000, 1L, 4000L);
    return m_db->exec(fmt::format(
        "SET maintenance_work_mem = '512MB'; DROP INDEX IF EXISTS \"{0}_embedding_ivfflat\";"
        "CREATE INDEX \"{0}_embedding_ivfflat\" ON {1} USING ivfflat (embedding {2}) WITH (lists = "
        "{3})",
        spec.name, table(spec.name), opclass(spec.metric), lists));
  }
  return m_db->exec(fmt::format(
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
  std::lock_guard lock(m_mutex);
  if (auto st = ensure_registry(); !st) return st;
  if (auto have = spec_locked(spec.name); have.ok()) {
    if (have->dim == spec.dim && have->metric == spec.metric) return ok_status();
    return Error(fmt::format("collection '{}' exists with dimension {} and metric {}", spec.name,
                             have->dim, metric_name(have->metric)))
        .of(ErrorKind::k_conflict);
  }
  CollectionSpec s = spec;
  s.m = s.m > 0 ? s.m : k_default_m;
  s.ef_construction = s.ef_construction > 0 ? s.ef_construction : k_default_ef_construction;
  if (auto st = m_db->begin(); !st) return st;
  auto fail = [&](Status st) {
    (void)m_db->rollback();
    return st;
  };
  auto st = m_db->exec(
      "INSERT INTO strata_vector_collections(name, dim, metric, index_kind, m, ef_construction, "
      "format_version)"
      " VALUES($1, $2, $3, $4, $5, $6, 1) ON CONFLICT (name) DO NOTHING",
      {s.name, std::to_string(s.dim), std::string(metric_name(s.metric)),
       std::string(index_kind_name(s.index)), std::to_string(s.m),
       std::to_string(s.ef_construction)});
  if (!st) return fail(st);
  st = m_db->exec(fmt::format(
      "CREATE TABLE IF NOT EXISTS {0} (id TEXT PRIMARY KEY, embedding vector({1}) NOT NULL,"
      " metadata JSONB NOT NULL DEFAULT '{{}}'::jsonb, created_at TIMESTAMPTZ NOT NULL DEFAULT "
      "now(),"
      " updated_at TIMESTAMPTZ NOT NULL DEFAULT now());"
      "CREATE INDEX IF NOT EXISTS \"{2}_metadata_gin\" ON {0} USING gin (metadata jsonb_path_ops)",
      table(s.name), s.dim, s.name));
  if (!st) return fail(st);
  if (s.index == IndexKind::k_hnsw && !s.defer_index)
    if (st = create_ann_index(s); !st) return fail(st);
  return m_db->commit();
}

Status PgStore::upsert(std::string_view collection, std::span<const Record> records) {
  std::lock_guard lock(m_mutex);
  auto spec = spec_locked(collection);
  if (!spec) return spec.error();
  for (const auto& r : records)
    if (auto st = validate_record(*spec, r); !st) return st;
  // One statement may not touch a row twice: the last version of an id wins.
  std::map<std::string_view, size_t> last;
  for (size_t i = 0; i < records.size(); ++i) last[records[i].id] = i;
  std::vector<size_t> order;
  for (size_t i = 0; i < records.size(); ++i)
    if (last[records[i].id] == i) order.push_back(i);
  if (auto st = m_db->begin(); !st) return st;
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
    if (auto st = m_db->exec(sql, params); !st) {
      (void)m_db->rollback();
      return st;
    }
  }
  return m_db->commit();
}

Result<std::vector<Record>> PgStore::get(std::string_view collection,
                                         std::span<const std::string> ids) {
  std::lock_guard lock(m_mutex);
  if (auto spec = spec_locked(collection); !spec) return spec.error();
  std::map<std::string, Record, std::less<>> found;
  for (size_t start = 0; start < ids.size(); start += 1000) {
    size_t n = std::min<size_t>(1000, ids.size() - start);
    db::Params params(ids.begin() + static_cast<long>(start),
                      ids.begin() + static_cast<long>(start + n));
    auto rows = m_db->query(
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
  std::lock_guard lock(m_mutex);
  if (auto spec = spec_locked(collection); !spec) return spec.error();
  size_t removed = 0;
  for (size_t start = 0; start < ids.size(); start += 1000) {
    size_t n = std::min<size_t>(1000, ids.size() - start);
    db::Params params(ids.begin() + static_cast<long>(start),
                      ids.begin() + static_cast<long>(start + n));
    auto rows = m_db->query(fmt::format("DELETE FROM {} WHERE id IN ({}) RETURNING id",
                                        table(collection), placeholders(n)),
                            params);
    if (!rows) return rows.error();
    removed += rows->rows.size();
  }
  return removed;
}

Result<size_t> PgStore::count(std::string_view collection, const Filter& filter) {
  std::lock_guard lock(m_mutex);
  if (auto spec = spec_locked(collection); !spec) return spec.error();
  SqlFilter where = filter_to_sql(filter, SqlDialect::k_postgres, "metadata");
  auto rows =
      m_db->query(fmt::format("SELECT count(*) FROM {} WHERE {}", table(collection), where.sql),
                  text_params(where.params));
  if (!rows) return rows.error();
  return static_cast<size_t>(std::atoll(rows->rows[0][0]->c_str()));
}

Result<std::vector<Hit>> PgStore::search(const CollectionSpec& spec, const Query& q, bool exact) {
  SqlFilter where = filter_to_sql(q.filter, SqlDialect::k_postgres, "metadata", 2);
  db::Params params = text_params(where.params);
  params.insert(params.begin(), vector_text(q.embedding));
  int ef = std::clamp(q.ef > 0 ? q.ef : k_default_ef, std::max(q.k, 1), 1000);
  // A relaxed-order iterative scan yields rows roughly by distance: fetch a
  // beam's worth of filtered rows and keep the k closest of them.
  int fetch = exact || q.filter.matches_all() ? q.k : ef;
  std::string settings =
      exact ? "SET LOCAL enable_indexscan = off"
      : spec.index == IndexKind::k_ivfflat
          ? fmt::format(
                "SET LOCAL ivfflat.probes = {}; SET LOCAL ivfflat.iterative_scan = relaxed_order",
                q.ef > 0 ? q.ef : 10)
          : fmt::format(
                "SET LOCAL hnsw.ef_search = {}; SET LOCAL hnsw.iterative_scan = relaxed_order;"
                " SET LOCAL hnsw.max_scan_tuples = 100000",
                ef);
  std::string sql = fmt::format(
      "WITH r AS MATERIALIZED (SELECT id, embedding {0} $1::vector AS score, metadata::text AS "
      "metadata FROM {1}"
      " WHERE {2} ORDER BY embedding {0} $1::vector LIMIT {3}) SELECT id, score, metadata FROM r "
      "ORDER BY score"
      " LIMIT {4}",
      distance_op(spec.metric), table(spec.name), where.sql, fetch, q.k);
  if (auto st = m_db->begin(); !st) return st.error();
  auto rows = m_db->exec(settings).ok() ? m_db->query(sql, params)
                                        : Result<db::QueryResult>(Error("settings"));
  if (!rows) {
    Error e = rows.error();
    (void)m_db->rollback();
    return e;
  }
  if (auto st = m_db->commit(); !st) return st.error();
  std::vector<Hit> hits;
  for (auto& r : rows->rows)
    hits.push_back({*r[0], std::strtof(r[1]->c_str(), nullptr), parse_json(r[2])});
  return hits;
}

Result<std::vector<Hit>> PgStore::query(std::string_view collection, const Query& q) {
  std::lock_guard lock(m_mutex);
  auto spec = spec_locked(collection);
  if (!spec) return spec.error();
  if (static_cast<int>(q.embedding.size()) != spec->dim)
    return Error(fmt::format("query embedding has {} values, collection '{}' has dimension {}",
                             q.embedding.size(), spec->name, spec->dim));
  auto hits = search(*spec, q, false);
  if (!hits || static_cast<int>(hits->size()) >= q.k) return hits;
  // The index scan gave up before k rows passed the filter: answer exactly.
  return search(*spec, q, true);
}

Result<json> PgStore::info(std::string_view collection) {
  std::lock_guard lock(m_mutex);
  auto spec = spec_locked(collection);
  if (!spec) return spec.error();
  auto rows = m_db->query(fmt::format("SELECT count(*), pg_total_relation_size('{}') FROM {}",
                                      table(collection), table(collection)));
  if (!rows) return rows.error();
  auto indexes = m_db->query(
      "SELECT indexname, indexdef FROM pg_indexes WHERE tablename = $1 ORDER BY indexname",
      {std::string(collection)});
  if (!indexes) return indexes.error();
  json idx = json::array();
  for (const auto& r : indexes->rows) idx.push_back({{"name", *r[0]}, {"definition", *r[1]}});
  return json{{"backend", "postgres"},
              {"name", spec->name},
              {"dim", spec->dim},
              {"metric", metric_name(spec->metric)},
              {"url", m_db->display_url()},
              {"records", std::atoll(rows->rows[0][0]->c_str())},
              {"bytes", std::atoll(rows->rows[0][1]->c_str())},
              {"index",
               {{"kind", index_kind_name(spec->index)},
                {"m", spec->m},
                {"ef_construction", spec->ef_construction}}},
              {"indexes", idx}};
}

Status PgStore::build_index(std::string_view collection) {
  std::lock_guard lock(m_mutex);
  auto spec = spec_locked(collection);
  if (!spec) return spec.error();
  return create_ann_index(*spec);
}

}  // namespace strata::vec
