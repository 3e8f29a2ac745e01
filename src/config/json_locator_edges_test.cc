// JSON positions at their edges: keys written with escapes, strings
// holding brackets, nested arrays and pointers that name nothing.

#include <gtest/gtest.h>

#include "config/json_locator.h"

namespace strata {
namespace {

TEST(JsonLocatorEdges, KeysWithEscapedQuotesAndBackslashes) {
  JsonLocator loc(R"({"say \"hi\"": 1,
 "back\\slash": 2,
 "x": 3})");
  EXPECT_EQ(loc.locate("/say \"hi\"").line, 1);
  EXPECT_EQ(loc.locate("/back\\slash").line, 2);
  EXPECT_EQ(loc.locate("/x").line, 3);
  EXPECT_EQ(loc.locate("/x").col, 2);
}

TEST(JsonLocatorEdges, BracketsInsideStringsDoNotNest) {
  JsonLocator loc("{\"a\": \"}{][\",\n \"b\": [\"]\", {\"c\": 1}]}");
  EXPECT_EQ(loc.locate("/b").line, 2);
  EXPECT_EQ(loc.locate("/b/1/c").line, 2);
  EXPECT_EQ(loc.locate("/b/1/c").col, 14);
}

TEST(JsonLocatorEdges, NestedArraysAreIndexedAtEachLevel) {
  JsonLocator loc("[\n [1, 2],\n [3,\n  [4, 5]]\n]");
  EXPECT_EQ(loc.locate("/1/1/0").line, 4);
  EXPECT_EQ(loc.locate("/1/1/0").col, 4);
  EXPECT_EQ(loc.locate("/0/1").line, 2);
  EXPECT_EQ(loc.locate("/0/1").col, 6);
}

TEST(JsonLocatorEdges, PointersThatNameNothingFallBackToAnAncestor) {
  JsonLocator loc("{\n \"a\": [1, 2],\n \"b\": {}\n}");
  EXPECT_EQ(loc.locate("/a/7").line, 2) << "past the end of an array";
  EXPECT_EQ(loc.locate("/a/x").line, 2) << "not an index";
  EXPECT_EQ(loc.locate("/b/c").line, 3);
  EXPECT_EQ(loc.locate("/zzz").line, 1) << "the root";
  EXPECT_EQ(loc.locate("").line, 1);
}

TEST(JsonLocatorEdges, MemberPositionsOfAnEmptyOrMissingObjectAreEmpty) {
  JsonLocator loc("{\"a\": {}, \"b\": [1]}");
  EXPECT_TRUE(loc.member_positions("/a").empty());
  EXPECT_TRUE(loc.member_positions("/b").empty());
  EXPECT_TRUE(loc.member_positions("/nope").empty());
}

TEST(JsonLocatorEdges, OffsetsPastTheEndStayOnTheLastLine) {
  JsonLocator loc("ab\ncd");
  TextPos p = loc.position_of(99);
  EXPECT_EQ(p.line, 2);
  EXPECT_GE(p.col, 3);
  EXPECT_EQ(JsonLocator("").position_of(0).line, 1);
}

TEST(JsonLocatorEdges, PointerTokensEscapeTildeBeforeSlash) {
  EXPECT_EQ(json_pointer_append("/a", "~/"), "/a/~0~1");
  EXPECT_EQ(json_pointer_append("", ""), "/");
  JsonLocator loc("{\"~/\": {\"k\": 1}}");
  EXPECT_EQ(loc.locate(json_pointer_append(json_pointer_append("", "~/"), "k")).col, 9);
}

}  // namespace
}  // namespace strata
