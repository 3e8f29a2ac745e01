#include "graph/source_scan.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "util/temp_dir.h"

namespace strata {
namespace {

using testutil::TempDir;

std::vector<std::string> specs(const ImportList& list) {
  std::vector<std::string> out;
  for (const auto& ref : list) out.push_back(ref.spec);
  return out;
}

// A file with one import near its end, longer than any stat below.
std::string source_with_late_import() {
  std::string text = "export const a = 1;\n";
  for (int i = 0; i < 2000; ++i) text += "// padding line " + std::to_string(i) + "\n";
  return text + "import { b } from './b';\n";
}

TEST(ScanSourceFiles, ReadsAFileWholeWhenItGrewSinceItsStat) {
  TempDir dir;
  dir.write("src/a.ts", source_with_late_import());
  FileStat stale;
  stale.size = 10;  // the walk saw the file before it grew
  auto imports = scan_source_files(dir.root(), {"src/a.ts"}, {stale}, {});
  ASSERT_EQ(imports.size(), 1u);
  EXPECT_THAT(specs(imports[0]), testing::ElementsAre("./b"));
}

TEST(ScanSourceFiles, ReadsAFileThatShrankSinceItsStat) {
  TempDir dir;
  dir.write("src/a.ts", "import x from 'x';\n");
  FileStat stale;
  stale.size = 100000;
  auto imports = scan_source_files(dir.root(), {"src/a.ts"}, {stale}, {});
  ASSERT_EQ(imports.size(), 1u);
  EXPECT_THAT(specs(imports[0]), testing::ElementsAre("x"));
}

TEST(ScanSourceFiles, StatsFilesWithoutAKnownStampAndSkipsMissingOnes) {
  TempDir dir;
  dir.write("a.py", "import os\nfrom pkg import mod\n");
  ScanStats stats;
  auto imports = scan_source_files(dir.root(), {"a.py", "gone.py"}, {}, &stats);
  ASSERT_EQ(imports.size(), 2u);
  EXPECT_THAT(specs(imports[0]), testing::ElementsAre("os", "pkg.mod"));
  EXPECT_TRUE(imports[1].empty());
  EXPECT_EQ(stats.read, 1u);
  EXPECT_EQ(stats.failed, 1u);
}

}  // namespace
}  // namespace strata
