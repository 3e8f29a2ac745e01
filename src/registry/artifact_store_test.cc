#include "registry/artifact_store.h"

#include <gtest/gtest.h>

#include "util/temp_dir.h"

namespace strata::registry {
namespace {

namespace fs = std::filesystem;
using testutil::TempDir;

struct Store {
  TempDir dir;
  ArtifactStore store{dir.path("store")};

  // A model export: model.bin and meta/info.json under `rel`.
  fs::path export_dir(const std::string& rel, const std::string& weights = "weights") {
    dir.write(rel + "/model.bin", weights);
    dir.write(rel + "/meta/info.json", "{}");
    return dir.path(rel);
  }
};

TEST(Sha256Hex, KnownVectors) {
  EXPECT_EQ(sha256_hex(""), "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
  EXPECT_EQ(sha256_hex("abc"), "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
}

TEST(ArtifactManifest, ListsEveryFileSortedWithHashAndSize) {
  TempDir t;
  t.write("b.txt", "bb");
  t.write("a/z.txt", "z");
  auto m = artifact_manifest(t.root());
  ASSERT_TRUE(m.ok()) << m.error().str();
  EXPECT_EQ(*m, "strata-artifacts 1\n" + sha256_hex("z") + " 1 a/z.txt\n" + sha256_hex("bb") +
                    " 2 b.txt\n");
}

TEST(ArtifactManifest, LeavesOutItsOwnFileOnlyAtTheTop) {
  TempDir t;
  t.write(".strata-artifacts", "old manifest");
  t.write("sub/.strata-artifacts", "a file like any other");
  auto m = artifact_manifest(t.root());
  ASSERT_TRUE(m.ok());
  EXPECT_EQ(m->find(" .strata-artifacts\n"), std::string::npos);
  EXPECT_NE(m->find(" sub/.strata-artifacts\n"), std::string::npos);
}

TEST(ArtifactManifest, AMissingDirectoryIsNotFoundWithAHint) {
  TempDir t;
  auto m = artifact_manifest(t.path("dist"));
  ASSERT_FALSE(m.ok());
  EXPECT_EQ(m.error().kind, ErrorKind::k_not_found);
  EXPECT_NE(m.error().hint.find("export"), std::string::npos);
}

TEST(ArtifactManifest, AFileNameWithANewlineIsRefused) {
  // Otherwise one file named "a\n<hash> <size> b" lists exactly like two
  // files a and b, and two different directories share an address.
  TempDir t;
  t.write("a", "1");
  t.write("b", "2");
  auto two = artifact_manifest(t.root());
  ASSERT_TRUE(two.ok());
  TempDir forged;
  forged.write("a\n" + sha256_hex("2") + " 1 b", "1");
  auto one = artifact_manifest(forged.root());
  ASSERT_FALSE(one.ok() && *one == *two) << "two directories, one manifest";
  EXPECT_FALSE(one.ok());
}

TEST(ArtifactStore, PutCopiesAndAddressesByTheManifest) {
  Store s;
  auto put = s.store.put(s.export_dir("dist"));
  ASSERT_TRUE(put.ok()) << put.error().str();
  auto manifest = artifact_manifest(s.dir.path("dist"));
  EXPECT_EQ(put->digest, "sha256:" + sha256_hex(*manifest));
  EXPECT_EQ(put->path, s.store.path_of(put->digest));
  EXPECT_EQ(s.dir.read("store/sha256/" + put->digest.substr(7) + "/model.bin"), "weights");
  EXPECT_TRUE(s.store.verify(put->digest).ok());
}

TEST(ArtifactStore, StoredFilesAreReadOnly) {
  Store s;
  auto put = s.store.put(s.export_dir("dist"));
  ASSERT_TRUE(put.ok());
  auto perms = fs::status(put->path / "meta/info.json").permissions();
  EXPECT_EQ(perms & (fs::perms::owner_write | fs::perms::group_write | fs::perms::others_write),
            fs::perms::none);
}

TEST(ArtifactStore, TheSameContentIsStoredOnceWhereverItCameFrom) {
  Store s;
  auto a = s.store.put(s.export_dir("one"));
  auto b = s.store.put(s.export_dir("two"));
  ASSERT_TRUE(a.ok() && b.ok());
  EXPECT_EQ(a->digest, b->digest);
  size_t entries = 0;
  for ([[maybe_unused]] const auto& e : fs::directory_iterator(s.dir.path("store/sha256")))
    ++entries;
  EXPECT_EQ(entries, 1u);  // no temporary left behind either
}

TEST(ArtifactStore, OneChangedByteIsANewAddress) {
  Store s;
  auto a = s.store.put(s.export_dir("one", "weights"));
  auto b = s.store.put(s.export_dir("two", "weightz"));
  ASSERT_TRUE(a.ok() && b.ok());
  EXPECT_NE(a->digest, b->digest);
}

TEST(ArtifactStore, ARenameIsANewAddress) {
  Store s;
  s.dir.write("one/a.bin", "x");
  s.dir.write("two/b.bin", "x");
  auto a = s.store.put(s.dir.path("one"));
  auto b = s.store.put(s.dir.path("two"));
  ASSERT_TRUE(a.ok() && b.ok());
  EXPECT_NE(a->digest, b->digest);
}

TEST(ArtifactStore, AStaleManifestInTheSourceIsReplaced) {
  Store s;
  fs::path src = s.export_dir("dist");
  s.dir.write("dist/.strata-artifacts", "strata-artifacts 1\nforged\n");
  auto put = s.store.put(src);
  ASSERT_TRUE(put.ok());
  EXPECT_TRUE(s.store.verify(put->digest).ok());
}

TEST(ArtifactStore, VerifyFindsAnEditedFile) {
  Store s;
  auto put = s.store.put(s.export_dir("dist"));
  ASSERT_TRUE(put.ok());
  fs::path f = put->path / "model.bin";
  fs::permissions(f, fs::perms::owner_write, fs::perm_options::add);
  s.dir.write(fs::relative(f, s.dir.root()).string(), "tampered");
  Status st = s.store.verify(put->digest);
  ASSERT_FALSE(st.ok());
  EXPECT_EQ(st.error().kind, ErrorKind::k_corruption);
  EXPECT_NE(st.error().message.find("changed after they were registered"), std::string::npos);
}

TEST(ArtifactStore, VerifyFindsAnAddedOrRemovedFile) {
  Store s;
  auto put = s.store.put(s.export_dir("dist"));
  ASSERT_TRUE(put.ok());
  s.dir.write(fs::relative(put->path / "extra.txt", s.dir.root()).string(), "");
  EXPECT_EQ(s.store.verify(put->digest).error().kind, ErrorKind::k_corruption);
  fs::remove(put->path / "extra.txt");
  EXPECT_TRUE(s.store.verify(put->digest).ok());
  fs::remove(put->path / "meta/info.json");
  EXPECT_EQ(s.store.verify(put->digest).error().kind, ErrorKind::k_corruption);
}

TEST(ArtifactStore, VerifyFindsAManifestRewrittenToMatchTheFiles) {
  // Files and manifest both changed consistently: the address no longer fits.
  Store s;
  auto put = s.store.put(s.export_dir("dist"));
  ASSERT_TRUE(put.ok());
  fs::path f = put->path / "model.bin";
  fs::permissions(f, fs::perms::owner_write, fs::perm_options::add);
  s.dir.write(fs::relative(f, s.dir.root()).string(), "tampered");
  auto rewritten = artifact_manifest(put->path);
  ASSERT_TRUE(rewritten.ok());
  fs::path m = put->path / ".strata-artifacts";
  fs::permissions(m, fs::perms::owner_write, fs::perm_options::add);
  s.dir.write(fs::relative(m, s.dir.root()).string(), *rewritten);
  EXPECT_EQ(s.store.verify(put->digest).error().kind, ErrorKind::k_corruption);
}

TEST(ArtifactStore, VerifyOfAnUnknownDigestIsNotFound) {
  Store s;
  Status st = s.store.verify("sha256:" + std::string(64, '0'));
  ASSERT_FALSE(st.ok());
  EXPECT_EQ(st.error().kind, ErrorKind::k_not_found);
}

TEST(ArtifactStore, PutOfAMissingDirectoryFails) {
  Store s;
  auto put = s.store.put(s.dir.path("nope"));
  ASSERT_FALSE(put.ok());
  EXPECT_EQ(put.error().kind, ErrorKind::k_not_found);
  EXPECT_FALSE(s.dir.exists("store/sha256"));
}

}  // namespace
}  // namespace strata::registry
