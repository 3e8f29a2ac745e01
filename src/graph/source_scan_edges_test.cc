// Which scanner a file gets, and scanning a set of files: results in the
// files' order, unreadable files counted as failed and empty. (The cache's
// answers depend on file ages: import_cache_test.cc covers them.)

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "graph/source_scan.h"
#include "util/temp_dir.h"

namespace strata {
namespace {

using ::testing::IsEmpty;

TEST(SourceLanguageEdges, ByExtensionOnly) {
  for (const char* p : {"a.py", "dir/b.py"})
    EXPECT_EQ(source_language(p), SourceLanguage::k_python);
  for (const char* p : {"a.ts", "a.tsx", "a.js", "a.jsx", "a.mjs", "a.cjs", "a.mts", "a.cts"})
    EXPECT_EQ(source_language(p), SourceLanguage::k_typescript) << p;
  for (const char* p : {"a.c", "a.cc", "a.cpp", "a.cxx", "a.h", "a.hh", "a.hpp", "a.hxx"})
    EXPECT_EQ(source_language(p), SourceLanguage::k_cpp) << p;
  for (const char* p : {"a.pyc", "a.json", "Makefile", "py", "a.ts.map", "a.d", ".py.bak", ""})
    EXPECT_EQ(source_language(p), SourceLanguage::k_none) << p;
}

TEST(SourceLanguageEdges, NothingIsScannedForOtherFiles) {
  EXPECT_THAT(scan_imports(SourceLanguage::k_none, "import os\n#include <x.h>\n"), IsEmpty());
  EXPECT_EQ(scan_imports(SourceLanguage::k_python, "import os\n").size(), 1u);
}

std::vector<std::string> first_specs(const std::vector<ImportList>& lists) {
  std::vector<std::string> out;
  for (const auto& l : lists) out.push_back(l.empty() ? "" : l[0].spec);
  return out;
}

TEST(ScanSourceFilesEdges, ResultsFollowTheOrderGivenAndMissingFilesFail) {
  testutil::TempDir dir;
  dir.write("a.py", "import alpha\n");
  dir.write("b.ts", "import x from 'beta';\n");
  std::vector<std::string_view> files{"b.ts", "gone.py", "a.py"};
  ScanStats stats;
  auto lists = scan_source_files(dir.root(), files, {}, &stats);
  ASSERT_EQ(lists.size(), 3u);
  EXPECT_EQ(first_specs(lists), (std::vector<std::string>{"beta", "", "alpha"}));
  EXPECT_EQ(stats.failed, 1u);
  EXPECT_EQ(stats.read, 2u);
  EXPECT_EQ(stats.cached, 0u);
}

TEST(ScanSourceFilesEdges, NoFilesNoResults) {
  testutil::TempDir dir;
  ScanStats stats;
  EXPECT_TRUE(scan_source_files(dir.root(), {}, {}, &stats).empty());
  EXPECT_EQ(stats.read + stats.cached + stats.failed, 0u);
}

}  // namespace
}  // namespace strata
