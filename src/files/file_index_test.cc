#include "files/file_index.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <unistd.h>

#include <algorithm>

#include "files/test_tree.h"

namespace strata {

using ::testing::ElementsAre;
using testutil::TestTree;

namespace {

std::vector<std::string> scan(const TestTree& t, const std::vector<std::string>& extra = {}) {
  auto r = FileIndex::scan(t.root(), extra);
  EXPECT_TRUE(r.ok()) << (r.ok() ? "" : r.error().str());
  return r.ok() ? r->files() : std::vector<std::string>{};
}

Project project(std::string name, std::string root) {
  Project p;
  p.name = std::move(name);
  p.root = std::move(root);
  return p;
}

}  // namespace

TEST(FileIndex, ListsFilesSortedWithSlashes) {
  TestTree t;
  t.write("b.txt", "");
  t.write("a/z.txt", "");
  t.write("a.txt", "");
  t.write("a/b/c.txt", "");
  t.write("a-b/x", "");
  EXPECT_THAT(scan(t), ElementsAre("a-b/x", "a.txt", "a/b/c.txt", "a/z.txt", "b.txt"));
  auto files = scan(t);
  EXPECT_TRUE(std::is_sorted(files.begin(), files.end()));
}

TEST(FileIndex, AlwaysSkipsGitNodeModulesAndStrata) {
  TestTree t;
  t.write(".git/HEAD", "");
  t.write("node_modules/x/index.js", "");
  t.write("apps/web/node_modules/y.js", "");
  t.write(".strata/cache/z", "");
  t.write("src/main.ts", "");
  EXPECT_THAT(scan(t), ElementsAre("src/main.ts"));
}

TEST(FileIndex, HonoursRootGitignore) {
  TestTree t;
  t.write(".gitignore", "dist/\n*.log\n!keep.log\n/top.txt\n");
  t.write("dist/bundle.js", "");
  t.write("apps/web/dist/bundle.js", "");
  t.write("a.log", "");
  t.write("keep.log", "");
  t.write("top.txt", "");
  t.write("sub/top.txt", "");
  EXPECT_THAT(scan(t), ElementsAre(".gitignore", "keep.log", "sub/top.txt"));
}

// The workspace root is found by these files on disk, as Nx finds it, so
// they are the configuration even where git ignores them.
TEST(FileIndex, KeepsIgnoredRootConfigurationFiles) {
  TestTree t;
  t.write(".gitignore", "nx.json\n*.json\n");
  t.write(".git/info/exclude", "/strata.json\n");
  t.write("nx.json", "{}");
  t.write("strata.json", "{}");
  t.write("other.json", "{}");
  t.write("lib/nx.json", "{}");
  auto r = FileIndex::scan(t.root());
  ASSERT_TRUE(r.ok());
  EXPECT_THAT(r->files(), ElementsAre(".gitignore", "nx.json", "strata.json"));
  EXPECT_NE(r->stat_of("nx.json"), nullptr);
  EXPECT_NE(r->stat_of("strata.json"), nullptr);
}

TEST(FileIndex, NestedGitignoreAppliesBelowItsDirectory) {
  TestTree t;
  t.write(".gitignore", "*.gen\n");
  t.write("libs/a/.gitignore", "/out\n!special.gen\n");
  t.write("libs/a/out/x.js", "");
  t.write("libs/a/src/out/y.js", "");
  t.write("libs/a/special.gen", "");
  t.write("libs/b/special.gen", "");
  t.write("libs/b/out/x.js", "");
  EXPECT_THAT(scan(t), ElementsAre(".gitignore", "libs/a/.gitignore", "libs/a/special.gen",
                                   "libs/a/src/out/y.js", "libs/b/out/x.js"));
}

TEST(FileIndex, FileInIgnoredDirectoryCannotBeReincluded) {
  TestTree t;
  t.write(".gitignore", "build/\n!build/keep.txt\n");
  t.write("build/keep.txt", "");
  EXPECT_THAT(scan(t), ElementsAre(".gitignore"));
}

TEST(FileIndex, HonoursInfoExcludeAndExtraIgnores) {
  TestTree t;
  t.write(".git/info/exclude", "local.txt\n");
  t.write("local.txt", "");
  t.write("tmp/x", "");
  t.write("keep.txt", "");
  EXPECT_THAT(scan(t, {"tmp/"}), ElementsAre("keep.txt"));
}

TEST(FileIndex, ListsSymlinkedFilesButDoesNotFollowSymlinkedDirectories) {
  TestTree t;
  t.write("real/a.txt", "");
  ASSERT_EQ(::symlink("real", t.path("linkdir").c_str()), 0);
  ASSERT_EQ(::symlink("real/a.txt", t.path("linkfile").c_str()), 0);
  ASSERT_EQ(::symlink("missing", t.path("dangling").c_str()), 0);
  EXPECT_THAT(scan(t), ElementsAre("linkfile", "real/a.txt"));
}

TEST(FileIndex, MissingRootIsAnError) {
  auto r = FileIndex::scan("/tmp/strata-no-such-dir-for-tests");
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().loc.file, "/tmp/strata-no-such-dir-for-tests");
  EXPECT_FALSE(r.error().hint.empty());
}

TEST(FileIndex, DeepestProjectRootOwnsAFile) {
  TestTree t;
  t.write("package.json", "");
  t.write("libs/a/index.ts", "");
  t.write("libs/a/nested/b/index.ts", "");
  t.write("libs/a/nested/c.ts", "");
  t.write("libs/ab/x.ts", "");
  auto index = FileIndex::scan(t.root());
  ASSERT_TRUE(index.ok());
  index->assign_owners({project("a", "libs/a"), project("b", "libs/a/nested/b"),
                        project("root", "."), project("ab", "./libs/ab/")});
  EXPECT_THAT(index->project_files("a"), ElementsAre("libs/a/index.ts", "libs/a/nested/c.ts"));
  EXPECT_THAT(index->project_files("b"), ElementsAre("libs/a/nested/b/index.ts"));
  EXPECT_THAT(index->project_files("ab"), ElementsAre("libs/ab/x.ts"));
  EXPECT_THAT(index->project_files("root"), ElementsAre("package.json"));
  EXPECT_TRUE(index->project_files("nope").empty());
}

TEST(FileIndex, OwnerWorksForUnlistedPaths) {
  FileIndex index;
  index.assign_owners({project("a", "libs/a"), project("b", "libs/a/b")});
  EXPECT_EQ(index.owner("libs/a/deleted.ts"), "a");
  EXPECT_EQ(index.owner("libs/a/b/deep/x.ts"), "b");
  EXPECT_EQ(index.owner("libs/a"), "a");
  EXPECT_EQ(index.owner("libs/ab/x.ts"), "");  // a prefix of a name is not a parent
  EXPECT_EQ(index.owner("README.md"), "");     // no root project
  index.assign_owners({project("a", "libs/a"), project("ws", ".")});
  EXPECT_EQ(index.owner("README.md"), "ws");
  EXPECT_EQ(index.owner("./libs/a/x.ts"), "a");
}

}  // namespace strata

namespace strata {

TEST(FileIndex, KeepsTheWalkStatOfEveryFile) {
  TestTree t;
  t.write("a.txt", "12345");
  t.write("dir/b.txt", "1");
  auto index = FileIndex::scan(t.root());
  ASSERT_TRUE(index.ok());
  ASSERT_EQ(index->stats().size(), index->files().size());
  for (size_t i = 0; i < index->files().size(); ++i) {
    struct stat st{};
    ASSERT_EQ(::stat(t.path(index->files()[i]).c_str(), &st), 0);
    EXPECT_EQ(index->stats()[i], to_file_stat(st)) << index->files()[i];
  }
  ASSERT_NE(index->stat_of("a.txt"), nullptr);
  EXPECT_EQ(index->stat_of("a.txt")->size, 5u);
  EXPECT_EQ(index->stat_of("dir"), nullptr);
  EXPECT_EQ(index->stat_of("missing.txt"), nullptr);
  EXPECT_EQ(FileIndex().stat_of("a.txt"), nullptr);
}

}  // namespace strata
