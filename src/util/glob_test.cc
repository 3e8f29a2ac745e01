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

namespace strata {
namespace {

// Patterns of many stars used to backtrack exponentially (ten stars against
// forty characters took a minute, sixteen would take days); with the memo
// these answer at once, and correctly.
TEST(Glob, ManyStarsDoNotBacktrackExponentially) {
  std::string stars;
  for (int i = 0; i < 16; ++i) stars += "*a";
  std::string as(64, 'a');
  EXPECT_FALSE(glob_match(stars + "*b", as));
  EXPECT_TRUE(glob_match(stars + "*b", as + "b"));
  EXPECT_TRUE(glob_match(stars, as));
  EXPECT_FALSE(glob_match(stars, std::string(15, 'a')));
}

TEST(Glob, ManyGlobstarsDoNotBacktrackExponentially) {
  std::string pattern;
  for (int i = 0; i < 12; ++i) pattern += "**/";
  std::string deep;
  for (int i = 0; i < 60; ++i) deep += "d/";
  EXPECT_FALSE(glob_match(pattern + "x", deep + "y"));
  EXPECT_TRUE(glob_match(pattern + "x", deep + "x"));
  EXPECT_TRUE(glob_match(pattern + "x", "x"));
}

TEST(Glob, TheMemoAgreesWithPlainMatchingOnHardCases) {
  // Past the step budget the answer comes from the memoised matcher; both
  // must agree with what the pattern means.
  std::string mid;
  for (int i = 0; i < 12; ++i) mid += "*ab";
  std::string text;
  for (int i = 0; i < 12; ++i) text += "xxab";
  EXPECT_TRUE(glob_match(mid, text));
  EXPECT_TRUE(glob_match(mid + "*", text + "zz"));
  EXPECT_FALSE(glob_match(mid + "c", text));
  EXPECT_FALSE(glob_match(mid, text + "/x"));  // a star never crosses '/'
}

TEST(Glob, QuestionMarkAndStarNeverMatchASlash) {
  EXPECT_FALSE(glob_match("a?b", "a/b"));
  EXPECT_FALSE(glob_match("a*b", "a/b"));
}

TEST(Glob, GlobstarMatchesZeroOrMoreWholeSegments) {
  EXPECT_TRUE(glob_match("a/**/b", "a/b"));
  EXPECT_TRUE(glob_match("a/**/b", "a/x/y/b"));
  EXPECT_FALSE(glob_match("a/**/b", "a/xb"));
  EXPECT_TRUE(glob_match("a/**", "a/"));
  EXPECT_TRUE(glob_match("**", ""));
}

TEST(Glob, ClassRangesNegationAndLiteralBrackets) {
  EXPECT_TRUE(glob_match("v[0-9].txt", "v7.txt"));
  EXPECT_FALSE(glob_match("v[0-9].txt", "vx.txt"));
  EXPECT_TRUE(glob_match("[^0-9]x", "ax"));
  EXPECT_FALSE(glob_match("[^0-9]x", "5x"));
  EXPECT_TRUE(glob_match("[]]", "]"));   // a ']' first in a class is a member
  EXPECT_TRUE(glob_match("[a-]", "-"));  // a '-' last is literal
  EXPECT_FALSE(glob_match("[abc]", "/"));
}

TEST(Glob, AnUnclosedBraceIsLiteral) {
  EXPECT_EQ(expand_braces("a{b,c"), std::vector<std::string>{"a{b,c"});
  EXPECT_TRUE(glob_match("a{b", "a{b"));
}

TEST(Glob, BracesNestAndMayBeEmpty) {
  EXPECT_EQ(expand_braces("x{a,b{1,2}}y"), (std::vector<std::string>{"xay", "xb1y", "xb2y"}));
  EXPECT_EQ(expand_braces("f{,.min}.js"), (std::vector<std::string>{"f.js", "f.min.js"}));
  EXPECT_EQ(expand_braces("{a,b}{c,d}"), (std::vector<std::string>{"ac", "ad", "bc", "bd"}));
}

TEST(Glob, IsGlobSeesEverySpecialCharacter) {
  for (const char* p : {"a*", "a?", "[ab]", "{a,b}"}) EXPECT_TRUE(is_glob(p)) << p;
  for (const char* p : {"", "libs/a", "a.b-c_d"}) EXPECT_FALSE(is_glob(p)) << p;
}

}  // namespace
}  // namespace strata
