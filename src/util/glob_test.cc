#include "util/glob.h"

#include <gtest/gtest.h>

namespace strata {

TEST(Glob, StarStaysInSegment) {
  EXPECT_TRUE(glob_match("src/*.ts", "src/a.ts"));
  EXPECT_FALSE(glob_match("src/*.ts", "src/x/a.ts"));
  EXPECT_TRUE(glob_match("*", "build"));
  EXPECT_FALSE(glob_match("*", "a/b"));
}

TEST(Glob, DoubleStarSpansSegments) {
  EXPECT_TRUE(glob_match("libs/**/*.ts", "libs/a.ts"));
  EXPECT_TRUE(glob_match("libs/**/*.ts", "libs/x/y/a.ts"));
  EXPECT_FALSE(glob_match("libs/**/*.ts", "apps/a.ts"));
  EXPECT_TRUE(glob_match("libs/**", "libs/x/y"));
  EXPECT_TRUE(glob_match("**/*.spec.ts", "a/b/c.spec.ts"));
  EXPECT_TRUE(glob_match("**/*.spec.ts", "c.spec.ts"));
}

TEST(Glob, ClassesAndQuestionMarks) {
  EXPECT_TRUE(glob_match("file?.[ch]", "file1.c"));
  EXPECT_FALSE(glob_match("file?.[ch]", "file1.o"));
  EXPECT_TRUE(glob_match("[!a]x", "bx"));
  EXPECT_FALSE(glob_match("[!a]x", "ax"));
}

TEST(Glob, BracesExpand) {
  EXPECT_TRUE(glob_match("src/**/*.{ts,tsx}", "src/a/b.tsx"));
  EXPECT_FALSE(glob_match("src/**/*.{ts,tsx}", "src/a/b.js"));
  EXPECT_EQ(expand_braces("a{b,c}d").size(), 2u);
}

TEST(Glob, IsGlob) {
  EXPECT_TRUE(is_glob("build-*"));
  EXPECT_FALSE(is_glob("build"));
}

}  // namespace strata
