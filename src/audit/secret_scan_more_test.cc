// Hostile and edge inputs for the secret scanner: long runs that look like
// key prefixes, neighbouring secrets, files the scan must skip.

#include <gtest/gtest.h>

#include <filesystem>

#include "audit/secret_scan.h"
#include "util/temp_dir.h"

namespace strata::audit {
namespace {

std::string aws_key(char last = 'E') { return std::string("AKIA") + "IOSFODNN7EXAMPL" + last; }

TEST(ScanTextHostile, ALongRunOfKeyPrefixesIsScannedOnce) {
  // Every "AKIA" in the run used to rescan the rest of the line: a 1 MB
  // line took minutes. One pass finds nothing (no 16-character body).
  std::string run;
  for (int i = 0; i < 250'000; ++i) run += "AKIA";
  EXPECT_TRUE(scan_text("min.js", run).empty());
  std::string slack;
  for (int i = 0; i < 100'000; ++i) slack += "xoxb-";
  auto found = scan_text("min.js", slack);
  EXPECT_EQ(found.size(), 1u);  // one run, one token
}

TEST(ScanTextHostile, NeighbouringSecretsAreEachFound) {
  auto found = scan_text("f", aws_key('E') + " " + aws_key('F') + "," + aws_key('G'));
  ASSERT_EQ(found.size(), 3u);
  EXPECT_NE(found[0].fingerprint, found[1].fingerprint);
  EXPECT_NE(found[1].fingerprint, found[2].fingerprint);
}

TEST(ScanTextHostile, TheLastLineNeedsNoNewlineAndCrlfIsFine) {
  auto found = scan_text("f", "a\r\nb\r\nkey = " + aws_key());
  ASSERT_EQ(found.size(), 1u);
  EXPECT_EQ(found[0].line, 3u);
}

TEST(ScanTextHostile, AKnownFormatIsNotAlsoReportedAsHighEntropy) {
  auto found = scan_text(
      "f", "github_token = ghp_" + std::string("aB3dE6gH9jK2mN5pQ8sT1vW4yZ7bC0eF3hJ6") + "\n");
  ASSERT_EQ(found.size(), 1u);
  EXPECT_EQ(found[0].rule, "github-token");
}

TEST(ScanTextHostile, AFingerprintDependsOnlyOnTheSecret) {
  auto a = scan_text("one.env", "x = " + aws_key());
  auto b = scan_text("two.env", "\n\ny: " + aws_key());
  ASSERT_EQ(a.size(), 1u);
  ASSERT_EQ(b.size(), 1u);
  EXPECT_EQ(a[0].fingerprint, b[0].fingerprint);
}

TEST(ScanFiles, SkipsBinaryOversizedSymlinkedAndMissingFiles) {
  testutil::TempDir t;
  t.write("plain.env", "k = " + aws_key() + "\n");
  t.write("binary.bin", std::string("\0", 1) + aws_key());
  t.write("huge.txt", std::string(3 * 1024 * 1024, 'x') + "\n" + aws_key());
  std::filesystem::create_symlink(t.path("plain.env"), t.path("link.env"));
  size_t scanned = 0;
  auto found = scan_files(t.root(), {"plain.env", "binary.bin", "huge.txt", "link.env", "gone.txt"},
                          scanned);
  EXPECT_EQ(scanned, 1u);
  ASSERT_EQ(found.size(), 1u);
  EXPECT_EQ(found[0].file, "plain.env");
}

TEST(AllowListText, CommentsBlankLinesAndSpacesAreIgnored) {
  auto found = scan_text("conf/a.env", "k = " + aws_key() + "\n");
  ASSERT_EQ(found.size(), 1u);
  AllowList list;
  list.add_file_text("# accepted findings\n\n   \n  conf/b.env  # other\n");
  EXPECT_FALSE(list.allows(found[0]));
  list.add_file_text("   " + found[0].fingerprint + "   # the test key\n");
  EXPECT_TRUE(list.allows(found[0]));
}

TEST(AllowListText, AGlobAllowsOnlyWhatItMatches) {
  auto found = scan_text("tests/fixtures/deep/a.env", "k = " + aws_key() + "\n");
  AllowList one_level;
  one_level.add("tests/fixtures/*");
  EXPECT_FALSE(one_level.allows(found[0]));
  AllowList any_depth;
  any_depth.add("tests/fixtures/**");
  EXPECT_TRUE(any_depth.allows(found[0]));
}

}  // namespace
}  // namespace strata::audit
