#pragma once
// PgStore: the VectorStore on PostgreSQL with pgvector, through the
// DatabaseManager port. Each collection is a table of the seed's shape
// (id, embedding VECTOR(dim), metadata JSONB, created_at, updated_at) with
// an HNSW index by default (ivfflat on request, built once rows exist, since
// its lists are learned from them) and a GIN index on metadata, plus, once
// build_index has run, a partial HNSW index per common value of each
// metadata key with few values; the strata_vector_collections table records
// each collection's settings.
//
// PostgreSQL runs one backend per connection, so queries are answered
// through a pool of sessions (a connection each, with its own prepared
// statements and search settings), opened only when every open one is busy.

#include <atomic>
#include <condition_variable>
#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <set>
#include <string>
#include <utility>
#include <vector>

#include "db/database.h"
#include "util/mutex.h"
#include "vector/pg_location.h"
#include "vector/vector_store.h"

namespace strata::vec {

// Opens one more connection to the store's database, for the pool.
using OpenConnection = std::function<Result<std::unique_ptr<db::DatabaseManager>>()>;

class PgStore : public VectorStore {
 public:
  // One connection: every call takes turns on it.
  explicit PgStore(std::unique_ptr<db::DatabaseManager> db);
  // `first` is the pool's first session; `open_more` opens the others, up
  // to `max_sessions` in all.
  PgStore(std::unique_ptr<db::DatabaseManager> first, OpenConnection open_more, int max_sessions);
  ~PgStore() override;

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

  // The pool's state, for tests and diagnostics.
  struct PoolStats {
    int open = 0;     // sessions open, idle or in use
    int idle = 0;     // open and free
    int waiting = 0;  // callers waiting for a session
  };
  PoolStats pool_stats();

 private:
  // One connection and what PostgreSQL keeps per connection.
  struct Session {
    std::unique_ptr<db::DatabaseManager> db;
    std::string settings;                         // the search settings last set on it
    std::map<std::string, std::string> prepared;  // query text -> prepared statement
    int prepared_count = 0;
    uint64_t generation = 0;  // m_generation when its statements were last checked
  };
  // A session taken from the pool; back to it when destroyed, unless its
  // connection failed (then it is closed, and the next caller opens another).
  class Lease {
   public:
    Lease(PgStore* store, std::unique_ptr<Session> session);
    Lease(Lease&& other) noexcept
        : m_store(std::exchange(other.m_store, nullptr)), m_session(std::move(other.m_session)) {}
    Lease& operator=(Lease&&) = delete;
    ~Lease();
    Session& operator*() const { return *m_session; }
    Session* operator->() const { return m_session.get(); }
    // Closes the session if `error` says the connection is gone.
    void check(const Error& error);

   private:
    PgStore* m_store;
    std::unique_ptr<Session> m_session;
  };

  Result<Lease> lease() EXCLUDES(m_pool_mutex);
  void give_back(std::unique_ptr<Session> session) EXCLUDES(m_pool_mutex);
  void forget_everywhere(Session& s) EXCLUDES(m_cache_mutex);

  // The bodies of the calls above, on a leased session.
  Status create_on(Session& session, const CollectionSpec& spec) REQUIRES(m_mutex);
  Status upsert_on(Session& s, std::string_view collection, std::span<const Record> records);
  Result<std::vector<Record>> get_on(Session& s, std::string_view collection,
                                     std::span<const std::string> ids);
  Result<size_t> remove_on(Session& s, std::string_view collection,
                           std::span<const std::string> ids);
  Result<nlohmann::json> info_on(Session& s, std::string_view collection);

  Status ensure_registry(Session& s) REQUIRES(m_mutex);
  Result<CollectionSpec> spec_locked(Session& s, std::string_view name);
  Result<CollectionSpec> cached_spec(Session& s, std::string_view name, bool refresh)
      EXCLUDES(m_cache_mutex);
  Result<std::vector<Hit>> query_on(Session& s, std::string_view collection, const Query& q,
                                    bool refresh);
  Result<std::vector<Hit>> search(Session& s, const CollectionSpec& spec, const Query& q,
                                  bool exact) EXCLUDES(m_cache_mutex);
  Result<db::QueryResult> run_filtered(Session& s, const CollectionSpec& spec, const Query& q,
                                       bool exact, int ef);
  Result<db::QueryResult> run_prepared(Session& s, const std::string& sql,
                                       const std::string& vector);
  static void forget_prepared(Session& s);
  static Status use_settings(Session& s,
                             const std::vector<std::pair<std::string, std::string>>& settings);
  Status create_ann_index(Session& s, const CollectionSpec& spec);
  Status create_filter_indexes(Session& s, const CollectionSpec& spec);
  Result<std::set<std::string>> filter_indexes(Session& s, const CollectionSpec& spec);

  // Writes and DDL take turns, as on one connection: the registry is made
  // once, and a writer's transaction never meets another's on the server.
  Mutex m_mutex;
  bool m_registry_ready GUARDED_BY(m_mutex) = false;

  // The shared caches every session reads.
  Mutex m_cache_mutex;
  std::map<std::string, CollectionSpec, std::less<>> m_specs
      GUARDED_BY(m_cache_mutex);  // query()'s lookups
  // query()'s partial HNSW index predicates per collection, `{"key":value}`
  std::map<std::string, std::set<std::string>, std::less<>> m_filter_indexes
      GUARDED_BY(m_cache_mutex);
  // Bumped by DDL: a session of an older generation deallocates its
  // prepared statements before its next query.
  std::atomic<uint64_t> m_generation{0};

  // The pool: idle sessions (the last one back is the next one out, so a
  // sequential caller keeps one warm connection), and how many are open.
  OpenConnection m_open_more;
  int m_max_sessions = 1;
  Mutex m_pool_mutex;
  std::condition_variable m_pool_freed;
  std::vector<std::unique_ptr<Session>> m_idle GUARDED_BY(m_pool_mutex);
  int m_open GUARDED_BY(m_pool_mutex) = 0;
  int m_waiting GUARDED_BY(m_pool_mutex) = 0;
};

}  // namespace strata::vec
