#include "files/tree_listing.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <time.h>

#include <chrono>
#include <filesystem>
#include <thread>

#include "files/stat_cache.h"
#include "files/test_tree.h"

namespace strata {

using testutil::TestTree;

namespace {

int64_t now_ns() {
  struct timespec ts{};
  ::clock_gettime(CLOCK_REALTIME, &ts);
  return int64_t(ts.tv_sec) * 1'000'000'000 + ts.tv_nsec;
}

void make_tree(const TestTree& t) {
  t.write(".gitignore", "dist/\n");
  t.write("pkg/package.json", R"({"name": "pkg"})");
  t.write("pkg/src/index.ts", "export {}\n");
  t.write("pkg/dist/out.js", "");
  std::filesystem::create_directories(t.path("shared"));
  std::filesystem::create_directory_symlink(t.path("shared"), t.path("pkg/link"));
}

FileIndex walk(const TestTree& t) {
  auto index = FileIndex::scan(t.root());
  EXPECT_TRUE(index.ok());
  return std::move(*index);
}

// The listing of a walk as if it had started well after the tree was
// written (the racy rule is tested on its own); the clock then moves past
// the kernel's timestamp granule, so a change the test makes shows.
TreeListing recorded(const TestTree& t) {
  auto listing = listing_of(t.root(), walk(t), now_ns() + 2 * k_racy_window_ns);
  EXPECT_TRUE(listing.has_value());
  std::this_thread::sleep_for(std::chrono::milliseconds(25));
  return listing ? *listing : TreeListing{};
}

}  // namespace

TEST(TreeListing, KeepsWhatTheWalkListedAndWhatDecidedIt) {
  TestTree t;
  make_tree(t);
  TreeListing l = recorded(t);
  EXPECT_EQ(l.files,
            (std::vector<std::string>{".gitignore", "pkg/package.json", "pkg/src/index.ts"}));
  EXPECT_EQ(l.dirs, (std::vector<std::string>{".", "pkg", "pkg/src", "shared"}));
  EXPECT_EQ(l.watched, (std::vector<std::string>{".gitignore", "pkg/link"}));  // link: a directory
  EXPECT_TRUE(listing_holds(t.root(), l));
}

TEST(TreeListing, ContentEditsKeepIt) {
  TestTree t;
  make_tree(t);
  TreeListing l = recorded(t);
  t.write("pkg/src/index.ts", "export const x = 1;\n");
  t.write("pkg/dist/out.js", "rebuilt");  // ignored, and its directory is not listed
  EXPECT_TRUE(listing_holds(t.root(), l));
}

TEST(TreeListing, AddingRemovingOrRenamingAFileBreaksIt) {
  TestTree t;
  make_tree(t);
  TreeListing l = recorded(t);
  t.write("pkg/src/more.ts", "");
  EXPECT_FALSE(listing_holds(t.root(), l));
  l = recorded(t);
  std::filesystem::rename(t.path("pkg/src/more.ts"), t.path("pkg/src/other.ts"));
  EXPECT_FALSE(listing_holds(t.root(), l));
  l = recorded(t);
  std::filesystem::remove(t.path("pkg/src/other.ts"));
  EXPECT_FALSE(listing_holds(t.root(), l));
}

TEST(TreeListing, IgnoreRulesEditedInPlaceBreakIt) {
  TestTree t;
  make_tree(t);
  TreeListing l = recorded(t);
  t.write(".gitignore", "dist/\nsrc/\n");
  EXPECT_FALSE(listing_holds(t.root(), l)) << "a .gitignore edited in place";
  l = recorded(t);
  t.write(".git/info/exclude", "*.json\n");
  EXPECT_FALSE(listing_holds(t.root(), l)) << ".git/info/exclude appearing";
}

TEST(TreeListing, ASymlinkLeftOutThatNowPointsAtAFileBreaksIt) {
  TestTree t;
  make_tree(t);
  // The target lives in an ignored directory, whose changes no listed
  // directory sees: only the link's own stamp (its target's stat) can.
  std::filesystem::create_directories(t.path("pkg/dist/thing"));
  std::filesystem::create_directory_symlink(t.path("pkg/dist/thing"), t.path("pkg/thing"));
  TreeListing l = recorded(t);
  EXPECT_THAT(l.watched, ::testing::Contains("pkg/thing"));
  EXPECT_THAT(l.files, ::testing::Not(::testing::Contains("pkg/thing")));
  std::filesystem::remove(t.path("pkg/dist/thing"));
  t.write("pkg/dist/thing", "now a file");
  EXPECT_FALSE(listing_holds(t.root(), l));
  EXPECT_THAT(walk(t).files(), ::testing::Contains("pkg/thing")) << "a walk would list it now";
}

TEST(TreeListing, ARacyWalkIsNotRecorded) {
  TestTree t;
  make_tree(t);
  FileIndex index = walk(t);
  EXPECT_FALSE(listing_of(t.root(), index).has_value()) << "just written";
}

TEST(TreeListing, EncodesDecodesAndRefusesDamage) {
  TestTree t;
  make_tree(t);
  TreeListing l = recorded(t);
  std::string bytes = encode_tree_listing(l);
  auto back = decode_tree_listing(bytes);
  ASSERT_TRUE(back);
  EXPECT_EQ(back->files, l.files);
  EXPECT_EQ(back->dirs, l.dirs);
  EXPECT_EQ(back->watched, l.watched);
  EXPECT_EQ(back->stamps, l.stamps);
  for (size_t at : {size_t{3}, bytes.size() / 2, bytes.size() - 1}) {
    std::string bad = bytes;
    bad[at] = static_cast<char>(bad[at] ^ 0x21);
    EXPECT_FALSE(decode_tree_listing(bad)) << at;
  }
  EXPECT_FALSE(load_tree_listing(t.root()));
  save_tree_listing(t.root(), l);
  ASSERT_TRUE(load_tree_listing(t.root()));
  EXPECT_EQ(load_tree_listing(t.root())->files, l.files);
}

// A listing is only a cache inside the workspace: one naming a path that
// leaves the root (crafted, or copied from elsewhere) is not one to trust.
TEST(TreeListing, APathLeavingTheRootIsRefused) {
  TestTree t;
  make_tree(t);
  TreeListing l = recorded(t);
  for (const char* bad : {"../outside.txt", "/etc/passwd", "pkg/../../x", "", "pkg//x"}) {
    TreeListing crafted = l;
    crafted.files.push_back(bad);
    EXPECT_FALSE(decode_tree_listing(encode_tree_listing(crafted))) << bad;
    crafted = l;
    crafted.dirs.push_back(bad);
    EXPECT_FALSE(decode_tree_listing(encode_tree_listing(crafted))) << bad;
  }
  EXPECT_TRUE(decode_tree_listing(encode_tree_listing(l)));
}

TEST(FileIndexRestat, GivesWhatAWalkGives) {
  TestTree t;
  make_tree(t);
  FileIndex walked = walk(t);
  auto again = FileIndex::restat(t.root(), walked.files(), walked.dirs(), walked.watched());
  ASSERT_TRUE(again.has_value());
  EXPECT_EQ(again->files(), walked.files());
  EXPECT_EQ(again->stats(), walked.stats());
  EXPECT_EQ(again->fingerprint(), walked.fingerprint());
  EXPECT_EQ(again->dirs(), walked.dirs());
  EXPECT_EQ(again->watched(), walked.watched());
  t.write("pkg/src/index.ts", "edited\n");
  auto edited = FileIndex::restat(t.root(), walked.files(), walked.dirs(), walked.watched());
  ASSERT_TRUE(edited.has_value());
  EXPECT_NE(edited->fingerprint(), walked.fingerprint()) << "a content edit shows in the stats";
}

TEST(FileIndexRestat, AFileGoneOrNoLongerAFileMeansWalk) {
  TestTree t;
  make_tree(t);
  FileIndex walked = walk(t);
  std::filesystem::remove(t.path("pkg/src/index.ts"));
  EXPECT_FALSE(FileIndex::restat(t.root(), walked.files(), walked.dirs(), walked.watched()));
  std::filesystem::create_directories(t.path("pkg/src/index.ts"));
  EXPECT_FALSE(FileIndex::restat(t.root(), walked.files(), walked.dirs(), walked.watched()));
}

}  // namespace strata
