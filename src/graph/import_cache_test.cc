#include "graph/import_cache.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <unistd.h>

#include <chrono>
#include <filesystem>
#include <fstream>
#include <thread>

#include "graph/source_scan.h"
#include "util/temp_dir.h"

namespace strata {
namespace {

namespace fs = std::filesystem;
using ::testing::ElementsAre;

ImportCache::Entry entry(std::string path, int64_t mtime, ImportList imports) {
  return {std::move(path), FileStat{10, 7, mtime, mtime}, std::move(imports)};
}

constexpr int64_t k_long_ago = 1'000'000'000;
constexpr int64_t k_now = 2'000'000'000'000'000'000;

TEST(ImportCache, RoundTrips) {
  ImportCache c;
  c.assign({entry("a.py", k_long_ago, {{"os", ImportKind::k_static}}),
            entry("b.ts", k_long_ago,
                  {{"x", ImportKind::k_dynamic}, {"y.h", ImportKind::k_angled_include, 42}})},
           k_now);
  ImportCache back;
  ASSERT_TRUE(ImportCache::parse(c.serialize(), back));
  const ImportList* b = back.find("b.ts", FileStat{10, 7, k_long_ago, k_long_ago});
  ASSERT_NE(b, nullptr);
  EXPECT_EQ(*b,
            (ImportList{{"x", ImportKind::k_dynamic}, {"y.h", ImportKind::k_angled_include, 42}}));
  EXPECT_EQ(back.find("b.ts", FileStat{11, 7, k_long_ago, k_long_ago}), nullptr);  // size differs
  EXPECT_EQ(back.find("b.ts", FileStat{10, 7, k_long_ago + 1, k_long_ago}),
            nullptr);  // mtime differs
  EXPECT_EQ(back.find("b.ts", FileStat{10, 7, k_long_ago, k_long_ago + 1}),
            nullptr);  // ctime differs
  EXPECT_EQ(back.find("c.ts", FileStat{10, 7, k_long_ago, k_long_ago}), nullptr);
}

TEST(ImportCache, CorruptionAndOtherVersionsAreRejected) {
  ImportCache c;
  c.assign({entry("a.py", k_long_ago, {{"os", ImportKind::k_static}})}, k_now);
  std::string bytes = c.serialize();
  ImportCache out;
  std::string flipped = bytes;
  flipped.back() ^= 1;
  EXPECT_FALSE(ImportCache::parse(flipped, out));
  EXPECT_FALSE(ImportCache::parse(bytes.substr(0, bytes.size() - 1), out));
  std::string version = bytes;
  version[8] = 99;
  EXPECT_FALSE(ImportCache::parse(version, out));
  EXPECT_FALSE(ImportCache::parse("", out));
  EXPECT_TRUE(ImportCache::parse(bytes, out));
}

TEST(ImportCache, RecentlyModifiedFilesAreNotStored) {
  ImportCache c;
  c.assign({entry("old.py", k_now - 5'000'000'000, {}), entry("racy.py", k_now - 1'000'000, {})},
           k_now);
  ASSERT_EQ(c.entries().size(), 1u);
  EXPECT_EQ(c.entries()[0].path, "old.py");
}

class SourceScanTest : public ::testing::Test {
 protected:
  testutil::TempDir m_dir{"strata-scan-test"};
  fs::path dir = m_dir.root();
  fs::path cache = dir / ".strata" / "imports-cache";
  void SetUp() override { fs::create_directories(dir / "src"); }
  void write(const std::string& rel, const std::string& text, int age_s) {
    std::ofstream(dir / rel) << text;
    fs::last_write_time(dir / rel, fs::file_time_type::clock::now() - std::chrono::seconds(age_s));
    // Setting the mtime moved the ctime to now, and a stamp is the later of
    // the two: wait until it is out of the racy window.
    std::this_thread::sleep_for(std::chrono::nanoseconds(ImportCache::k_racy_ns) +
                                std::chrono::milliseconds(20));
  }
};

TEST_F(SourceScanTest, SecondRunIsAnsweredByTheCacheUntilAFileChanges) {
  write("src/a.py", "import os\n", 60);
  write("src/b.ts", "import x from 'x';\n", 60);
  std::vector<std::string_view> files = {"src/a.py", "src/b.ts", "src/gone.ts"};
  ScanStats s;
  auto first = scan_source_files(dir, files, cache, &s);
  EXPECT_EQ(s.read, 2u);
  EXPECT_EQ(s.failed, 1u);
  EXPECT_EQ(first[1], (ImportList{{"x", ImportKind::k_static, 1}}));

  auto second = scan_source_files(dir, files, cache, &s);
  EXPECT_EQ(s.cached, 2u);
  EXPECT_EQ(s.read, 0u);
  EXPECT_EQ(second, first);

  write("src/b.ts", "import y from 'yy';\n", 30);  // new content and mtime
  auto third = scan_source_files(dir, files, cache, &s);
  EXPECT_EQ(s.cached, 1u);
  EXPECT_EQ(s.read, 1u);
  EXPECT_EQ(third[1], (ImportList{{"yy", ImportKind::k_static, 1}}));
}

TEST_F(SourceScanTest, ACorruptCacheIsRebuilt) {
  write("src/a.py", "import os\n", 60);
  fs::create_directories(cache.parent_path());
  std::ofstream(cache) << "garbage";
  ScanStats s;
  auto r = scan_source_files(dir, {"src/a.py"}, cache, &s);
  EXPECT_EQ(s.read, 1u);
  EXPECT_EQ(r[0], (ImportList{{"os", ImportKind::k_static, 1}}));
  scan_source_files(dir, {"src/a.py"}, cache, &s);
  EXPECT_EQ(s.cached, 1u);
}

TEST(SourceLanguage, ByExtension) {
  EXPECT_EQ(source_language("a/b.py"), SourceLanguage::k_python);
  EXPECT_EQ(source_language("a/b.tsx"), SourceLanguage::k_typescript);
  EXPECT_EQ(source_language("a/b.cjs"), SourceLanguage::k_typescript);
  EXPECT_EQ(source_language("a/b.hpp"), SourceLanguage::k_cpp);
  EXPECT_EQ(source_language("a/b.json"), SourceLanguage::k_none);
  EXPECT_EQ(source_language("a.py/Makefile"), SourceLanguage::k_none);
}

}  // namespace
}  // namespace strata
