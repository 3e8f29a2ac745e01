// PgStore's query path against a recording DatabaseManager: which
// statements reach the server, and in what shape. The answers themselves
// are checked against a real PostgreSQL in tests/e2e/test_vec_pg.sh.

#include "vector/pg_store.h"

#include <fmt/format.h>
#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace strata::vec {
namespace {

using json = nlohmann::json;

// Answers the statements PgStore sends with one collection, `docs` (2
// dimensions, L2, HNSW), a partial index for {"lang": "de"}, and `hits` rows
// for each search; records every statement.
class RecordingDb : public db::DatabaseManager {
 public:
  std::vector<std::string> sent;
  size_t hits = 1;
  int fail_executes = 0;  // how many EXECUTEs fail before they succeed

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
    if (sql.find("FROM strata_vector_collections") != std::string_view::npos) {
      out.rows.push_back({"docs", "2", "l2", "hnsw", "16", "100"});
    } else if (sql.find("pg_get_expr") != std::string_view::npos) {
      out.rows.push_back({"(metadata @> '{\"lang\": \"de\"}'::jsonb)"});
      out.rows.push_back({"(metadata @> '{\"it''s\": 1}'::jsonb)"});
    } else if (sql.starts_with("EXECUTE") && fail_executes > 0) {
      --fail_executes;
      return Error("relation \"docs\" does not exist");
    } else if (sql.starts_with("EXECUTE") || sql.starts_with("WITH")) {
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

}  // namespace
}  // namespace strata::vec
