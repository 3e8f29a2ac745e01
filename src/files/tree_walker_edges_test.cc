// The walk's edge cases: links, special files, unreadable and huge
// directories, and how the ignore sources (overrides, nested .gitignore
// files, the fallback) combine.

#include <fcntl.h>
#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <filesystem>

#include "files/test_tree.h"
#include "files/tree_walker.h"

namespace strata {

using ::testing::ElementsAre;
using testutil::TestTree;

namespace {

std::vector<std::string> walk(const TestTree& t, const IgnoreList& overrides = {},
                              const IgnoreList& fallback = {}, size_t threads = 1) {
  int fd = ::open(t.root().c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  EXPECT_GE(fd, 0);
  auto files = walk_tree(fd, overrides, fallback, threads);
  ::close(fd);
  return files;
}

}  // namespace

TEST(TreeWalkerEdges, FileLinksAreListedDirectoryAndDanglingLinksAreNot) {
  TestTree t;
  TestTree outside;
  outside.write("secret.txt", "x");
  outside.write("dir/inner.txt", "x");
  t.write("real.txt", "x");
  t.write("sub/a.txt", "x");
  std::filesystem::create_symlink("real.txt", t.path("link-to-file"));
  std::filesystem::create_symlink(outside.path("secret.txt"), t.path("link-outside"));
  std::filesystem::create_directory_symlink("sub", t.path("link-to-dir"));
  std::filesystem::create_directory_symlink(outside.path("dir"), t.path("link-outside-dir"));
  std::filesystem::create_symlink("missing.txt", t.path("dangling"));
  EXPECT_THAT(walk(t), ElementsAre("link-outside", "link-to-file", "real.txt", "sub/a.txt"));
}

TEST(TreeWalkerEdges, FifosAreNotListed) {
  TestTree t;
  t.write("a.txt", "");
  ASSERT_EQ(::mkfifo(t.path("pipe").c_str(), 0600), 0);
  EXPECT_THAT(walk(t), ElementsAre("a.txt"));
}

// The walk's file list, joined by newlines, as seen by an unprivileged
// user: root reads every directory, so as root the walk runs in a child
// that gave up its privileges first.
std::string walk_unprivileged(const TestTree& t) {
  if (::geteuid() != 0) {
    std::string joined;
    for (const auto& f : walk(t)) joined += f + "\n";
    return joined;
  }
  int fds[2];
  if (::pipe(fds) != 0) return "pipe failed";
  pid_t pid = ::fork();
  if (pid == 0) {
    ::close(fds[0]);
    if (::setgid(65534) != 0 || ::setuid(65534) != 0) ::_exit(2);
    int fd = ::open(t.root().c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (fd < 0) ::_exit(3);
    std::string joined;
    for (const auto& f : walk_tree(fd, {}, {}, 1)) joined += f + "\n";
    ssize_t n = ::write(fds[1], joined.data(), joined.size());
    ::_exit(n == static_cast<ssize_t>(joined.size()) ? 0 : 4);
  }
  ::close(fds[1]);
  std::string out;
  char buf[4096];
  for (ssize_t n; (n = ::read(fds[0], buf, sizeof buf)) > 0;)
    out.append(buf, static_cast<size_t>(n));
  ::close(fds[0]);
  int status = 0;
  ::waitpid(pid, &status, 0);
  if (WIFEXITED(status) && WEXITSTATUS(status) == 3) return "no access";  // TMPDIR is private
  if (!WIFEXITED(status) || WEXITSTATUS(status) != 0) return "child failed";
  return out;
}

TEST(TreeWalkerEdges, UnreadableDirectoryIsSkipped) {
  TestTree t;
  t.write("open/a.txt", "");
  t.write("closed/b.txt", "");
  ::chmod(t.root().c_str(), 0755);  // mkdtemp's 0700 would hide everything from another user
  ::chmod(t.path("open").c_str(), 0755);
  ::chmod(t.path("closed").c_str(), 0);
  std::string files = walk_unprivileged(t);
  ::chmod(t.path("closed").c_str(), 0755);  // so the tree can be removed
  if (files == "no access") GTEST_SKIP() << "the temporary directory is closed to other users";
  EXPECT_EQ(files, "open/a.txt\n");
}

TEST(TreeWalkerEdges, OutputIsByteWiseSortedAcrossDirectoryBoundaries) {
  TestTree t;
  // '-' < '/' < '0' < '_': a directory sorts as "name/".
  for (const char* f : {"a_b.ts", "a0.ts", "a/x.ts", "a-b.ts", "a/b/c.ts", "A.ts"}) t.write(f, "");
  EXPECT_THAT(walk(t), ElementsAre("A.ts", "a-b.ts", "a/b/c.ts", "a/x.ts", "a0.ts", "a_b.ts"));
}

TEST(TreeWalkerEdges, HugeDirectoryIsListedWhole) {
  TestTree t;
  // Far more entries than one 32 KiB getdents64 buffer holds.
  const int n = 4000;
  for (int i = 0; i < n; ++i)
    t.write("big/file-with-a-long-name-" + std::to_string(i) + ".txt", "");
  t.write("big/.gitignore", "*7.txt\n");
  for (size_t threads : {1, 4}) {
    auto files = walk(t, {}, {}, threads);
    EXPECT_EQ(files.size(), 1 + n - n / 10) << threads;  // .gitignore plus all but *7
    EXPECT_TRUE(std::is_sorted(files.begin(), files.end()));
    EXPECT_THAT(files, ::testing::Contains("big/file-with-a-long-name-3999.txt"));
    EXPECT_THAT(files, ::testing::Not(::testing::Contains("big/file-with-a-long-name-17.txt")));
  }
}

TEST(TreeWalkerEdges, NestedGitignoreReincludesWhatAParentIgnored) {
  TestTree t;
  t.write(".gitignore", "*.gen.ts\n");
  t.write("lib/.gitignore", "!keep.gen.ts\n");
  t.write("lib/keep.gen.ts", "");
  t.write("lib/drop.gen.ts", "");
  t.write("keep.gen.ts", "");  // the re-include applies only below lib/
  EXPECT_THAT(walk(t), ElementsAre(".gitignore", "lib/.gitignore", "lib/keep.gen.ts"));
}

TEST(TreeWalkerEdges, NegationCannotReachIntoAnIgnoredDirectory) {
  TestTree t;
  t.write(".gitignore", "out/\n!out/keep.txt\n");
  t.write("out/keep.txt", "");
  t.write("out/.gitignore", "!keep.txt\n");
  t.write("kept.txt", "");
  EXPECT_THAT(walk(t), ElementsAre(".gitignore", "kept.txt"));
}

TEST(TreeWalkerEdges, AGitignoreThatIgnoresItselfStillApplies) {
  TestTree t;
  t.write("pkg/.gitignore", ".gitignore\n*.log\n");
  t.write("pkg/a.log", "");
  t.write("pkg/a.ts", "");
  EXPECT_THAT(walk(t), ElementsAre("pkg/a.ts"));
}

TEST(TreeWalkerEdges, DirectoryOnlyRuleLeavesAFileOfThatName) {
  TestTree t;
  t.write(".gitignore", "build/\n");
  t.write("a/build", "a file");
  t.write("b/build/out.js", "");
  EXPECT_THAT(walk(t), ElementsAre(".gitignore", "a/build"));
}

TEST(TreeWalkerEdges, OverridesComeFirstAndTheFallbackLast) {
  TestTree t;
  t.write(".gitignore", "*.log\n!keep.txt\n");
  t.write("a.log", "");
  t.write("keep.txt", "");
  t.write("other.txt", "");
  t.write("x.md", "");
  IgnoreList overrides("!a.log\nx.md\n", "");
  IgnoreList fallback("*.txt\n*.log\n", "");
  // a.log: the override re-includes it over .gitignore; x.md: the override
  // drops it; keep.txt: .gitignore's verdict hides the fallback's;
  // other.txt: only the fallback matches.
  EXPECT_THAT(walk(t, overrides, fallback), ElementsAre(".gitignore", "a.log", "keep.txt"));
}

TEST(TreeWalkerEdges, StatsComeBackParallelToTheFiles) {
  TestTree t;
  t.write("one", "1");
  t.write("d/three", "333");
  t.write("d/e/two", "22");
  std::filesystem::create_symlink("d/three", t.path("link"));  // stat'ed through the link
  int fd = ::open(t.root().c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  ASSERT_GE(fd, 0);
  std::vector<FileStat> stats;
  auto files = walk_tree_with_stats(fd, {}, {}, stats, 2);
  ::close(fd);
  ASSERT_THAT(files, ElementsAre("d/e/two", "d/three", "link", "one"));
  ASSERT_EQ(stats.size(), files.size());
  EXPECT_EQ(stats[0].size, 2u);
  EXPECT_EQ(stats[1].size, 3u);
  EXPECT_EQ(stats[2], stats[1]);
  EXPECT_EQ(stats[3].size, 1u);
}

TEST(TreeWalkerEdges, EmptyAndOnlySkippedTreesListNothing) {
  TestTree t;
  EXPECT_TRUE(walk(t).empty());
  t.write(".git/HEAD", "");
  t.write("node_modules/x/index.js", "");
  t.write("deep/node_modules/y.js", "");
  t.write(".strata/cache/z", "");
  EXPECT_TRUE(walk(t).empty());
}

TEST(ReadFileAt, ReadsRelativeToTheDirectoryAndIsEmptyWhenAbsent) {
  TestTree t;
  t.write("sub/f.txt", std::string(40000, 'x'));  // beyond one read
  int fd = ::open(t.path("sub").c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  ASSERT_GE(fd, 0);
  EXPECT_EQ(read_file_at(fd, "f.txt").size(), 40000u);
  EXPECT_EQ(read_file_at(fd, "missing"), "");
  ::close(fd);
}

}  // namespace strata
