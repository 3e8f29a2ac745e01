#pragma once
// PgStore: the VectorStore on PostgreSQL with pgvector, through the
// DatabaseManager port. Each collection is a table of the seed's shape
// (id, embedding VECTOR(dim), metadata JSONB, created_at, updated_at) with
// an HNSW index by default (ivfflat on request, built once rows exist, since
// its lists are learned from them) and a GIN index on metadata, plus, once
// build_index has run, a partial HNSW index per common value of each
// metadata key with few values; the strata_vector_collections table records
// each collection's settings.

#include <map>
#include <memory>
#include <mutex>
#include <set>
#include <string>
#include <utility>
#include <vector>

#include "db/database.h"
#include "vector/vector_store.h"

namespace strata::vec {

class PgStore : public VectorStore {
 public:
  explicit PgStore(std::unique_ptr<db::DatabaseManager> db);

  Status create_collection(const CollectionSpec& spec) override;
  Result<CollectionSpec> collection(std::string_view name) override;
  Result<std::vector<CollectionSpec>> collections() override;
  Status upsert(std::string_view collection, std::span<const Record> records) override;
  Result<std::vector<Record>> get(std::string_view collection,
                                  std::span<const std::string> ids) override;
  Result<size_t> remove(std::string_view collection, std::span<const std::string> ids) override;
  Result<size_t> count(std::string_view collection, const Filter& filter) override;
  Result<std::vector<Hit>> query(std::string_view collection, const Query& query) override;
  Result<nlohmann::json> info(std::string_view collection) override;
  Status drop_collection(std::string_view name) override;
  // ivfflat: (re)built with lists sized to the rows present; HNSW: created
  // if missing.
  Status build_index(std::string_view collection) override;

 private:
  Status ensure_registry();
  Result<CollectionSpec> spec_locked(std::string_view name);
  Result<CollectionSpec> cached_spec(std::string_view name, bool refresh);
  Result<std::vector<Hit>> query_locked(std::string_view collection, const Query& q, bool refresh);
  Result<std::vector<Hit>> search(const CollectionSpec& spec, const Query& q, bool exact);
  Result<db::QueryResult> run_filtered(const CollectionSpec& spec, const Query& q, bool exact,
                                       int ef);
  Result<db::QueryResult> run_prepared(const std::string& sql, const std::string& vector);
  void forget_prepared();
  Status use_settings(const std::vector<std::pair<std::string, std::string>>& settings);
  Status create_ann_index(const CollectionSpec& spec);
  Status create_filter_indexes(const CollectionSpec& spec);
  Result<std::set<std::string>> filter_indexes(const CollectionSpec& spec);

  std::unique_ptr<db::DatabaseManager> m_db;
  std::mutex m_mutex;  // one libpq connection: one statement at a time
  bool m_registry_ready = false;
  std::map<std::string, CollectionSpec, std::less<>> m_specs;  // query()'s lookups
  // query()'s partial HNSW index predicates per collection, `{"key":value}`
  std::map<std::string, std::set<std::string>, std::less<>> m_filter_indexes;
  std::string m_settings;                         // the search settings last set on the session
  std::map<std::string, std::string> m_prepared;  // query text -> prepared statement
  int m_prepared_count = 0;
};

}  // namespace strata::vec
