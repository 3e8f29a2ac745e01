#include "cli/image_audit.h"

#include <gtest/gtest.h>

#include "service/generated_header.h"
#include "util/temp_dir.h"

namespace strata::cli {
namespace {

TEST(ImageAudit, OnlyDockerfilesAreCheckedAndEachRuleIsAFinding) {
  testutil::TempDir dir;
  dir.write("svc/Dockerfile", "FROM python:latest\nUSER 10001\nHEALTHCHECK CMD [\"x\"]\n");
  dir.write("svc/api.Dockerfile", "FROM a:1\nUSER 1\nHEALTHCHECK CMD [\"x\"]\n");
  dir.write("svc/notes.md", "FROM python:latest\n");
  size_t checked = 0;
  auto findings = check_dockerfiles(
      dir.root(), {"svc/Dockerfile", "svc/api.Dockerfile", "svc/notes.md"}, checked);
  EXPECT_EQ(checked, 2u);
  ASSERT_EQ(findings.size(), 1u);
  EXPECT_EQ(findings[0].file, "svc/Dockerfile");

  audit::Report report;
  audit_dockerfiles(dir.root(), {"svc/Dockerfile", "svc/notes.md"}, report);
  ASSERT_EQ(report.findings.size(), 1u);
  EXPECT_EQ(report.findings[0].source, "dockerfile");
  EXPECT_EQ(report.findings[0].rule, "pinned-base");
  EXPECT_EQ(report.findings[0].line, 1u);
  EXPECT_EQ(report.at_or_above(audit::Severity::k_high), 1u);
  ASSERT_EQ(report.sources.size(), 1u);
  EXPECT_EQ(report.sources[0].scanned, 1u);
}

TEST(ImageAudit, ACommittedGeneratedDockerfileIsCheckedForStaleness) {
  testutil::TempDir dir;
  dir.write("strata.json", "{}\n");
  std::string body = "FROM a:1\nUSER 1\nHEALTHCHECK CMD [\"x\"]\n";
  std::string header = service::generated_header(
      "#", service::inputs_hash(dir.root(), {"strata.json"}), {"strata.json"});
  dir.write("Dockerfile", header + body);
  size_t checked = 0;
  EXPECT_TRUE(check_dockerfiles(dir.root(), {"Dockerfile"}, checked).empty());
  dir.write("strata.json", "{\"images\": {}}\n");
  auto stale = check_dockerfiles(dir.root(), {"Dockerfile"}, checked);
  ASSERT_EQ(stale.size(), 1u);
  EXPECT_EQ(stale[0].rule, "generated-stale");
}

}  // namespace
}  // namespace strata::cli
