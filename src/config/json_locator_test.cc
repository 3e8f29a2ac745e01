#include "config/json_locator.h"

#include <gtest/gtest.h>

namespace strata {
namespace {

const char* k_text = R"({
  // a comment with "quotes" and { braces
  "name": "app",
  "targets": {
    "build": { "command": "make" },
    "a/b": {
      /* block */ "executor": "@nx/js:tsc"
    }
  },
  "tags": ["x", "y"]
})";

TEST(JsonLocator, LocatesKeysThroughCommentsAndNesting) {
  JsonLocator loc(k_text);
  EXPECT_EQ(loc.locate("/name").line, 3);
  EXPECT_EQ(loc.locate("/name").col, 3);
  EXPECT_EQ(loc.locate("/targets/build/command").line, 5);
  EXPECT_EQ(loc.locate("/targets/build/command").col, 16);
  EXPECT_EQ(loc.locate("/targets/a~1b/executor").line, 7);
  EXPECT_EQ(loc.locate("/targets/a~1b/executor").col, 19);
}

TEST(JsonLocator, LocatesArrayElements) {
  JsonLocator loc(k_text);
  TextPos p = loc.locate("/tags/1");
  EXPECT_EQ(p.line, 10);
  EXPECT_EQ(p.col, 17);
}

TEST(JsonLocator, MissingPathGivesDeepestAncestor) {
  JsonLocator loc(k_text);
  TextPos p = loc.locate("/targets/build/options/cwd");
  EXPECT_EQ(p.line, 5);
  EXPECT_EQ(p.col, 14);  // the "build" object's '{'
}

TEST(JsonLocator, MemberPositionsInOnePass) {
  JsonLocator loc(k_text);
  auto m = loc.member_positions("/targets");
  ASSERT_EQ(m.size(), 2u);
  EXPECT_EQ(m["build"].line, 5);
  EXPECT_EQ(m["a/b"].line, 6);
  EXPECT_EQ(m["a/b"].col, 5);
}

// The parser keeps the last of a repeated key, so an error about its value
// must point at that one, not at the first.
TEST(JsonLocator, ARepeatedKeyIsLocatedAtItsLastOccurrence) {
  const char* text = R"({
  "port": 8080,
  "nested": {"a": 1},
  "port": "eighty",
  "nested": {"b": 2, "a": 3}
})";
  JsonLocator loc(text);
  EXPECT_EQ(loc.locate("/port").line, 4);
  EXPECT_EQ(loc.locate("/nested/a").line, 5);
  EXPECT_EQ(loc.locate("/nested/a").col, 22);
  auto m = loc.member_positions("");
  EXPECT_EQ(m["port"].line, 4);
  EXPECT_EQ(m["nested"].line, 5);
}

TEST(JsonLocator, OffsetToLineCol) {
  JsonLocator loc("ab\ncd\n");
  EXPECT_EQ(loc.position_of(0).line, 1);
  EXPECT_EQ(loc.position_of(4).line, 2);
  EXPECT_EQ(loc.position_of(4).col, 2);
}

TEST(JsonLocator, PointerEscaping) {
  EXPECT_EQ(json_pointer_append("/targetDefaults", "@nx/js:tsc"), "/targetDefaults/@nx~1js:tsc");
  EXPECT_EQ(json_pointer_append("", "a~b"), "/a~0b");
}

}  // namespace
}  // namespace strata
