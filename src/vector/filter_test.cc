#include "vector/filter.h"

#include <gtest/gtest.h>
#include <sqlite3.h>

#include <string>
#include <vector>

namespace strata::vec {
namespace {

using json = nlohmann::json;

Filter parse_ok(const char* text) {
  auto f = parse_filter(json::parse(text));
  EXPECT_TRUE(f.ok()) << (f.ok() ? "" : f.error().str());
  return f.ok() ? *f : Filter{};
}

TEST(Filter, EmptyAndNullMatchEverything) {
  EXPECT_TRUE(parse_ok("{}").matches_all());
  EXPECT_TRUE(parse_filter(json()).value().matches_all());
}

TEST(Filter, Equality) {
  auto f = parse_ok(R"({"genre": "jazz"})");
  EXPECT_TRUE(filter_matches(f, {{"genre", "jazz"}}));
  EXPECT_FALSE(filter_matches(f, {{"genre", "rock"}}));
  EXPECT_FALSE(filter_matches(f, json::object()));
}

TEST(Filter, NumbersCompareByValueButTypesNeverMix) {
  auto f = parse_ok(R"({"n": 1})");
  EXPECT_TRUE(filter_matches(f, {{"n", 1.0}}));
  EXPECT_FALSE(filter_matches(f, {{"n", "1"}}));
  EXPECT_FALSE(filter_matches(f, {{"n", true}}));
}

TEST(Filter, RangesInAndOr) {
  auto f =
      parse_ok(R"({"$or": [{"year": {"$gte": 1990, "$lt": 2000}}, {"tag": {"$in": ["a", "b"]}}]})");
  EXPECT_TRUE(filter_matches(f, {{"year", 1995}}));
  EXPECT_FALSE(filter_matches(f, {{"year", 2000}}));
  EXPECT_TRUE(filter_matches(f, {{"year", 2000}, {"tag", "b"}}));
  EXPECT_FALSE(filter_matches(f, {{"year", "1995"}}));
}

TEST(Filter, NegationsMatchMissingKeys) {
  EXPECT_TRUE(filter_matches(parse_ok(R"({"a": {"$ne": 1}})"), json::object()));
  EXPECT_TRUE(filter_matches(parse_ok(R"({"a": {"$nin": [1, 2]}})"), {{"a", 3}}));
  EXPECT_FALSE(filter_matches(parse_ok(R"({"a": {"$nin": [1, 2]}})"), {{"a", 2}}));
}

TEST(Filter, ErrorsNameThePartAndSuggest) {
  auto f = parse_filter(json::parse(R"({"year": {"$gtee": 3}})"));
  ASSERT_FALSE(f.ok());
  EXPECT_NE(f.error().message.find("where.year.$gtee"), std::string::npos) << f.error().message;
  EXPECT_NE(f.error().hint.find("$gte"), std::string::npos);
  EXPECT_FALSE(parse_filter(json::parse(R"({"year": {"$gt": "x"}})")).ok());
  EXPECT_FALSE(parse_filter(json::parse(R"({"$and": []})")).ok());
  EXPECT_FALSE(parse_filter(json::parse(R"({"$nor": []})")).ok());
  EXPECT_FALSE(parse_filter(json::parse(R"({"a\"b": 1})")).ok());
  EXPECT_FALSE(parse_filter(json::parse("[1]")).ok());
}

TEST(Filter, PostgresSqlUsesContainmentAndNumberedParameters) {
  auto sql = filter_to_sql(parse_ok(R"({"a": "x", "n": {"$gt": 2}})"), SqlDialect::k_postgres,
                           "metadata", 3);
  EXPECT_NE(sql.sql.find("metadata @> $3::jsonb"), std::string::npos) << sql.sql;
  EXPECT_NE(sql.sql.find("> $4::numeric"), std::string::npos) << sql.sql;
  ASSERT_EQ(sql.params.size(), 2u);
  EXPECT_EQ(sql.params[0], R"({"a":"x"})");
}

// The SQLite translation must select exactly the rows the evaluator does.
class SqliteAgreement : public ::testing::Test {
 protected:
  void SetUp() override {
    ASSERT_EQ(sqlite3_open(":memory:", &m_db), SQLITE_OK);
    sqlite3_exec(m_db, "CREATE TABLE t(id INTEGER PRIMARY KEY, metadata TEXT)", nullptr, nullptr,
                 nullptr);
    for (size_t i = 0; i < m_rows.size(); ++i) {
      sqlite3_stmt* st = nullptr;
      sqlite3_prepare_v2(m_db, "INSERT INTO t VALUES(?, ?)", -1, &st, nullptr);
      sqlite3_bind_int(st, 1, static_cast<int>(i));
      std::string text = m_rows[i].dump();
      sqlite3_bind_text(st, 2, text.c_str(), -1, SQLITE_TRANSIENT);
      ASSERT_EQ(sqlite3_step(st), SQLITE_DONE);
      sqlite3_finalize(st);
    }
  }
  void TearDown() override { sqlite3_close(m_db); }

  std::vector<int> by_sql(const Filter& f) {
    auto sql = filter_to_sql(f, SqlDialect::k_sqlite, "metadata");
    sqlite3_stmt* st = nullptr;
    std::string q = "SELECT id FROM t WHERE " + sql.sql + " ORDER BY id";
    EXPECT_EQ(sqlite3_prepare_v2(m_db, q.c_str(), -1, &st, nullptr), SQLITE_OK) << q;
    for (size_t i = 0; i < sql.params.size(); ++i) {
      const json& p = sql.params[i];
      int at = static_cast<int>(i + 1);
      if (p.is_string())
        sqlite3_bind_text(st, at, p.get_ref<const std::string&>().c_str(), -1, SQLITE_TRANSIENT);
      else
        sqlite3_bind_double(st, at, p.get<double>());
    }
    std::vector<int> ids;
    while (sqlite3_step(st) == SQLITE_ROW) ids.push_back(sqlite3_column_int(st, 0));
    sqlite3_finalize(st);
    return ids;
  }
  std::vector<int> by_eval(const Filter& f) {
    std::vector<int> ids;
    for (size_t i = 0; i < m_rows.size(); ++i)
      if (filter_matches(f, m_rows[i])) ids.push_back(static_cast<int>(i));
    return ids;
  }

  sqlite3* m_db = nullptr;
  std::vector<json> m_rows = {
      json::parse(R"({"a": "x", "n": 1})"),
      json::parse(R"({"a": "y", "n": 2.5})"),
      json::parse(R"({"a": 1, "n": "3"})"),
      json::parse(R"({"a": true, "b": false})"),
      json::parse(R"({})"),
      json::parse(R"({"a": "it's", "n": 10})"),
      json::parse(R"({"a": null, "n": -4})"),
      json::parse(R"({"a": [1], "n": 1.0})"),
  };
};

TEST_F(SqliteAgreement, EveryOperator) {
  const char* filters[] = {
      R"({"a": "x"})",
      R"({"a": 1})",
      R"({"a": true})",
      R"({"b": false})",
      R"({"a": {"$ne": "x"}})",
      R"({"n": {"$gt": 1}})",
      R"({"n": {"$lte": 1}})",
      R"({"n": {"$gte": -4, "$lt": 2.5}})",
      R"({"a": {"$in": ["x", "it's", 1]}})",
      R"({"a": {"$nin": ["x", true]}})",
      R"({"a": {"$in": []}})",
      R"({"$or": [{"a": "y"}, {"n": {"$lt": 0}}]})",
      R"({"$and": [{"n": {"$gte": 1}}, {"a": {"$ne": "y"}}]})",
      R"({"n": 1})",
  };
  for (const char* text : filters) {
    Filter f = parse_ok(text);
    EXPECT_EQ(by_sql(f), by_eval(f)) << text;
  }
}

TEST(Filter, UnknownOperatorsListTheSupportedOnes) {
  auto f = parse_filter(json::parse(R"({"n": {"$regex": "x"}})"));
  ASSERT_FALSE(f.ok());
  EXPECT_NE(f.error().hint.find("supported here: $eq, $ne, $gt, $gte, $lt, $lte, $in, $nin"),
            std::string::npos)
      << f.error().hint;
  auto g = parse_filter(json::parse(R"({"$not": {"n": 1}})"));
  ASSERT_FALSE(g.ok());
  EXPECT_NE(g.error().hint.find("$and, $or"), std::string::npos) << g.error().hint;
  auto h = parse_filter(json::parse(R"({"n": {"$gtt": 1}})"));
  EXPECT_NE(h.error().hint.find("did you mean '$gt'"), std::string::npos) << h.error().hint;
}

TEST(Filter, TypeMismatchesWarn) {
  std::vector<json> stored = {
      {{"year", 2020}, {"lang", "en"}}, {{"year", 2021}}, {{"other", true}}};
  auto w = filter_type_warnings(parse_ok(R"({"year": "2020"})"), stored);
  ASSERT_EQ(w.size(), 1u);
  EXPECT_NE(w[0].find("'year' compares a string with values stored as numbers"), std::string::npos)
      << w[0];
  EXPECT_EQ(filter_type_warnings(parse_ok(R"({"lang": {"$in": [1, 2]}})"), stored).size(), 1u);
  EXPECT_TRUE(filter_type_warnings(parse_ok(R"({"year": 1999})"), stored).empty());
  EXPECT_TRUE(filter_type_warnings(parse_ok(R"({"missing": "x"})"), stored).empty());
  EXPECT_EQ(
      filter_type_warnings(parse_ok(R"({"$or": [{"year": "1"}, {"lang": 3}]})"), stored).size(),
      2u);
}

}  // namespace
}  // namespace strata::vec
