// The bounded JSON parser at its limits: exactly the allowed depth, one
// more, brackets hidden in strings and comments, and where each problem is
// reported (line and byte column).

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <string>

#include "util/json_limits.h"

namespace strata {
namespace {

using ::testing::HasSubstr;

std::string nested(size_t depth) { return std::string(depth, '[') + std::string(depth, ']'); }

TEST(JsonLimitsEdges, TheLimitItselfParsesAndOneMoreIsRefusedAtItsBracket) {
  nlohmann::json j;
  EXPECT_FALSE(parse_json_bounded(nested(k_max_nesting), false, j));
  auto p = parse_json_bounded(nested(k_max_nesting + 1), false, j);
  ASSERT_TRUE(p);
  EXPECT_EQ(p->offset, k_max_nesting);
  EXPECT_THAT(p->message, HasSubstr("nested deeper than 256 levels"));
  EXPECT_THAT(p->hint, HasSubstr("flatten"));
  EXPECT_TRUE(j.is_null()) << "a refused document leaves nothing behind";
}

TEST(JsonLimitsEdges, ObjectsCountAsLevelsToo) {
  EXPECT_EQ(json_nesting_overflow(R"({"a": {"b": [1]}})", false, 2), 12u);
  EXPECT_FALSE(json_nesting_overflow(R"({"a": {"b": 1}, "c": {"d": 2}})", false, 2));
}

TEST(JsonLimitsEdges, BracketsInCommentsCountOnlyWhenCommentsAreNotAllowed) {
  std::string text = "[1, // [[[[\n /* {{{{ */ 2]";
  EXPECT_FALSE(json_nesting_overflow(text, true, 1));
  EXPECT_TRUE(json_nesting_overflow(text, false, 1));
  nlohmann::json j;
  EXPECT_FALSE(parse_json_bounded(text, true, j));
  EXPECT_EQ(j, nlohmann::json({1, 2}));
  EXPECT_TRUE(parse_json_bounded(text, false, j));
}

TEST(JsonLimitsEdges, EscapedQuotesDoNotEndAString) {
  EXPECT_FALSE(json_nesting_overflow(R"(["\"[[[", "\\", 1])", false, 1));
  EXPECT_EQ(json_nesting_overflow(R"(["\\", [2]])", false, 1), 7u);
}

TEST(JsonLimitsEdges, AnUnclosedCommentHidesTheRest) {
  EXPECT_FALSE(json_nesting_overflow("[1 /* [[[[", true, 1));
  nlohmann::json j;
  EXPECT_TRUE(parse_json_bounded("[1 /* [[[[", true, j));
}

TEST(JsonLimitsEdges, EmptyTextAndTrailingTextAreSyntaxErrors) {
  for (const char* text : {"", "   ", "{} {}", "[1] x", "{\"a\": 1,}"}) {
    nlohmann::json j;
    auto p = parse_json_bounded(text, false, j);
    ASSERT_TRUE(p) << text;
    EXPECT_THAT(p->message, HasSubstr("invalid JSON: ")) << text;
    EXPECT_THAT(p->message, ::testing::Not(HasSubstr("[json.exception"))) << p->message;
  }
}

TEST(JsonLimitsEdges, LocationsCountLinesAndBytes) {
  EXPECT_EQ(locate_offset("f", "ab\ncd", 0).str(), "f:1:1");
  EXPECT_EQ(locate_offset("f", "ab\ncd", 3).str(), "f:2:1");
  EXPECT_EQ(locate_offset("f", "ab\ncd", 99).str(), "f:2:3") << "clamped to the end";
  EXPECT_EQ(locate_offset("f", "é\nx", 2).str(), "f:1:3") << "columns count bytes";
}

TEST(JsonLimitsEdges, FileErrorsNameTheLineOfTheBadToken) {
  auto r = parse_json_file_text("cfg.json", "{\n  \"a\": 1,\n  \"b\": tru\n}", false);
  ASSERT_FALSE(r);
  EXPECT_THAT(r.error().str(), HasSubstr("cfg.json:3:"));
  auto deep = parse_json_file_text("cfg.json", "{\"a\":\n" + nested(300) + "}", false);
  ASSERT_FALSE(deep);
  EXPECT_EQ(deep.error().loc.line, 2);
  EXPECT_EQ(deep.error().loc.col, static_cast<int>(k_max_nesting));
  EXPECT_THAT(deep.error().hint, HasSubstr("flatten"));
}

TEST(JsonLimitsEdges, TheSizeLimitIsInclusive) {
  EXPECT_TRUE(parse_json_file_text("f.json", "[1]", false, 3));
  EXPECT_FALSE(parse_json_file_text("f.json", "[1] ", false, 3));
}

}  // namespace
}  // namespace strata
