#include "graph/ts_paths.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

namespace strata {
namespace {

using ::testing::ElementsAre;
using ::testing::IsEmpty;

TEST(TsPaths, ExactBeatsWildcardAndLongestPrefixWins) {
  auto p = TsPaths::parse(R"({"compilerOptions": {"paths": {
      "@a/*": ["libs/a-any/*"],
      "@a/ui": ["libs/ui/src/index.ts"],
      "@a/ui/*": ["libs/ui/src/*", "libs/ui/legacy/*"]}}})",
                          "", "tsconfig.base.json");
  ASSERT_TRUE(p.ok());
  EXPECT_THAT(p->map("@a/ui"), ElementsAre("libs/ui/src/index.ts"));
  EXPECT_THAT(p->map("@a/ui/button"), ElementsAre("libs/ui/src/button", "libs/ui/legacy/button"));
  EXPECT_THAT(p->map("@a/other"), ElementsAre("libs/a-any/other"));
  EXPECT_THAT(p->map("react"), IsEmpty());
}

TEST(TsPaths, BaseUrlAndConfigDirectory) {
  auto p = TsPaths::parse(R"({"compilerOptions": {"baseUrl": "./src", "paths": {"~/*": ["./*"]}}})",
                          "apps/web", "apps/web/tsconfig.json");
  ASSERT_TRUE(p.ok());
  EXPECT_THAT(p->map("~/lib/x"), ElementsAre("apps/web/src/lib/x"));
}

TEST(TsPaths, CommentsAndTrailingCommas) {
  std::string text =
      "{\n // line\n \"compilerOptions\": { /* block, with \"quotes\" */\n"
      "  \"paths\": {\"x\": [\"a/b\",],},\n },\n}\n";
  auto p = TsPaths::parse(text, "", "tsconfig.json");
  ASSERT_TRUE(p.ok()) << p.error().str();
  EXPECT_THAT(p->map("x"), ElementsAre("a/b"));
  // Comment markers inside strings are data.
  EXPECT_EQ(strip_jsonc(R"({"u": "http://x/*y*/"})"), R"({"u": "http://x/*y*/"})");
}

TEST(TsPaths, MalformedIsAnErrorWithTheFile) {
  auto p = TsPaths::parse("{ nope", "", "tsconfig.base.json");
  ASSERT_FALSE(p.ok());
  EXPECT_EQ(p.error().loc.file, "tsconfig.base.json");
}

TEST(TsPaths, MergeReplacesSamePattern) {
  auto base =
      TsPaths::parse(R"({"compilerOptions": {"paths": {"x": ["old"], "y": ["y"]}}})", "", "a");
  auto over = TsPaths::parse(R"({"compilerOptions": {"paths": {"x": ["new"]}}})", "", "b");
  ASSERT_TRUE(base.ok() && over.ok());
  base->merge(*over);
  EXPECT_THAT(base->map("x"), ElementsAre("new"));
  EXPECT_THAT(base->map("y"), ElementsAre("y"));
}

}  // namespace
}  // namespace strata
