// The SQLite translation of filters must agree with the evaluator on keys
// and values that are awkward in SQL: dots and spaces in keys, LIKE
// wildcards and quotes in strings, large integers, floats equal to
// integers, empty strings and nested values. Counted through a real record
// table, as `strata vec count` does.

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "util/temp_dir.h"
#include "vector/filter.h"
#include "vector/record_table.h"

namespace strata::vec {
namespace {

using nlohmann::json;
using ::testing::HasSubstr;

class FilterSqlEdges : public ::testing::Test {
 protected:
  void SetUp() override {
    auto t = RecordTable::create(m_dir.path("records.db"), {{"dim", "1"}});
    ASSERT_TRUE(t.ok()) << t.error().str();
    m_table = std::move(*t);
    std::vector<Record> batch;
    for (size_t i = 0; i < m_rows.size(); ++i)
      batch.push_back({"r" + std::to_string(i), {static_cast<float>(i)}, m_rows[i]});
    ASSERT_TRUE(m_table->upsert(batch).ok());
  }
  size_t by_eval(const Filter& f) const {
    size_t n = 0;
    for (const auto& row : m_rows) n += filter_matches(f, row) ? 1 : 0;
    return n;
  }

  testutil::TempDir m_dir{"strata-filter-sql"};
  std::unique_ptr<RecordTable> m_table;
  std::vector<json> m_rows = {
      json::parse(R"({"a.b": "dot", "a": {"b": "nested"}, "k": 1})"),
      json::parse(R"({"with space": "x", "pct": "50%", "k": 2})"),
      json::parse(R"({"pct": "5_0", "k": 9007199254740993})"),
      json::parse(R"({"pct": "", "k": 2.0, "q": "it's \"quoted\""})"),
      json::parse(R"({"k": -0.0, "tags": ["a", "b"], "pct": "ünï"})"),
      json::parse(R"({"k": 1e300})"),
  };
};

TEST_F(FilterSqlEdges, SqlAndTheEvaluatorAgree) {
  const char* filters[] = {
      R"({"a.b": "dot"})",
      R"({"a": "nested"})",
      R"({"with space": "x"})",
      R"({"pct": "50%"})",
      R"({"pct": "5%"})",
      R"({"pct": "5_0"})",
      R"({"pct": "500"})",
      R"({"pct": ""})",
      R"({"pct": "ünï"})",
      R"({"q": "it's \"quoted\""})",
      R"({"k": 2})",
      R"({"k": 0})",
      R"({"k": {"$gt": 9007199254740992}})",
      R"({"k": {"$gte": 1, "$lt": 2}})",
      R"({"k": {"$ne": 2}})",
      R"({"k": {"$in": [1, 2.0]}})",
      R"({"k": {"$nin": [1, 2]}})",
      R"({"k": {"$gt": 1e299}})",
      R"({"tags": "a"})",
      R"({"k": 9007199254740992})",
      R"({"k": {"$in": [9007199254740992]}})",
      R"({"pct": {"$in": ["", "50%"]}})",
      R"({"$or": [{"a.b": "dot"}, {"pct": {"$ne": "50%"}}]})",
  };
  for (const char* text : filters) {
    auto f = parse_filter(json::parse(text));
    if (!f.ok()) {
      ADD_FAILURE() << text << ": " << f.error().str();
      continue;
    }
    auto n = m_table->count(*f);
    ASSERT_TRUE(n.ok()) << text << ": " << n.error().str();
    EXPECT_EQ(*n, by_eval(*f)) << text;
  }
}

TEST(FilterParseEdges, KeysThatCouldBreakOutOfAJsonPathAreRefused) {
  for (const char* text : {R"({"a\"b": 1})", R"({"a\\b": 1})", R"({"a\nb": 1})"}) {
    auto f = parse_filter(json::parse(text));
    ASSERT_FALSE(f.ok()) << text;
    EXPECT_THAT(f.error().message, HasSubstr("may not contain quotes")) << text;
  }
}

TEST(FilterParseEdges, ErrorsNameThePathIntoNestedGroups) {
  auto f = parse_filter(json::parse(R"({"$or": [{"a": 1}, {"$and": [{"n": {"$gt": "x"}}]}]})"));
  ASSERT_FALSE(f.ok());
  EXPECT_THAT(f.error().message, HasSubstr("$or[1].$and[0].n.$gt"));
  EXPECT_THAT(f.error().message, HasSubstr("needs a number"));
}

TEST(FilterParseEdges, ValuesMustBeScalarsAndGroupsNonEmpty) {
  for (const char* text : {R"({"a": [1, 2]})", R"({"a": {"$eq": {"x": 1}}})",
                           R"({"a": {"$in": [[1]]}})", R"({"a": {"$in": "x"}})", R"({"a": {}})",
                           R"({"$and": []})", R"({"$or": {}})", "[1]", R"({"a": null})"}) {
    auto f = parse_filter(json::parse(text));
    EXPECT_FALSE(f.ok()) << text;
  }
}

TEST(FilterMatchEdges, LargeIntegersCompareExactly) {
  const json big = {{"k", 9007199254740993}};  // 2^53 + 1: no double holds it
  auto gt = parse_filter(json::parse(R"({"k": {"$gt": 9007199254740992}})"));
  auto eq = parse_filter(json::parse(R"({"k": 9007199254740992})"));
  auto in = parse_filter(json::parse(R"({"k": {"$in": [9007199254740992]}})"));
  ASSERT_TRUE(gt.ok() && eq.ok() && in.ok());
  EXPECT_TRUE(filter_matches(*gt, big));
  EXPECT_FALSE(filter_matches(*eq, big));
  EXPECT_FALSE(filter_matches(*in, big));
  auto one = parse_filter(json::parse(R"({"k": 1})"));
  ASSERT_TRUE(one.ok());
  EXPECT_TRUE(filter_matches(*one, {{"k", 1.0}}));
  EXPECT_TRUE(filter_matches(*one, json::parse(R"({"k": 1})")));
}

TEST(FilterParseEdges, TwoOperatorsOnOneKeyMustBothHold) {
  auto f = parse_filter(json::parse(R"({"n": {"$gt": 1, "$lt": 3}})"));
  ASSERT_TRUE(f.ok()) << f.error().str();
  EXPECT_TRUE(filter_matches(*f, {{"n", 2}}));
  EXPECT_FALSE(filter_matches(*f, {{"n", 3}}));
  EXPECT_FALSE(filter_matches(*f, {{"n", 1}}));
  EXPECT_FALSE(filter_matches(*f, {{"n", "2"}}));
}

}  // namespace
}  // namespace strata::vec
