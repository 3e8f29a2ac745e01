#include "vector/metadata_index.h"

#include <gtest/gtest.h>

namespace strata::vec {
namespace {

using json = nlohmann::json;
using Slots = std::vector<int64_t>;

class MetadataIndexTest : public ::testing::Test {
 protected:
  void SetUp() override {
    m_index.add(0, {{"genre", "jazz"}, {"year", 1990}, {"live", true}});
    m_index.add(1, {{"genre", "rock"}, {"year", 1990.0}});
    m_index.add(2, {{"genre", "jazz"}, {"year", "1990"}, {"tags", {"a"}}});
    m_index.add(3, {{"genre", "pop"}, {"live", false}});
  }
  std::optional<MetadataIndex::Candidates> find(const char* where) {
    return m_index.candidates(*parse_filter(json::parse(where)));
  }
  MetadataIndex m_index;
};

TEST_F(MetadataIndexTest, EqualityMatchesAsTheFilterEvaluatorDoes) {
  EXPECT_EQ(find(R"({"genre": "jazz"})")->slots, (Slots{0, 2}));
  EXPECT_EQ(find(R"({"year": 1990})")->slots, (Slots{0, 1}));  // 1990 == 1990.0; "1990" is a string
  EXPECT_EQ(find(R"({"year": "1990"})")->slots, (Slots{2}));
  EXPECT_EQ(find(R"({"live": true})")->slots, (Slots{0}));
  EXPECT_EQ(find(R"({"genre": "blues"})")->slots, Slots{});
  EXPECT_TRUE(find(R"({"genre": "jazz"})")->exact);
}

TEST_F(MetadataIndexTest, InAndOrUniteAndIntersects) {
  EXPECT_EQ(find(R"({"genre": {"$in": ["pop", "rock"]}})")->slots, (Slots{1, 3}));
  EXPECT_EQ(find(R"({"$or": [{"genre": "pop"}, {"year": 1990}]})")->slots, (Slots{0, 1, 3}));
  EXPECT_EQ(find(R"({"$and": [{"genre": "jazz"}, {"year": 1990}]})")->slots, (Slots{0}));
}

TEST_F(MetadataIndexTest, AnAndWithARangeIsASupersetToCheck) {
  auto c = find(R"({"$and": [{"genre": "jazz"}, {"year": {"$gt": 2000}}]})");
  ASSERT_TRUE(c);
  EXPECT_EQ(c->slots, (Slots{0, 2}));
  EXPECT_FALSE(c->exact);
}

TEST_F(MetadataIndexTest, RangesNegationsAndOrsOverThemAreLeftToTheScan) {
  EXPECT_FALSE(find(R"({"year": {"$gte": 1990}})"));
  EXPECT_FALSE(find(R"({"genre": {"$ne": "jazz"}})"));
  EXPECT_FALSE(find(R"({"genre": {"$nin": ["jazz"]}})"));
  EXPECT_FALSE(find(R"({"$or": [{"genre": "pop"}, {"year": {"$lt": 1}}]})"));
  EXPECT_FALSE(m_index.candidates(Filter{}));
}

TEST_F(MetadataIndexTest, OutOfOrderAddsAreAnsweredOnlyOnceSealed) {
  MetadataIndex index;
  index.add(5, {{"k", 1}});
  index.add(2, {{"k", 1}});
  EXPECT_FALSE(index.candidates(*parse_filter(json::parse(R"({"k": 1})"))));
  index.seal();
  EXPECT_EQ(index.candidates(*parse_filter(json::parse(R"({"k": 1})")))->slots, (Slots{2, 5}));
}

TEST(PostingKey, KeysAndTypesNeverCollide) {
  EXPECT_EQ(posting_key("n", json(-0.0)), posting_key("n", json(0)));
  EXPECT_NE(posting_key("a", json("b")), posting_key("ab", json("")));
  EXPECT_NE(posting_key("a", json(true)), posting_key("a", json("t")));
  EXPECT_FALSE(posting_key("a", json::array({1})));
  EXPECT_FALSE(posting_key("a", json()));
}

}  // namespace
}  // namespace strata::vec
