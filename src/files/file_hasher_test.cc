#include "files/file_hasher.h"

#include <fcntl.h>
#include <gtest/gtest.h>
#include <sys/stat.h>

#include <ctime>

#include "files/test_tree.h"
#include "util/fs.h"

namespace strata {

using testutil::TestTree;

namespace {

// Sets a file's mtime `seconds_ago` into the past, so that its cache entry
// is out of the racy window and may be trusted.
void age(const TestTree& t, std::string_view rel, int seconds_ago = 60) {
  struct timespec times[2];
  ::clock_gettime(CLOCK_REALTIME, &times[0]);
  times[0].tv_sec -= seconds_ago;
  times[1] = times[0];
  ASSERT_EQ(::utimensat(AT_FDCWD, t.path(rel).c_str(), times, 0), 0);
}

struct stat stat_of(const std::filesystem::path& p) {
  struct stat st{};
  ::stat(p.c_str(), &st);
  return st;
}

Digest must_hash(FileHasher& h, std::string_view rel) {
  auto r = h.hash(rel);
  EXPECT_TRUE(r.ok()) << (r.ok() ? "" : r.error().str());
  return r.ok() ? *r : Digest{};
}

}  // namespace

TEST(FileHasher, DigestIsTheContentHash) {
  TestTree t;
  t.write("a.txt", "same");
  t.write("dir/b.txt", "same");
  t.write("c.txt", "other");
  FileHasher h(t.root(), t.path("state"));
  EXPECT_EQ(must_hash(h, "a.txt"), hash_bytes("same"));
  EXPECT_EQ(must_hash(h, "a.txt"), must_hash(h, "dir/b.txt"));
  EXPECT_NE(must_hash(h, "a.txt"), must_hash(h, "c.txt"));
}

TEST(FileHasher, BigFilesAreStreamedToTheSameDigest) {
  TestTree t;
  std::string big(3 * 1024 * 1024 + 17, '\0');
  for (size_t i = 0; i < big.size(); ++i) big[i] = static_cast<char>(i * 131 % 251);
  t.write("big.bin", big);
  FileHasher h(t.root(), t.path("state"));
  EXPECT_EQ(must_hash(h, "big.bin"), hash_bytes(big));
}

TEST(FileHasher, MissingFileAndDirectoryAreErrors) {
  TestTree t;
  t.mkdir("dir");
  FileHasher h(t.root(), t.path("state"));
  auto missing = h.hash("nope.txt");
  ASSERT_FALSE(missing.ok());
  EXPECT_EQ(missing.error().loc.file, "nope.txt");
  EXPECT_NE(missing.error().message.find("No such file"), std::string::npos);
  auto dir = h.hash("dir");
  ASSERT_FALSE(dir.ok());
  EXPECT_FALSE(dir.error().hint.empty());
}

TEST(FileHasher, UnchangedOldFileIsNotReadTwice) {
  TestTree t;
  t.write("a.txt", "content");
  age(t, "a.txt");
  FileHasher h(t.root(), t.path("state"));
  Digest first = must_hash(h, "a.txt");
  EXPECT_EQ(must_hash(h, "a.txt"), first);
  EXPECT_EQ(h.files_read(), 1u);
}

TEST(FileHasher, RecentlyModifiedFileIsReadAgain) {
  // Its stat could stay the same through another edit in the same
  // timestamp granule, so the cache must not vouch for it yet.
  TestTree t;
  t.write("a.txt", "content");
  FileHasher h(t.root(), t.path("state"));
  must_hash(h, "a.txt");
  must_hash(h, "a.txt");
  EXPECT_EQ(h.files_read(), 2u);
}

TEST(FileHasher, SameSizeEditWithinOneTimestampIsDetected) {
  TestTree t;
  for (int round = 0; round < 20; ++round) {
    std::string before = "aaaa" + std::to_string(round % 10);
    std::string after = "bbbb" + std::to_string(round % 10);
    t.write("a.txt", before);
    FileHasher h(t.root(), t.path("state"));
    EXPECT_EQ(must_hash(h, "a.txt"), hash_bytes(before));
    ASSERT_TRUE(h.save().ok());
    t.write("a.txt", after);  // same tick on kernels with coarse timestamps
    EXPECT_EQ(must_hash(h, "a.txt"), hash_bytes(after)) << "round " << round;
    FileHasher next(t.root(), t.path("state"));
    EXPECT_EQ(must_hash(next, "a.txt"), hash_bytes(after)) << "round " << round;
  }
}

TEST(FileHasher, EditThatRestoresMtimeIsDetected) {
  TestTree t;
  t.write("a.txt", "one");
  age(t, "a.txt");
  struct stat old = stat_of(t.path("a.txt"));
  FileHasher h(t.root(), t.path("state"));
  must_hash(h, "a.txt");
  ASSERT_TRUE(h.save().ok());
  t.write("a.txt", "two");
  struct timespec times[2] = {old.st_atim, old.st_mtim};
  ASSERT_EQ(::utimensat(AT_FDCWD, t.path("a.txt").c_str(), times, 0), 0);
  FileHasher next(t.root(), t.path("state"));
  EXPECT_EQ(must_hash(next, "a.txt"), hash_bytes("two"));
}

TEST(FileHasher, StatCacheIsReusedAcrossInstances) {
  TestTree t;
  t.write("a.txt", "alpha");
  t.write("b/c.txt", "gamma");
  age(t, "a.txt");
  age(t, "b/c.txt");
  {
    FileHasher h(t.root(), t.path(".strata/file-hashes"));
    must_hash(h, "a.txt");
    must_hash(h, "b/c.txt");
    ASSERT_TRUE(h.save().ok());
  }
  FileHasher h(t.root(), t.path(".strata/file-hashes"));
  EXPECT_EQ(h.entries_loaded(), 2u);
  EXPECT_EQ(must_hash(h, "a.txt"), hash_bytes("alpha"));
  EXPECT_EQ(must_hash(h, "b/c.txt"), hash_bytes("gamma"));
  EXPECT_EQ(h.files_read(), 0u);
}

TEST(FileHasher, RacyEntryIsNotTrustedByTheNextInstance) {
  TestTree t;
  t.write("a.txt", "alpha");
  {
    FileHasher h(t.root(), t.path("state"));
    must_hash(h, "a.txt");
    ASSERT_TRUE(h.save().ok());
  }
  FileHasher h(t.root(), t.path("state"));
  must_hash(h, "a.txt");
  EXPECT_EQ(h.files_read(), 1u);
}

TEST(FileHasher, SaveWritesOnlyWhenSomethingChanged) {
  TestTree t;
  t.write("a.txt", "alpha");
  age(t, "a.txt");
  {
    FileHasher h(t.root(), t.path("state"));
    must_hash(h, "a.txt");
    ASSERT_TRUE(h.save().ok());
  }
  ino_t written = stat_of(t.path("state")).st_ino;  // every write renames a new file in
  {
    FileHasher h(t.root(), t.path("state"));
    must_hash(h, "a.txt");
    ASSERT_TRUE(h.save().ok());
  }
  EXPECT_EQ(stat_of(t.path("state")).st_ino, written);
  {
    FileHasher h(t.root(), t.path("state"));
    t.write("new.txt", "new");
    must_hash(h, "new.txt");
    ASSERT_TRUE(h.save().ok());
  }
  EXPECT_NE(stat_of(t.path("state")).st_ino, written);
}

TEST(FileHasher, CorruptStateFileIsIgnored) {
  TestTree t;
  t.write("a.txt", "alpha");
  age(t, "a.txt");
  {
    FileHasher h(t.root(), t.path("state"));
    must_hash(h, "a.txt");
    ASSERT_TRUE(h.save().ok());
  }
  auto data = read_file(t.path("state"));
  ASSERT_TRUE(data.ok());
  // Flip one bit of the stored digest: the checksum must catch it.
  std::string bad = *data;
  bad[bad.size() - 1] ^= 1;
  t.write("state", bad);
  FileHasher flipped(t.root(), t.path("state"));
  EXPECT_EQ(flipped.entries_loaded(), 0u);
  EXPECT_EQ(must_hash(flipped, "a.txt"), hash_bytes("alpha"));
  EXPECT_EQ(flipped.files_read(), 1u);
  ASSERT_TRUE(flipped.save().ok());  // and the bad file is replaced
  EXPECT_EQ(FileHasher(t.root(), t.path("state")).entries_loaded(), 1u);

  t.write("state", "not a cache at all");
  FileHasher garbage(t.root(), t.path("state"));
  EXPECT_EQ(garbage.entries_loaded(), 0u);
  EXPECT_EQ(must_hash(garbage, "a.txt"), hash_bytes("alpha"));
}

TEST(FileHasher, PrefetchHashesInParallel) {
  TestTree t;
  std::vector<std::string> paths;
  for (int i = 0; i < 300; ++i) {
    paths.push_back("d" + std::to_string(i % 7) + "/f" + std::to_string(i) + ".txt");
    t.write(paths.back(), "file " + std::to_string(i));
    age(t, paths.back());
  }
  paths.push_back("missing.txt");  // an error does not stop the others
  FileHasher h(t.root(), t.path("state"));
  h.prefetch(paths);
  EXPECT_EQ(h.files_read(), 300u);
  for (int i = 0; i < 300; ++i)
    EXPECT_EQ(must_hash(h, paths[i]), hash_bytes("file " + std::to_string(i)));
  EXPECT_EQ(h.files_read(), 300u);
}

}  // namespace strata

namespace strata {

TEST(FileHasher, WalkStatsStandInForStatsUntilCleared) {
  TestTree t;
  t.write("a.txt", "one");
  t.write("b.txt", "bee");
  auto index = FileIndex::scan(t.root());
  ASSERT_TRUE(index.ok());
  FileHasher h(t.root(), t.path("state"));
  h.use_walk_stats(&*index);
  EXPECT_EQ(must_hash(h, "a.txt"), hash_bytes("one"));
  // A path the walk did not list is stat'ed as before.
  t.write("late.txt", "late");
  EXPECT_EQ(must_hash(h, "late.txt"), hash_bytes("late"));
  // Once cleared (a task ran), a file changed since the walk is seen as
  // it is now, even with the same size.
  t.write("b.txt", "BEE");
  h.use_walk_stats(nullptr);
  EXPECT_EQ(must_hash(h, "b.txt"), hash_bytes("BEE"));
}

}  // namespace strata
