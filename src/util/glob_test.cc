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

namespace strata {
namespace {

// `{a,b}` groups used to be expanded into every combination before
// matching: twenty groups made 2^20 patterns (a second and a half each
// match; forty would never end). Counted in matcher steps, not
// time, so the bound holds on any machine: a pattern is matched in work
// polynomial in its length and the path's.
TEST(Glob, BraceGroupsMatchWithoutExpandingEveryCombination) {
  std::string pattern, hit, miss;
  for (int i = 0; i < 10; ++i) {
    pattern += "{a,b}{c,d}";
    hit += (i % 2 ? "bd" : "ac");
  }
  miss = hit + "x";
  GlobMatch yes = glob_match_counted(pattern, hit);
  GlobMatch no = glob_match_counted(pattern, miss);
  EXPECT_TRUE(yes.hit);
  EXPECT_FALSE(no.hit);
  size_t bound = 20 * (pattern.size() + 1) * (miss.size() + 1);
  EXPECT_LT(yes.steps, bound);
  EXPECT_LT(no.steps, bound);
}

TEST(Glob, BracesMatchInPlaceAsTheirExpansionsDo) {
  // Each pattern is checked against its expansion, alternative by
  // alternative, on paths that exercise nesting, empty alternatives, stars
  // and globstars inside and after a group.
  const std::vector<std::string> patterns = {"x{a,b{1,2}}y",
                                             "f{,.min}.js",
                                             "{a,b}{c,d}",
                                             "src/**/*.{ts,tsx}",
                                             "{apps,libs}/**/{*.py,BUILD}",
                                             "{a*,*b}c",
                                             "{,a/}**/z",
                                             "{a,{b,{c,d}}}",
                                             "a{b",
                                             "{}x",
                                             "{a}",
                                             "*{x,y}*"};
  const std::vector<std::string> paths = {
      "xay", "xb1y",     "xb3y",        "f.js",       "f.min.js",    "f..js",      "ac",     "bd",
      "ab",  "src/a.ts", "src/x/y.tsx", "src/x/y.js", "apps/q/m.py", "libs/BUILD", "apps/x", "aac",
      "abc", "c",        "z",           "a/z",        "q/a/z",       "b",          "d",      "e",
      "a{b", "x",        "{}x",         "a",          "{a}",         "qxq",        "y",      "q/x"};
  for (const auto& p : patterns) {
    for (const auto& s : paths) {
      bool expanded = false;
      for (const auto& alt : expand_braces(p)) expanded = expanded || glob_match(alt, s);
      EXPECT_EQ(glob_match(p, s), expanded) << p << " on " << s;
    }
  }
}

TEST(Glob, ABraceInsideAClassIsACharacter) {
  EXPECT_TRUE(glob_match("[{]a", "{a"));
  EXPECT_FALSE(glob_match("[{]a", "a"));
  EXPECT_TRUE(glob_match("[{]{a,b}", "{b"));   // the group after the class still counts
  EXPECT_TRUE(glob_match("{[},]x,y}", ",x"));  // so does one holding a class
}

TEST(Glob, ExpansionPastItsLimitLeavesThePatternWhole) {
  EXPECT_EQ(expand_braces("{a,b}{c,d}", 4).size(), 4u);
  EXPECT_EQ(expand_braces("{a,b}{c,d}", 3), std::vector<std::string>{"{a,b}{c,d}"});
}

}  // namespace
}  // namespace strata
