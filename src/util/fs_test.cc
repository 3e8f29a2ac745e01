#include "util/fs.h"

#include <gtest/gtest.h>

#include <filesystem>
#include <string>

#include "util/temp_dir.h"

namespace strata {
namespace {

namespace fs = std::filesystem;
using testutil::TempDir;

// Names of the entries directly in `dir`, to see what a write left behind.
std::vector<std::string> entries(const fs::path& dir) {
  std::vector<std::string> out;
  for (const auto& e : fs::directory_iterator(dir)) out.push_back(e.path().filename().string());
  std::sort(out.begin(), out.end());
  return out;
}

TEST(ReadFile, MissingFileIsAnErrorNamingThePath) {
  TempDir t;
  auto r = read_file(t.path("absent.json"));
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().loc.file, t.path("absent.json").string());
  EXPECT_NE(r.error().message.find("No such file"), std::string::npos) << r.error().message;
}

TEST(ReadFile, DirectoryIsAnErrorNotAnEmptyFile) {
  TempDir t;
  t.mkdir("dir");
  EXPECT_FALSE(read_file(t.path("dir")).ok());
}

TEST(ReadFile, KeepsBinaryBytesAndEmbeddedNuls) {
  TempDir t;
  std::string bytes("a\0b\r\n\xff", 6);
  ASSERT_TRUE(write_atomic(t.path("bin"), bytes).ok());
  auto r = read_file(t.path("bin"));
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(*r, bytes);
}

TEST(ReadFile, ReadsFilesLargerThanOneBuffer) {
  TempDir t;
  std::string big(200'000, 'x');
  big[123'456] = 'y';
  t.write("big", big);
  auto r = read_file(t.path("big"));
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(*r, big);
}

TEST(ReadFileLimit, AFileExactlyAtTheLimitIsRead) {
  TempDir t;
  t.write("f", std::string(100, 'a'));
  auto r = read_file(t.path("f"), 100, "a test file");
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(r->size(), 100u);
}

TEST(ReadFileLimit, OneByteOverIsRefusedAtLineOneColumnOne) {
  TempDir t;
  t.write("f", std::string(101, 'a'));
  auto r = read_file(t.path("f"), 100, "a test file");
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().loc.str(), t.path("f").string() + ":1:1");
  EXPECT_EQ(r.error().message, "file is 101 bytes, over the 100 bytes limit for a test file");
  EXPECT_FALSE(r.error().hint.empty());
}

TEST(ReadFileLimit, AnEmptyFileFitsAZeroLimit) {
  TempDir t;
  t.write("empty", "");
  auto r = read_file(t.path("empty"), 0, "nothing");
  ASSERT_TRUE(r.ok());
  EXPECT_TRUE(r->empty());
}

TEST(SizeLimitError, WholeMebibytesAreWrittenAsMiB) {
  Error e = size_limit_error("p.json", 52'428'800, 16u << 20, "project.json");
  EXPECT_EQ(e.str(), "p.json:1:1: file is 52428800 bytes, over the 16 MiB limit for project.json");
}

TEST(SizeLimitError, OtherLimitsAreWrittenInBytes) {
  Error e = size_limit_error("x", 5000, (1u << 20) + 1, "x");
  EXPECT_NE(e.message.find("over the 1048577 bytes limit"), std::string::npos) << e.message;
}

TEST(WriteAtomic, CreatesMissingParentDirectories) {
  TempDir t;
  ASSERT_TRUE(write_atomic(t.path("a/b/c/out.txt"), "hi").ok());
  EXPECT_EQ(t.read("a/b/c/out.txt"), "hi");
}

TEST(WriteAtomic, ReplacesTheWholeFileAndLeavesNoTemporary) {
  TempDir t;
  t.write("out.txt", "a much longer previous content");
  ASSERT_TRUE(write_atomic(t.path("out.txt"), "new", Durability::k_checksummed).ok());
  EXPECT_EQ(t.read("out.txt"), "new");
  EXPECT_EQ(entries(t.root()), std::vector<std::string>{"out.txt"});
}

TEST(WriteAtomic, WritesAnEmptyFile) {
  TempDir t;
  ASSERT_TRUE(write_atomic(t.path("e"), "").ok());
  EXPECT_TRUE(t.exists("e"));
  EXPECT_EQ(fs::file_size(t.path("e")), 0u);
}

TEST(WriteAtomic, ReplacesASymlinkInsteadOfWritingThroughIt) {
  // A rename replaces the link itself: the file it pointed to is untouched.
  TempDir t;
  t.write("target", "original");
  fs::create_symlink(t.path("target"), t.path("link"));
  ASSERT_TRUE(write_atomic(t.path("link"), "replaced").ok());
  EXPECT_EQ(t.read("target"), "original");
  EXPECT_FALSE(fs::is_symlink(t.path("link")));
  EXPECT_EQ(t.read("link"), "replaced");
}

TEST(WriteAtomic, OntoADirectoryFailsAndCleansUp) {
  TempDir t;
  t.mkdir("out/inner");
  Status s = write_atomic(t.path("out"), "x");
  ASSERT_FALSE(s.ok());
  EXPECT_EQ(s.error().loc.file, t.path("out").string());
  EXPECT_NE(s.error().message.find("cannot rename"), std::string::npos) << s.error().message;
  EXPECT_EQ(entries(t.root()), std::vector<std::string>{"out"});
  EXPECT_TRUE(fs::is_directory(t.path("out/inner")));
}

TEST(WriteAtomic, UnderAFileIsAnError) {
  TempDir t;
  t.write("plain", "x");
  Status s = write_atomic(t.path("plain/child"), "y");
  ASSERT_FALSE(s.ok());
  EXPECT_NE(s.error().message.find("cannot write"), std::string::npos) << s.error().message;
  EXPECT_EQ(t.read("plain"), "x");
}

TEST(RelativeTo, SamePathIsDot) {
  EXPECT_EQ(relative_to("/ws", "/ws"), ".");
  EXPECT_EQ(relative_to("/ws/", "/ws"), ".");
  EXPECT_EQ(relative_to("/ws", "/ws/"), ".");
}

TEST(RelativeTo, ChildUsesForwardSlashes) {
  EXPECT_EQ(relative_to("/ws/apps/web/src/a.ts", "/ws"), "apps/web/src/a.ts");
  EXPECT_EQ(relative_to("/ws/apps/web", "/ws///"), "apps/web");
}

TEST(RelativeTo, NormalisesDotsBeforeComparing) {
  EXPECT_EQ(relative_to("/ws/apps/./web/../api", "/ws"), "apps/api");
  EXPECT_EQ(relative_to("/ws/apps/../../etc/passwd", "/ws"), "");
}

TEST(RelativeTo, ADotOrEmptyComponentAfterTheBaseIsNormalisedToo) {
  // Past the base's prefix, the quick path must not take these as they are.
  EXPECT_EQ(relative_to("/ws/a//b", "/ws"), "a/b");
  EXPECT_EQ(relative_to("/ws/./a", "/ws"), "a");
  EXPECT_EQ(relative_to("/ws/a/..", "/ws"), ".");
  EXPECT_EQ(relative_to("/ws/../ws/a", "/ws"), "a");
  EXPECT_EQ(relative_to("/ws/a/.", "/ws"), "a");
  EXPECT_EQ(relative_to("/ws/a/", "/ws"), "a");
  EXPECT_EQ(relative_to("/ws/a", "/ws/."), "a");
}

TEST(PlainRelative, NamesOnly) {
  EXPECT_TRUE(plain_relative("a"));
  EXPECT_TRUE(plain_relative("a/b.c/...d"));
  for (const char* bad : {"", "/a", "a/", "a//b", "./a", "a/.", "a/../b", ".."})
    EXPECT_FALSE(plain_relative(bad)) << bad;
}

TEST(RelativeTo, ASiblingWithACommonPrefixIsOutside) {
  EXPECT_EQ(relative_to("/ws-other/file", "/ws"), "");
  EXPECT_EQ(relative_to("/w", "/ws"), "");
}

TEST(RelativeTo, EverythingIsInsideTheFileSystemRoot) {
  // A workspace at "/" (a container's root) must still own its files.
  EXPECT_EQ(relative_to("/x", "/"), "x");
  EXPECT_EQ(relative_to("/a/b", "/"), "a/b");
  EXPECT_EQ(relative_to("/", "/"), ".");
}

TEST(RelativeTo, RelativePathsCompareLexically) {
  EXPECT_EQ(relative_to("libs/a/b.py", "libs"), "a/b.py");
  EXPECT_EQ(relative_to("libs/a", "apps"), "");
}

}  // namespace
}  // namespace strata
