#include "files/gitignore.h"

#include <gtest/gtest.h>

namespace strata {

namespace {

// Verdict of a root-level .gitignore made of `text` for one path.
IgnoreMatch verdict(std::string_view text, std::string_view path, bool is_dir = false) {
  return IgnoreList(text, "").match(path, is_dir);
}

bool ignored(std::string_view text, std::string_view path, bool is_dir = false) {
  return verdict(text, path, is_dir) == IgnoreMatch::k_ignored;
}

}  // namespace

TEST(Wildmatch, StarStaysInSegment) {
  EXPECT_TRUE(wildmatch("*.o", "a.o"));
  EXPECT_FALSE(wildmatch("*.o", "dir/a.o"));
  EXPECT_TRUE(wildmatch("src/*.c", "src/a.c"));
  EXPECT_FALSE(wildmatch("src/*.c", "src/x/a.c"));
  EXPECT_TRUE(wildmatch("a*/b", "abc/b"));
  EXPECT_FALSE(wildmatch("a*/b", "abc/x/b"));
}

TEST(Wildmatch, DoubleStar) {
  EXPECT_TRUE(wildmatch("**/foo", "foo"));
  EXPECT_TRUE(wildmatch("**/foo", "a/b/foo"));
  EXPECT_FALSE(wildmatch("**/foo", "a/xfoo"));
  EXPECT_TRUE(wildmatch("abc/**", "abc/x"));
  EXPECT_TRUE(wildmatch("abc/**", "abc/x/y"));
  EXPECT_FALSE(wildmatch("abc/**", "abc"));
  EXPECT_TRUE(wildmatch("a/**/b", "a/b"));
  EXPECT_TRUE(wildmatch("a/**/b", "a/x/y/b"));
  EXPECT_FALSE(wildmatch("a/**/b", "a/x/y/c"));
  // "**" that is not a whole segment is an ordinary star.
  EXPECT_TRUE(wildmatch("a**b", "axxb"));
  EXPECT_FALSE(wildmatch("a**b", "a/b"));
}

TEST(Wildmatch, QuestionMarkAndClasses) {
  EXPECT_TRUE(wildmatch("file?.c", "file1.c"));
  EXPECT_FALSE(wildmatch("file?.c", "file/.c"));
  EXPECT_TRUE(wildmatch("[a-c]x", "bx"));
  EXPECT_FALSE(wildmatch("[a-c]x", "dx"));
  EXPECT_TRUE(wildmatch("[!a-c]x", "dx"));
  EXPECT_TRUE(wildmatch("[^a-c]x", "dx"));
  EXPECT_FALSE(wildmatch("[!a-c]x", "ax"));
  EXPECT_TRUE(wildmatch("[]]", "]"));
  EXPECT_TRUE(wildmatch("[[:digit:]]*", "7up"));
  EXPECT_FALSE(wildmatch("[[:digit:]]*", "up"));
  EXPECT_FALSE(wildmatch("a[/]b", "a/b"));
}

TEST(Wildmatch, EscapesAreLiteral) {
  EXPECT_TRUE(wildmatch("\\*", "*"));
  EXPECT_FALSE(wildmatch("\\*", "x"));
  EXPECT_TRUE(wildmatch("a\\?", "a?"));
  EXPECT_FALSE(wildmatch("a\\?", "ab"));
  EXPECT_TRUE(wildmatch("\\[x]", "[x]"));
}

TEST(Gitignore, CommentsAndBlankLinesAreSkipped) {
  IgnoreList list("# a comment\n\n   \nbuild\n", "");
  ASSERT_EQ(list.rules().size(), 1u);
  EXPECT_EQ(list.rules()[0].pattern, "build");
  EXPECT_FALSE(ignored("#build\n", "#build"));
  EXPECT_TRUE(ignored("\\#build\n", "#build"));
}

TEST(Gitignore, TrailingSpacesTrimmedUnlessEscaped) {
  EXPECT_TRUE(ignored("foo   \n", "foo"));
  EXPECT_TRUE(ignored("foo\\ \n", "foo "));
  EXPECT_FALSE(ignored("foo\\ \n", "foo"));
  EXPECT_TRUE(ignored("foo\r\n", "foo"));  // CRLF files
}

TEST(Gitignore, NameWithoutSlashMatchesAtAnyDepth) {
  EXPECT_TRUE(ignored("*.log\n", "debug.log"));
  EXPECT_TRUE(ignored("*.log\n", "a/b/debug.log"));
  EXPECT_TRUE(ignored("dist\n", "apps/web/dist", true));
  EXPECT_TRUE(ignored("dist\n", "apps/web/dist"));
  EXPECT_FALSE(ignored("dist\n", "apps/web/dists"));
}

TEST(Gitignore, NegationReincludesAndLastRuleWins) {
  EXPECT_EQ(verdict("*.log\n!keep.log\n", "keep.log"), IgnoreMatch::k_included);
  EXPECT_TRUE(ignored("*.log\n!keep.log\n", "other.log"));
  EXPECT_TRUE(ignored("!keep.log\n*.log\n", "keep.log"));
  EXPECT_EQ(verdict("\\!important\n", "!important"), IgnoreMatch::k_ignored);
  EXPECT_EQ(verdict("src\n", "lib"), IgnoreMatch::k_none);
}

TEST(Gitignore, TrailingSlashMatchesDirectoriesOnly) {
  EXPECT_TRUE(ignored("out/\n", "out", true));
  EXPECT_FALSE(ignored("out/\n", "out", false));
  EXPECT_TRUE(ignored("out/\n", "a/out", true));
  EXPECT_TRUE(ignored("a/out/\n", "a/out", true));
  EXPECT_FALSE(ignored("a/out/\n", "a/out", false));
}

TEST(Gitignore, SlashAnchorsToTheIgnoreFilesDirectory) {
  EXPECT_TRUE(ignored("/build\n", "build", true));
  EXPECT_FALSE(ignored("/build\n", "sub/build", true));
  EXPECT_TRUE(ignored("doc/*.txt\n", "doc/a.txt"));
  EXPECT_FALSE(ignored("doc/*.txt\n", "x/doc/a.txt"));
  EXPECT_FALSE(ignored("doc/*.txt\n", "doc/x/a.txt"));
  EXPECT_TRUE(ignored("/*.c\n", "a.c"));
  EXPECT_FALSE(ignored("/*.c\n", "sub/a.c"));
}

TEST(Gitignore, DoubleStarRules) {
  EXPECT_TRUE(ignored("**/tmp\n", "tmp", true));
  EXPECT_TRUE(ignored("**/tmp\n", "a/b/tmp", true));
  EXPECT_TRUE(ignored("logs/**\n", "logs/a/b.txt"));
  EXPECT_FALSE(ignored("logs/**\n", "logs", true));
  EXPECT_TRUE(ignored("a/**/z.txt\n", "a/z.txt"));
  EXPECT_TRUE(ignored("a/**/z.txt\n", "a/b/c/z.txt"));
}

TEST(Gitignore, NestedListMatchesRelativeToItsBase) {
  IgnoreList nested("/gen\n*.tmp\n", "libs/a/");
  EXPECT_EQ(nested.match("libs/a/gen", true), IgnoreMatch::k_ignored);
  EXPECT_EQ(nested.match("libs/a/src/gen", true), IgnoreMatch::k_none);
  EXPECT_EQ(nested.match("libs/a/src/x.tmp", false), IgnoreMatch::k_ignored);
}

TEST(Gitignore, ByteOrderMarkIsSkipped) {
  EXPECT_TRUE(
      ignored("\xEF\xBB\xBF"
              "build\n",
              "build"));
}

}  // namespace strata
