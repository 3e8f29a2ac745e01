#include "audit/secret_scan.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

namespace strata::audit {
namespace {

using ::testing::HasSubstr;
using ::testing::Not;

// Fake secrets are assembled at run time so this file holds none whole.
std::string aws_key() { return std::string("AKIA") + "IOSFODNN7EXAMPLE"; }
std::string github_token() { return std::string("ghp_") + std::string(36, 'a') + ""; }

std::vector<std::string> rules(const std::vector<Finding>& found) {
  std::vector<std::string> out;
  for (const auto& f : found) out.push_back(f.rule);
  return out;
}

TEST(ScanText, FindsKnownFormatsWithLinesAndNeverTheWholeSecret) {
  std::string text = "x = 1\naws_key_id = \"" + aws_key() + "\"\ntoken: " + github_token() +
                     "\n-----BEGIN RSA PRIVATE KEY-----\nslack = xoxb-1234567890-abcdefghij\n";
  auto found = scan_text("conf/app.env", text);
  EXPECT_THAT(rules(found), ::testing::ElementsAre("aws-access-key-id", "github-token",
                                                   "private-key", "slack-token"));
  EXPECT_EQ(found[0].line, 2u);
  EXPECT_EQ(found[0].file, "conf/app.env");
  EXPECT_EQ(found[0].severity, Severity::k_high);
  EXPECT_EQ(found[2].severity, Severity::k_critical);
  for (const auto& f : found) EXPECT_THAT(f.message, Not(HasSubstr(aws_key())));
  EXPECT_EQ(found[0].fingerprint.size(), 16u);
}

TEST(ScanText, AwsKeyNeedsExactLengthAndBoundaries) {
  EXPECT_TRUE(scan_text("f", "XAKIA" + aws_key().substr(4)).empty());
  EXPECT_TRUE(scan_text("f", aws_key() + "EXTRA").empty());
  EXPECT_TRUE(scan_text("f", "AKIA123").empty());
}

TEST(ScanText, HighEntropyValuesAssignedToSecretNames) {
  auto found = scan_text("settings.py", "API_SECRET = 'q8Zr2LmX0vTn4Kp7Wd9Ys1Fb6Hj3Gc5E'\n");
  ASSERT_EQ(found.size(), 1u);
  EXPECT_EQ(found[0].rule, "high-entropy-secret");
  EXPECT_EQ(found[0].severity, Severity::k_medium);
  EXPECT_TRUE(
      scan_text("settings.py", "PASSWORD_MIN_LENGTH = 'aaaaaaaaaaaaaaaaaaaaaaaa'\n").empty());
  EXPECT_TRUE(scan_text("readme.md", "value = q8Zr2LmX0vTn4Kp7Wd9Ys1Fb6Hj3Gc5E\n").empty())
      << "no secret's name";
}

TEST(Entropy, OfUniformAndRepeatedText) {
  EXPECT_DOUBLE_EQ(entropy("aaaa"), 0.0);
  EXPECT_DOUBLE_EQ(entropy("abcd"), 2.0);
}

TEST(AllowList, ByFingerprintPathLineOrGlob) {
  auto found = scan_text("tests/fixtures/keys.txt", aws_key() + "\n");
  ASSERT_EQ(found.size(), 1u);
  AllowList none;
  EXPECT_FALSE(none.allows(found[0]));
  AllowList by_print;
  by_print.add_file_text("# accepted\n" + found[0].fingerprint + "  # the docs' example key\n");
  EXPECT_TRUE(by_print.allows(found[0]));
  AllowList by_line;
  by_line.add("tests/fixtures/keys.txt:1");
  EXPECT_TRUE(by_line.allows(found[0]));
  AllowList by_glob;
  by_glob.add("tests/**");
  EXPECT_TRUE(by_glob.allows(found[0]));
  AllowList other;
  other.add("src/**");
  other.add("tests/fixtures/keys.txt:2");
  EXPECT_FALSE(other.allows(found[0]));
}

}  // namespace
}  // namespace strata::audit
