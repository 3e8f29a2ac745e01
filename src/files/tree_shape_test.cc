#include "files/tree_shape.h"

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

// A walk that started well after everything in the tree changed, so the
// shape is not racy.
int64_t later() { return now_ns() + 2 * k_racy_window_ns; }

// Records a shape as of a walk that started later. The racy rule is what
// keeps a real change out of the timestamp granule of the recording, so
// here the clock is moved past that granule (a jiffy of the kernel's
// coarse clock) before the test changes anything.
TreeShape recorded(const TestTree& t) {
  TreeShape shape{hash_bytes("fingerprint"), {".", "pkg"}, {"pkg/package.json", "nx.json"}, {}};
  EXPECT_TRUE(record_stamps(t.root(), shape, later()));
  std::this_thread::sleep_for(std::chrono::milliseconds(25));
  return shape;
}

void make_tree(const TestTree& t) {
  t.write("pkg/package.json", R"({"name": "pkg"})");
  t.write("pkg/index.ts", "export {}\n");
}

}  // namespace

TEST(TreeShape, HoldsWhileNothingChanges) {
  TestTree t;
  make_tree(t);
  TreeShape shape = recorded(t);
  EXPECT_TRUE(shape_holds(t.root(), shape));
  EXPECT_TRUE(shape_holds(t.root(), shape));
}

TEST(TreeShape, AFileAddedToAListedDirectoryBreaksIt) {
  TestTree t;
  make_tree(t);
  TreeShape shape = recorded(t);
  t.write("pkg/other.ts", "");
  EXPECT_FALSE(shape_holds(t.root(), shape));
}

TEST(TreeShape, AFileRemovedOrRenamedBreaksIt) {
  TestTree t;
  make_tree(t);
  TreeShape shape = recorded(t);
  std::filesystem::rename(t.path("pkg/index.ts"), t.path("pkg/main.ts"));
  EXPECT_FALSE(shape_holds(t.root(), shape));
  shape = recorded(t);
  std::filesystem::remove(t.path("pkg/main.ts"));
  EXPECT_FALSE(shape_holds(t.root(), shape));
}

TEST(TreeShape, AStampedFileEditedInPlaceBreaksIt) {
  TestTree t;
  make_tree(t);
  TreeShape shape = recorded(t);
  t.write("pkg/package.json", R"({"name": "renamed"})");
  EXPECT_FALSE(shape_holds(t.root(), shape));
}

TEST(TreeShape, AnUnstampedFileEditedInPlaceKeepsIt) {
  TestTree t;
  make_tree(t);
  TreeShape shape = recorded(t);
  t.write("pkg/index.ts", "export const x = 1;\n");  // content only: the listing is the same
  EXPECT_TRUE(shape_holds(t.root(), shape));
}

TEST(TreeShape, AnAbsentStampedFileAppearingBreaksIt) {
  TestTree t;
  make_tree(t);
  TreeShape shape = recorded(t);  // nx.json is absent
  t.write("nx.json", "{}");
  EXPECT_FALSE(shape_holds(t.root(), shape));
}

TEST(TreeShape, ARacyChangeIsNotRecorded) {
  TestTree t;
  make_tree(t);
  TreeShape shape{hash_bytes("f"), {"."}, {"pkg/package.json"}, {}};
  // The walk started just now: the files were written inside the window.
  EXPECT_FALSE(record_stamps(t.root(), shape, now_ns()));
  EXPECT_TRUE(shape.stamps.empty());
  EXPECT_FALSE(shape_holds(t.root(), shape)) << "an unstamped shape never holds";
}

TEST(TreeShape, EncodesAndDecodes) {
  TestTree t;
  make_tree(t);
  TreeShape shape = recorded(t);
  shape.files.push_back("/proc/self/exe");
  auto back = decode_tree_shape(encode_tree_shape(shape));
  ASSERT_TRUE(back);
  EXPECT_EQ(back->fingerprint, shape.fingerprint);
  EXPECT_EQ(back->dirs, shape.dirs);
  EXPECT_EQ(back->files, shape.files);
  EXPECT_EQ(back->stamps, shape.stamps);
}

TEST(TreeShape, DamagedOrMissingFilesReadAsNone) {
  TestTree t;
  make_tree(t);
  EXPECT_FALSE(load_tree_shape(t.root()));
  TreeShape shape = recorded(t);
  save_tree_shape(t.root(), shape);
  ASSERT_TRUE(load_tree_shape(t.root()));
  std::string bytes = encode_tree_shape(shape);
  for (size_t at : {size_t{0}, size_t{9}, bytes.size() / 2, bytes.size() - 1}) {
    std::string bad = bytes;
    bad[at] = static_cast<char>(bad[at] ^ 0x5a);
    EXPECT_FALSE(decode_tree_shape(bad)) << "byte " << at;
  }
  EXPECT_FALSE(decode_tree_shape(bytes.substr(0, bytes.size() - 3)));
  remove_tree_shape(t.root());
  EXPECT_FALSE(load_tree_shape(t.root()));
}

TEST(TreeShape, AMissingRootNeverHolds) {
  TreeShape shape;
  {
    TestTree t;
    make_tree(t);
    shape = recorded(t);
    EXPECT_TRUE(shape_holds(t.root(), shape));
  }
  EXPECT_FALSE(shape_holds("/nonexistent-strata-root", shape));
}

}  // namespace strata
