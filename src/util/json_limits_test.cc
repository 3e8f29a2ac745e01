#include "util/json_limits.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

namespace strata {
namespace {

using ::testing::HasSubstr;

TEST(JsonLimits, ParsesOrdinaryJsonWithComments) {
  nlohmann::json j;
  EXPECT_FALSE(parse_json_bounded("{\"a\": [1, 2.5, \"x\"] // c\n}", true, j));
  EXPECT_EQ(j["a"][1], 2.5);
}

TEST(JsonLimits, OverflowIsAProblemNotAnException) {
  nlohmann::json j;
  auto p = parse_json_bounded("[1,\n 1e999999]", false, j);
  ASSERT_TRUE(p);
  EXPECT_THAT(p->message, HasSubstr("number overflow"));
  EXPECT_EQ(locate_offset("f", "[1,\n 1e999999]", p->offset).str(), "f:2:2");
}

TEST(JsonLimits, NestingOverflowOffset) {
  EXPECT_EQ(json_nesting_overflow("[[[", false, 2), 2u);
  EXPECT_FALSE(json_nesting_overflow("[[]][[]]", false, 2).has_value());
  EXPECT_FALSE(json_nesting_overflow("[\"[[[\\\"[[\"]", false, 1).has_value());
}

TEST(JsonLimits, FileTextErrorsAreLocated) {
  auto r = parse_json_file_text("in.jsonl", "{\"a\":\n ]", false);
  ASSERT_FALSE(r);
  EXPECT_THAT(r.error().str(), HasSubstr("in.jsonl:2:2: invalid JSON"));
  auto big = parse_json_file_text("in.json", "[1,2,3]", false, 4);
  ASSERT_FALSE(big);
  EXPECT_THAT(big.error().str(), HasSubstr("in.json:1:1: file is 7 bytes, over the 4 bytes limit"));
}

}  // namespace
}  // namespace strata
