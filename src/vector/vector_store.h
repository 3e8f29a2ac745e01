#pragma once
// VectorStore: the port behind `strata vec` and its HTTP API. Collections
// hold records (string id, float embedding of a fixed dimension, JSON
// metadata) and answer top-k queries with an optional metadata filter. Two
// adapters: the embedded store (SQLite + FAISS HNSW, embedded_store.h) and
// PostgreSQL with pgvector (pg_store.h); both report the same scores.

#include <memory>
#include <nlohmann/json.hpp>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "util/result.h"
#include "vector/filter.h"

namespace strata::vec {

// How closeness is measured. Scores are distances as pgvector defines
// them, smaller is closer: L2 = Euclidean distance, cosine = 1 - cosine
// similarity, inner product = the negated dot product.
enum class Metric { k_cosine, k_l2, k_inner_product };

std::string_view metric_name(Metric m);  // "cosine", "l2", "ip"
Result<Metric> parse_metric(std::string_view name);

// What an acknowledged write survives (embedded store). k_fsync: every
// commit is fsynced, so it survives power loss and OS crashes too.
// k_process: SQLite WAL with synchronous=NORMAL, the commit is in the OS's
// page cache, so it survives the writer's death (kill -9 included) but an
// OS crash or power loss may lose the last commits.
enum class Durability { k_fsync, k_process };
std::string_view durability_name(Durability d);  // "fsync", "process"
Result<Durability> parse_durability(std::string_view name);

// The approximate index a collection keeps. The embedded store has HNSW
// only; PostgreSQL builds ivfflat on request (after the data is loaded,
// since its lists are learned from the rows present).
enum class IndexKind { k_hnsw, k_ivfflat };
std::string_view index_kind_name(IndexKind k);  // "hnsw", "ivfflat"
Result<IndexKind> parse_index_kind(std::string_view name);

struct CollectionSpec {
  std::string name;
  int dim = 0;
  Metric metric = Metric::k_cosine;
  IndexKind index = IndexKind::k_hnsw;
  int m = 0;                // HNSW graph degree; 0: the backend's default
  int ef_construction = 0;  // HNSW build beam; 0: the backend's default
  bool defer_index =
      false;  // PostgreSQL: build the ANN index later (build_index), after a bulk load
  Durability durability = Durability::k_fsync;  // embedded only
};

struct Record {
  std::string id;
  std::vector<float> embedding;
  nlohmann::json metadata = nlohmann::json::object();
};

struct Hit {
  std::string id;
  float score = 0;
  nlohmann::json metadata;
};

struct Query {
  std::vector<float> embedding;
  int k = 10;
  Filter filter;  // matches everything by default
  int ef = 0;     // search width; 0 lets the backend choose
};

class VectorStore {
 public:
  virtual ~VectorStore() = default;

  // Creates a collection; creating one that exists with the same spec is a
  // no-op, with a different dimension or metric an error.
  virtual Status create_collection(const CollectionSpec& spec) = 0;
  virtual Result<CollectionSpec> collection(std::string_view name) = 0;
  virtual Result<std::vector<CollectionSpec>> collections() = 0;

  // Inserts or replaces records by id, all or nothing. Once it returns ok
  // the records are durable.
  virtual Status upsert(std::string_view collection, std::span<const Record> records) = 0;
  // The records that exist among `ids`, in the order asked.
  virtual Result<std::vector<Record>> get(std::string_view collection,
                                          std::span<const std::string> ids) = 0;
  // Removes records by id; returns how many existed.
  virtual Result<size_t> remove(std::string_view collection, std::span<const std::string> ids) = 0;
  virtual Result<size_t> count(std::string_view collection, const Filter& filter) = 0;
  // The k closest records passing the filter, closest first; fewer than k
  // only when fewer than k records pass it.
  virtual Result<std::vector<Hit>> query(std::string_view collection, const Query& query) = 0;

  // Brings the ANN index up to date with the rows now stored: the embedded
  // store compacts tombstones and saves its snapshot; PostgreSQL builds the
  // ivfflat index from the loaded rows (or a missing HNSW index).
  virtual Status build_index(std::string_view collection) = 0;
  // Deletes a collection and all its records; not found if it does not exist.
  virtual Status drop_collection(std::string_view name) = 0;
  // A short description for `strata vec info` (backend, index, sizes).
  virtual Result<nlohmann::json> info(std::string_view collection) = 0;
};

enum class Access { k_read, k_write };

// Opens the store at `location`: a postgres:// or postgresql:// URL for the
// PostgreSQL backend, otherwise a directory for the embedded one (created
// when opened for writing).
Result<std::unique_ptr<VectorStore>> open_vector_store(const std::string& location, Access access);

// When a filtered query or count found nothing: the type mismatches between
// the filter and a sample of the collection's records (filter_type_warnings).
// `probe` is the query's embedding, or empty to sample from anywhere.
std::vector<std::string> empty_result_warnings(VectorStore& store, const CollectionSpec& spec,
                                               const Filter& filter, std::vector<float> probe = {});

// Checks a record against a collection before any backend sees it.
Status validate_record(const CollectionSpec& spec, const Record& record);
// Collection names become directory and table names: [a-z0-9_], 1-63 long,
// starting with a letter.
Status validate_collection_name(std::string_view name);

// Record <-> JSON line {"id", "embedding", "metadata"} (what `strata db
// test-vectors` prints and `strata vec upsert` reads).
Result<Record> record_from_json(const nlohmann::json& j);
nlohmann::json record_to_json(const Record& r);
nlohmann::json hit_to_json(const Hit& h);

}  // namespace strata::vec
