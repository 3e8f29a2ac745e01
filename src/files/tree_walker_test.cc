#include "files/tree_walker.h"

#include <fcntl.h>
#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <unistd.h>

#include <algorithm>

#include "files/test_tree.h"

namespace strata {

using testutil::TestTree;

namespace {

std::vector<std::string> walk(const TestTree& t, size_t threads, const IgnoreList& overrides = {}) {
  int fd = ::open(t.root().c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  EXPECT_GE(fd, 0);
  auto files = walk_tree(fd, overrides, IgnoreList(), threads);
  ::close(fd);
  return files;
}

// A tree wide and deep enough that the walk is shared out among threads,
// with ignore files at several levels above the shared-out directories.
void make_wide_tree(const TestTree& t) {
  t.write(".gitignore", "*.tmp\n");
  t.write("packages/.gitignore", "generated/\n");
  for (int p = 0; p < 60; ++p) {
    std::string dir = "packages/p" + std::to_string(p) + "/";
    t.write(dir + "index.ts", "");
    t.write(dir + "scratch.tmp", "");
    t.write(dir + "generated/out.js", "");
    t.write(dir + "src/a.ts", "");
    t.write(dir + "src/b/c.ts", "");
    t.write(dir + "src-extra.ts", "");
    if (p % 5 == 0) t.write(dir + ".gitignore", "/src/b\n");
  }
  t.write("top.ts", "");
}

}  // namespace

TEST(TreeWalker, ParallelWalkMatchesSequentialWalk) {
  TestTree t;
  make_wide_tree(t);
  std::vector<std::string> one = walk(t, 1);
  EXPECT_TRUE(std::is_sorted(one.begin(), one.end()));
  // Per package: index.ts, src-extra.ts, src/a.ts, and src/b/c.ts unless
  // the package's own .gitignore drops src/b; plus the three ignore files
  // at the top and the package-level ones.
  size_t with_gitignore = 12;
  EXPECT_EQ(one.size(), 2 + 60 * 3 + (60 - with_gitignore) + with_gitignore + 1);
  EXPECT_EQ(
      std::count_if(one.begin(), one.end(),
                    [](const std::string& f) { return f.find("generated") != std::string::npos; }),
      0);
  for (size_t threads : {2, 3, 8}) EXPECT_EQ(walk(t, threads), one) << threads << " threads";
}

TEST(TreeWalker, OverridesApplyInsideSharedOutDirectories) {
  TestTree t;
  make_wide_tree(t);
  IgnoreList overrides("src/\n", "");
  for (size_t threads : {1, 4}) {
    auto files = walk(t, threads, overrides);
    EXPECT_EQ(
        std::count_if(files.begin(), files.end(),
                      [](const std::string& f) { return f.find("/src/") != std::string::npos; }),
        0);
    EXPECT_THAT(files, ::testing::Contains("packages/p7/src-extra.ts"));
  }
}

TEST(TreeWalker, ReportsEveryListedDirectoryAndNoIgnoredOne) {
  TestTree t;
  make_wide_tree(t);
  int fd = ::open(t.root().c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  ASSERT_GE(fd, 0);
  std::vector<std::string> one, several;
  for (auto [threads, dirs] :
       {std::pair<size_t, std::vector<std::string>*>{1, &one}, {4, &several}}) {
    std::vector<FileStat> stats;
    walk_tree_with_stats(fd, IgnoreList(), IgnoreList(), stats, threads, dirs);
  }
  ::close(fd);
  EXPECT_EQ(several, one);
  EXPECT_TRUE(std::is_sorted(one.begin(), one.end()));
  EXPECT_THAT(one, ::testing::Contains("."));
  EXPECT_THAT(one, ::testing::Contains("packages"));
  EXPECT_THAT(one, ::testing::Contains("packages/p1/src/b"));
  EXPECT_THAT(one, ::testing::Not(::testing::Contains("packages/p0/src/b")));  // its .gitignore
  EXPECT_THAT(one, ::testing::Not(::testing::Contains("packages/p1/generated")));
  // The root, packages, and per package: itself, src, and src/b where kept.
  EXPECT_EQ(one.size(), 2 + 60 * 2 + (60 - 12));
}

TEST(TreeWalker, AlwaysSkippedNames) {
  EXPECT_TRUE(always_skipped_name(".git"));
  EXPECT_TRUE(always_skipped_name("node_modules"));
  EXPECT_TRUE(always_skipped_name(".strata"));
  EXPECT_FALSE(always_skipped_name(".github"));
}

}  // namespace strata
