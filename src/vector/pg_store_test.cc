// PgStore's query path against a recording DatabaseManager: which
// statements reach the server, and in what shape. The answers themselves
// are checked against a real PostgreSQL in tests/e2e/test_vec_pg.sh.

#include "vector/pg_store.h"

#include <fmt/format.h>
#include <gtest/gtest.h>

#include <atomic>
#include <condition_variable>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

namespace strata::vec {
namespace {

using json = nlohmann::json;

// Holds every EXECUTE that reaches it until opened, counting those held:
// a test sees queries in flight at once without timing anything.
class Gate {
 public:
  void pass() {
    std::unique_lock lock(m_mutex);
    ++m_inside;
    m_changed.notify_all();
    m_changed.wait(lock, [&] { return m_open; });
    --m_inside;
  }
  void wait_for_inside(int n) {
    std::unique_lock lock(m_mutex);
    m_changed.wait(lock, [&] { return m_inside == n; });
  }
  void open() {
    std::lock_guard lock(m_mutex);
    m_open = true;
    m_changed.notify_all();
  }
  void close() {
    std::lock_guard lock(m_mutex);
    m_open = false;
  }

 private:
  std::mutex m_mutex;
  std::condition_variable m_changed;
  int m_inside = 0;
  bool m_open = false;
};

// Answers the statements PgStore sends with one collection, `docs` (2
// dimensions, L2, HNSW), a partial index for {"lang": "de"}, and `hits` rows
// for each search; records every statement.
class RecordingDb : public db::DatabaseManager {
 public:
  std::vector<std::string> sent;
  size_t hits = 1;
  int fail_executes = 0;                // how many EXECUTEs fail before they succeed
  bool gone = false;                    // the connection is lost: everything fails so
  Gate* gate = nullptr;                 // EXECUTEs pass it when set
  std::atomic<bool>* closed = nullptr;  // set when this connection is closed

  ~RecordingDb() override {
    if (closed) *closed = true;
  }

  db::Backend backend() const override { return db::Backend::k_postgres; }
  std::string display_url() const override { return "postgres://test"; }
  Status exec(std::string_view sql) override { return exec(sql, {}); }
  Status exec(std::string_view sql, const db::Params& params) override {
    auto r = query(sql, params);
    return r ? ok_status() : Status(r.error());
  }
  Result<db::QueryResult> query(std::string_view sql, const db::Params&) override {
    sent.emplace_back(sql);
    db::QueryResult out;
    if (gone)
      return Error("server closed the connection unexpectedly").of(ErrorKind::k_unavailable);
    if (gate && sql.starts_with("EXECUTE")) gate->pass();
    if (sql.find("FROM strata_vector_collections") != std::string_view::npos) {
      out.rows.push_back({"docs", "2", "l2", "hnsw", "16", "100"});
    } else if (sql.find("pg_get_expr") != std::string_view::npos) {
      out.rows.push_back({"(metadata @> '{\"lang\": \"de\"}'::jsonb)"});
      out.rows.push_back({"(metadata @> '{\"it''s\": 1}'::jsonb)"});
    } else if (sql.starts_with("EXECUTE") && fail_executes > 0) {
      --fail_executes;
      return Error("relation \"docs\" does not exist");
    } else if (sql.starts_with("EXECUTE") || sql.starts_with("WITH r")) {
      for (size_t i = 0; i < hits; ++i)
        out.rows.push_back({fmt::format("r{}", i), "0.5", "{\"lang\": \"de\"}"});
    }
    return out;
  }
  Status begin() override { return ok_status(); }
  Status commit() override { return ok_status(); }
  Status rollback() override { return ok_status(); }
  bool in_transaction() const override { return false; }
  Result<std::unique_ptr<db::DatabaseLock>> lock(int64_t, std::chrono::milliseconds) override {
    return Error("no locks here");
  }
  const db::DbErrorDetail& last_error() const override { return m_error; }

  size_t count(std::string_view part) const {
    size_t n = 0;
    for (const auto& s : sent) n += s.find(part) != std::string::npos;
    return n;
  }

 private:
  db::DbErrorDetail m_error;
};

Query query_for(const json& where, int k = 1) {
  Query q;
  q.embedding = {1, 2};
  q.k = k;
  q.filter = *parse_filter(where);
  return q;
}

struct Fixture {
  RecordingDb* db = new RecordingDb;
  PgStore store{std::unique_ptr<db::DatabaseManager>(db)};
};

TEST(PgStore, AStreamOfQueriesLooksUpSetsAndPlansOnce) {
  Fixture f;
  for (int i = 0; i < 3; ++i) ASSERT_TRUE(f.store.query("docs", query_for(nullptr)).ok());
  EXPECT_EQ(f.db->count("FROM strata_vector_collections"), 1u);
  EXPECT_EQ(f.db->count("set_config"), 1u);
  EXPECT_EQ(f.db->count("PREPARE"), 1u);
  EXPECT_EQ(f.db->count("EXECUTE"), 3u);
  EXPECT_EQ(f.db->count("BEGIN"), 0u);
}

TEST(PgStore, AnEqualityWithAPartialIndexIsSteeredOntoIt) {
  Fixture f;
  ASSERT_TRUE(f.store.query("docs", query_for({{"lang", "de"}})).ok());
  EXPECT_EQ(f.db->count("set_config('enable_bitmapscan', 'off', false)"), 1u);
  EXPECT_EQ(f.db->count("WHERE (metadata @> '{\"lang\":\"de\"}'::jsonb)"), 1u);
  EXPECT_EQ(f.db->count("EXECUTE"), 1u);
  // A quote in a key survives PostgreSQL's printing and the SQL literal.
  ASSERT_TRUE(f.store.query("docs", query_for({{"it's", 1}})).ok());
  EXPECT_EQ(f.db->count("WHERE (metadata @> '{\"it''s\":1}'::jsonb)"), 1u);
  EXPECT_EQ(f.db->count("EXECUTE"), 2u);
}

TEST(PgStore, OtherFiltersGoToThePlannerWithTheirValuesBound) {
  Fixture f;
  ASSERT_TRUE(f.store.query("docs", query_for({{"lang", "de"}})).ok());
  ASSERT_TRUE(f.store.query("docs", query_for({{"lang", "fr"}})).ok());
  ASSERT_TRUE(f.store.query("docs", query_for({{"lang", {{"$in", {"de", "fr"}}}}})).ok());
  // Back to the planner's own choice: the settings go back to the server's.
  EXPECT_EQ(f.db->count("(SELECT reset_val FROM pg_settings WHERE name = 'enable_bitmapscan')"),
            1u);
  EXPECT_EQ(f.db->count("set_config"), 2u);
  EXPECT_EQ(f.db->count("WITH r AS MATERIALIZED"), 2u);
  EXPECT_EQ(f.db->count("\"fr\""), 0u);  // bound as a parameter, never written in
}

TEST(PgStore, FewerThanKRowsFromTheIndexAreAnsweredExactly) {
  Fixture f;
  f.db->hits = 1;
  auto hits = f.store.query("docs", query_for({{"lang", "fr"}}, 5));
  ASSERT_TRUE(hits.ok());
  ASSERT_EQ(f.db->count("WITH r AS MATERIALIZED"), 2u);
  EXPECT_NE(f.db->sent.back().find("ORDER BY (embedding <-> $1::vector) + 0"), std::string::npos)
      << f.db->sent.back();
}

TEST(PgStore, AFailedQueryLooksTheCollectionUpAgainAndForgetsItsPlans) {
  Fixture f;
  ASSERT_TRUE(f.store.query("docs", query_for(nullptr)).ok());
  f.db->fail_executes = 1;
  ASSERT_TRUE(f.store.query("docs", query_for(nullptr)).ok());
  EXPECT_EQ(f.db->count("FROM strata_vector_collections"), 2u);
  EXPECT_EQ(f.db->count("DEALLOCATE ALL"), 1u);
  EXPECT_EQ(f.db->count("PREPARE"), 2u);
}

TEST(PgStore, AWrongDimensionIsRefusedBeforeTheServer) {
  Fixture f;
  Query q = query_for(nullptr);
  q.embedding = {1, 2, 3};
  auto hits = f.store.query("docs", q);
  ASSERT_FALSE(hits.ok());
  EXPECT_NE(hits.error().message.find("has dimension 2"), std::string::npos);
  EXPECT_EQ(f.db->count("EXECUTE"), 0u);
}

// A store whose pool opens RecordingDbs (the first one included) and keeps
// them for the test to read; every connection starts with `setup` applied.
struct Pool {
  std::mutex mutex;
  std::vector<RecordingDb*> dbs;  // in the order opened
  int opened_more = 0;
  Gate gate;
  std::unique_ptr<PgStore> store;

  explicit Pool(int max_sessions, bool gated = true) {
    auto first = std::make_unique<RecordingDb>();
    if (gated) first->gate = &gate;
    dbs.push_back(first.get());
    store = std::make_unique<PgStore>(
        std::move(first),
        [this, gated]() -> Result<std::unique_ptr<db::DatabaseManager>> {
          auto db = std::make_unique<RecordingDb>();
          if (gated) db->gate = &gate;
          std::lock_guard lock(mutex);
          ++opened_more;
          dbs.push_back(db.get());
          return std::unique_ptr<db::DatabaseManager>(std::move(db));
        },
        max_sessions);
  }
  // Runs `n` queries at once, each held in EXECUTE until all `n` are there.
  void concurrent_queries(int n) {
    std::vector<std::thread> threads;
    std::atomic<int> failed = 0;
    gate.close();
    for (int i = 0; i < n; ++i)
      threads.emplace_back([&] { failed += !store->query("docs", query_for(nullptr)).ok(); });
    gate.wait_for_inside(n);
    gate.open();
    for (auto& t : threads) t.join();
    EXPECT_EQ(failed, 0);
  }
  RecordingDb& db(size_t i) {
    std::lock_guard lock(mutex);
    return *dbs.at(i);
  }
};

TEST(PgStorePool, TwoQueriesAtOnceGetTwoSessions) {
  Pool pool(8);
  pool.concurrent_queries(2);
  EXPECT_EQ(pool.opened_more, 1);
  EXPECT_EQ(pool.db(0).count("EXECUTE"), 1u);
  EXPECT_EQ(pool.db(1).count("EXECUTE"), 1u);
  EXPECT_EQ(pool.store->pool_stats().open, 2);
}

TEST(PgStorePool, OneCallerAtATimeKeepsOneSession) {
  Pool pool(8, false);
  for (int i = 0; i < 3; ++i) ASSERT_TRUE(pool.store->query("docs", query_for(nullptr)).ok());
  EXPECT_EQ(pool.opened_more, 0);
  EXPECT_EQ(pool.db(0).count("EXECUTE"), 3u);
}

TEST(PgStorePool, EachSessionPreparesItsOwnStatements) {
  Pool pool(8);
  pool.concurrent_queries(2);
  // Each connection prepared the query itself, since a statement lives on
  // the connection it was prepared on, and set its own session's settings.
  EXPECT_EQ(pool.db(0).count("PREPARE"), 1u);
  EXPECT_EQ(pool.db(1).count("PREPARE"), 1u);
  EXPECT_EQ(pool.db(0).count("set_config"), 1u);
  EXPECT_EQ(pool.db(1).count("set_config"), 1u);
}

TEST(PgStorePool, BuildIndexMakesEverySessionPrepareAgain) {
  Pool pool(8);
  pool.concurrent_queries(2);
  size_t lookups = pool.db(0).count("pg_get_expr") + pool.db(1).count("pg_get_expr");
  ASSERT_TRUE(pool.store->build_index("docs").ok());
  pool.concurrent_queries(2);
  EXPECT_EQ(pool.opened_more, 1);
  for (size_t i = 0; i < 2; ++i) {
    EXPECT_EQ(pool.db(i).count("DEALLOCATE ALL"), 1u) << i;
    EXPECT_EQ(pool.db(i).count("PREPARE"), 2u) << i;
  }
  // And the collection, with its partial indexes, was looked up again.
  EXPECT_GT(pool.db(0).count("pg_get_expr") + pool.db(1).count("pg_get_expr"), lookups);
}

TEST(PgStorePool, ASessionWhoseConnectionFailedIsReplaced) {
  Pool pool(8, false);
  ASSERT_TRUE(pool.store->query("docs", query_for(nullptr)).ok());
  std::atomic<bool> closed = false;
  pool.db(0).closed = &closed;
  pool.db(0).gone = true;  // the server restarted
  auto hits = pool.store->query("docs", query_for(nullptr));
  ASSERT_TRUE(hits.ok()) << hits.error().message;
  EXPECT_TRUE(closed);
  EXPECT_EQ(pool.opened_more, 1);
  EXPECT_EQ(pool.db(1).count("EXECUTE"), 1u);
  // The pool holds the new connection alone, and keeps using it.
  ASSERT_TRUE(pool.store->query("docs", query_for(nullptr)).ok());
  EXPECT_EQ(pool.opened_more, 1);
  EXPECT_EQ(pool.db(1).count("EXECUTE"), 2u);
  EXPECT_EQ(pool.store->pool_stats().open, 1);
}

TEST(PgStorePool, ALostConnectionClosesTheIdleOnesToo) {
  Pool pool(8);
  pool.concurrent_queries(2);  // two sessions, both idle again
  std::atomic<bool> closed[2] = {false, false};
  for (size_t i = 0; i < 2; ++i) {
    pool.db(i).closed = &closed[i];
    pool.db(i).gone = true;  // a restart takes every connection
  }
  auto hits = pool.store->query("docs", query_for(nullptr));
  ASSERT_TRUE(hits.ok()) << hits.error().message;
  EXPECT_TRUE(closed[0]);
  EXPECT_TRUE(closed[1]);
  EXPECT_EQ(pool.opened_more, 2);  // the retry's new connection
  EXPECT_EQ(pool.store->pool_stats().open, 1);
}

TEST(PgStorePool, AReadOnALostConnectionRunsAgainOnANewOne) {
  Pool pool(8, false);
  pool.db(0).gone = true;
  auto spec = pool.store->collection("docs");
  ASSERT_TRUE(spec.ok()) << spec.error().message;
  EXPECT_EQ(spec->dim, 2);
  EXPECT_EQ(pool.opened_more, 1);
  pool.db(1).gone = true;
  std::vector<std::string> ids = {"r0"};
  EXPECT_TRUE(pool.store->get("docs", ids).ok());
  EXPECT_EQ(pool.opened_more, 2);
}

TEST(PgStorePool, WhileNoConnectionOpensQueriesFailAndTheNextOneTriesAgain) {
  auto first = std::make_unique<RecordingDb>();
  first->gone = true;
  std::atomic<bool> up = false;
  PgStore store(
      std::move(first),
      [&]() -> Result<std::unique_ptr<db::DatabaseManager>> {
        if (!up) return Error("cannot connect").of(ErrorKind::k_unavailable);
        return std::unique_ptr<db::DatabaseManager>(std::make_unique<RecordingDb>());
      },
      8);
  EXPECT_FALSE(store.query("docs", query_for(nullptr)).ok());
  EXPECT_EQ(store.pool_stats().open, 0);
  up = true;
  EXPECT_TRUE(store.query("docs", query_for(nullptr)).ok());
  EXPECT_EQ(store.pool_stats().open, 1);
}

TEST(PgStorePool, NoMoreSessionsThanTheMaximum) {
  Pool pool(2);
  std::vector<std::thread> threads;
  std::atomic<int> failed = 0;
  for (int i = 0; i < 2; ++i)
    threads.emplace_back([&] { failed += !pool.store->query("docs", query_for(nullptr)).ok(); });
  pool.gate.wait_for_inside(2);
  threads.emplace_back([&] { failed += !pool.store->query("docs", query_for(nullptr)).ok(); });
  // The third waits for a session rather than opening one.
  while (pool.store->pool_stats().waiting < 1) std::this_thread::yield();
  EXPECT_EQ(pool.opened_more, 1);
  EXPECT_EQ(pool.store->pool_stats().open, 2);
  pool.gate.open();
  for (auto& t : threads) t.join();
  EXPECT_EQ(failed, 0);
  EXPECT_EQ(pool.opened_more, 1);
  EXPECT_EQ(pool.db(0).count("EXECUTE") + pool.db(1).count("EXECUTE"), 3u);
}

}  // namespace
}  // namespace strata::vec
