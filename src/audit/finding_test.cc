#include "audit/finding.h"

#include <gtest/gtest.h>

namespace strata::audit {
namespace {

Finding secret(std::string file, size_t line) {
  return {"secrets", "aws-access-key-id",        Severity::k_critical, std::move(file),
          line,      "AWS access key AKIA…MPLE", "0123456789abcdef"};
}

Finding advisory(Severity s) {
  return {"npm", "GHSA-xxxx-yyyy-zzzz",         s, "package-lock.json",
          0,     "lodash: prototype pollution", ""};
}

TEST(Severity, EveryNameParsesBackToItself) {
  for (Severity s : {Severity::k_low, Severity::k_medium, Severity::k_high, Severity::k_critical})
    EXPECT_EQ(parse_severity(to_string(s)), s) << to_string(s);
}

TEST(Severity, ToolWordsMapOntoTheFourLevels) {
  EXPECT_EQ(parse_severity("info"), Severity::k_low);
  EXPECT_EQ(parse_severity("moderate"), Severity::k_medium);
}

TEST(Severity, UnknownAndDifferentlyCasedWordsAreRefused) {
  // The caller decides what an unknown severity means; it is never guessed.
  EXPECT_EQ(parse_severity(""), std::nullopt);
  EXPECT_EQ(parse_severity("HIGH"), std::nullopt);
  EXPECT_EQ(parse_severity("severe"), std::nullopt);
}

TEST(Report, AtOrAboveCountsTheLevelAndEveryLevelAbove) {
  Report r;
  r.findings = {advisory(Severity::k_low), advisory(Severity::k_medium), advisory(Severity::k_high),
                advisory(Severity::k_critical), advisory(Severity::k_critical)};
  EXPECT_EQ(r.at_or_above(Severity::k_low), 5u);
  EXPECT_EQ(r.at_or_above(Severity::k_medium), 4u);
  EXPECT_EQ(r.at_or_above(Severity::k_high), 3u);
  EXPECT_EQ(r.at_or_above(Severity::k_critical), 2u);
  EXPECT_EQ(Report{}.at_or_above(Severity::k_low), 0u);
}

TEST(RenderText, AFindingWithALineIsAddressedFileColonLine) {
  Report r;
  r.findings = {secret("config/prod.env", 12)};
  EXPECT_EQ(render_text(r),
            "critical config/prod.env:12: AWS access key AKIA…MPLE [aws-access-key-id "
            "0123456789abcdef]\n"
            "1 finding\n");
}

TEST(RenderText, AFileWithoutALineAndNoFileAtAll) {
  Report r;
  r.findings = {advisory(Severity::k_medium), advisory(Severity::k_low)};
  r.findings[1].file.clear();
  EXPECT_EQ(render_text(r),
            "medium   package-lock.json: lodash: prototype pollution [GHSA-xxxx-yyyy-zzzz]\n"
            "low      lodash: prototype pollution [GHSA-xxxx-yyyy-zzzz]\n"
            "2 findings\n");
}

TEST(RenderText, SourcesSayWhatRanAndWhyTheRestWasSkipped) {
  Report r;
  r.sources = {{"secrets", true, "", 140}, {"pip-audit", false, "pip-audit is not installed", 0}};
  r.allowed = 3;
  EXPECT_EQ(render_text(r),
            "secrets: checked 140\n"
            "pip-audit: skipped: pip-audit is not installed\n"
            "0 findings, 3 allowed by the allow-list\n");
}

TEST(ToJson, OptionalFieldsAppearOnlyWhenSet) {
  Report r;
  r.findings = {secret("a.env", 1), advisory(Severity::k_high)};
  r.findings[1].file.clear();
  nlohmann::json j = to_json(r);
  EXPECT_EQ(j["version"], k_audit_json_version);
  ASSERT_EQ(j["findings"].size(), 2u);
  const auto& s = j["findings"][0];
  EXPECT_EQ(s["severity"], "critical");
  EXPECT_EQ(s["file"], "a.env");
  EXPECT_EQ(s["line"], 1);
  EXPECT_EQ(s["fingerprint"], "0123456789abcdef");
  const auto& a = j["findings"][1];
  EXPECT_FALSE(a.contains("file"));
  EXPECT_FALSE(a.contains("line"));
  EXPECT_FALSE(a.contains("fingerprint"));
  EXPECT_EQ(a["source"], "npm");
}

TEST(ToJson, SkippedSourcesCarryTheirReasonRanSourcesDoNot) {
  Report r;
  r.sources = {{"npm", true, "", 2}, {"pip-audit", false, "offline", 0}};
  r.allowed = 1;
  nlohmann::json j = to_json(r);
  EXPECT_EQ(j["sources"][0], (nlohmann::json{{"name", "npm"}, {"status", "ran"}, {"checked", 2}}));
  EXPECT_EQ(j["sources"][1]["status"], "skipped");
  EXPECT_EQ(j["sources"][1]["reason"], "offline");
  EXPECT_EQ(j["allowed"], 1);
}

TEST(ToJson, AnEmptyReportHasEmptyArraysNotNulls) {
  nlohmann::json j = to_json(Report{});
  EXPECT_TRUE(j["findings"].is_array());
  EXPECT_TRUE(j["sources"].is_array());
  EXPECT_EQ(j["allowed"], 0);
}

}  // namespace
}  // namespace strata::audit
