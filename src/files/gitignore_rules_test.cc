// Further gitignore rules checked against what `git check-ignore` answers
// for the same pattern and path: negated and named character classes,
// hidden files, `**` alone and at either end, `?` never crossing '/', and
// rules whose effect on a deeper path comes from ignoring its directory
// (which the walk applies by never entering it).

#include <fcntl.h>
#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <unistd.h>

#include "files/gitignore.h"
#include "files/test_tree.h"
#include "files/tree_walker.h"

namespace strata {
namespace {

using ::testing::ElementsAre;

IgnoreMatch verdict(const char* rules, std::string_view path, bool is_dir = false) {
  return IgnoreList(rules, "").match(path, is_dir);
}
bool ignored(const char* rules, std::string_view path, bool is_dir = false) {
  return verdict(rules, path, is_dir) == IgnoreMatch::k_ignored;
}

TEST(GitignoreRules, CharacterClassesNegatedRangedAndNamed) {
  EXPECT_FALSE(ignored("[!a]bc\n", "abc"));
  EXPECT_TRUE(ignored("[!a]bc\n", "xbc"));
  EXPECT_TRUE(ignored("[^a]bc\n", "xbc"));
  EXPECT_TRUE(ignored("[a-c]x\n", "bx"));
  EXPECT_FALSE(ignored("[a-c]x\n", "dx"));
  EXPECT_TRUE(ignored("[[:digit:]]x\n", "5x"));
  EXPECT_FALSE(ignored("[[:digit:]]x\n", "ax"));
  EXPECT_FALSE(ignored("a[/]b\n", "a/b"));  // a class never matches '/'
}

TEST(GitignoreRules, StarsAndQuestionMarks) {
  EXPECT_TRUE(ignored("*\n", ".hidden"));  // no special case for dot files
  EXPECT_TRUE(ignored("**\n", "a/b/c"));
  EXPECT_TRUE(ignored("**/foo/bar\n", "x/y/foo/bar"));
  EXPECT_TRUE(ignored("**/foo/bar\n", "foo/bar"));
  EXPECT_FALSE(ignored("a/**\n", "a", true));  // what is inside, not a itself
  EXPECT_TRUE(ignored("a/**\n", "a/x", true));
  EXPECT_FALSE(ignored("a?c\n", "a/c"));
  EXPECT_TRUE(ignored("a?c\n", "abc"));
  EXPECT_TRUE(ignored("\\*\n", "*"));
  EXPECT_FALSE(ignored("\\*\n", "x"));
}

TEST(GitignoreRules, APatternWithASlashIsAnchoredEvenWithoutALeadingOne) {
  EXPECT_TRUE(ignored("a/b\n", "a/b"));
  EXPECT_FALSE(ignored("a/b\n", "x/a/b"));
  EXPECT_FALSE(ignored("abc/\n", "abc"));  // a file
  EXPECT_TRUE(ignored("abc/\n", "abc", true));
}

TEST(GitignoreRules, ANegatedDirectoryOnlyRuleReincludesTheDirectory) {
  EXPECT_EQ(verdict("out*\n!out-keep/\n", "out-keep", true), IgnoreMatch::k_included);
  EXPECT_EQ(verdict("out*\n!out-keep/\n", "out-keep", false), IgnoreMatch::k_ignored);
  EXPECT_EQ(verdict("out*\n!out-keep/\n", "out-x", true), IgnoreMatch::k_ignored);
}

TEST(GitignoreRules, ADeeperPathIsLeftOutBecauseItsDirectoryIs) {
  testutil::TestTree t;
  t.write(".gitignore", "foo/*\n*.txt\n");
  t.write("foo/bar/baz", "");  // foo/bar matches foo/*, so nothing below it is listed
  t.write("dir.txt/x", "");    // the directory dir.txt matches *.txt
  t.write("keep/a.md", "");
  int fd = ::open(t.root().c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  ASSERT_GE(fd, 0);
  auto files = walk_tree(fd, IgnoreList(), IgnoreList(), 1);
  ::close(fd);
  EXPECT_THAT(files, ElementsAre(".gitignore", "keep/a.md"));
  // The rule alone does not match the deeper path: only the walk's pruning does.
  EXPECT_FALSE(ignored("foo/*\n", "foo/bar/baz"));
}

TEST(GitignoreRules, RulesOfANestedListOnlyApplyBelowItsBase) {
  IgnoreList nested("*.log\n!keep.log\n", "pkg/");
  EXPECT_EQ(nested.base(), "pkg/");
  EXPECT_EQ(nested.match("pkg/a.log", false), IgnoreMatch::k_ignored);
  EXPECT_EQ(nested.match("pkg/sub/keep.log", false), IgnoreMatch::k_included);
  EXPECT_EQ(nested.match("pkg/a.txt", false), IgnoreMatch::k_none);
}

}  // namespace
}  // namespace strata
