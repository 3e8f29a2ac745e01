#include "audit/dependency_audit.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

namespace strata::audit {
namespace {

using ::testing::HasSubstr;

// The shape of `npm audit --json` (npm 7 and later), trimmed.
constexpr const char* k_npm_report = R"({"auditReportVersion": 2, "vulnerabilities": {
  "lodash": {"name": "lodash", "severity": "critical", "isDirect": true,
    "via": [{"source": 1096305, "name": "lodash", "title": "Prototype Pollution in lodash",
             "url": "https://github.com/advisories/GHSA-p6mc-m468-83gw", "severity": "high", "range": "<4.17.19"},
            {"source": 1094500, "name": "lodash", "title": "Command Injection in lodash",
             "url": "https://github.com/advisories/GHSA-35jh-r3h4-6jhm", "severity": "critical", "range": "<4.17.21"}],
    "range": "<=4.17.20", "fixAvailable": true},
  "wrapper": {"name": "wrapper", "severity": "critical", "via": ["lodash"], "fixAvailable": false}},
  "metadata": {"vulnerabilities": {"critical": 2}}})";

TEST(ParseNpmAudit, OneFindingPerAdvisory) {
  auto found = parse_npm_audit(k_npm_report, "web/package-lock.json");
  ASSERT_TRUE(found) << found.error().message;
  ASSERT_EQ(found->size(), 2u);
  EXPECT_EQ((*found)[0].rule, "GHSA-p6mc-m468-83gw");
  EXPECT_EQ((*found)[0].severity, Severity::k_high);
  EXPECT_EQ((*found)[1].severity, Severity::k_critical);
  EXPECT_EQ((*found)[0].file, "web/package-lock.json");
  EXPECT_THAT((*found)[0].message,
              HasSubstr("lodash <4.17.19: Prototype Pollution in lodash (fix available)"));
}

TEST(ParseNpmAudit, AnErrorDocumentIsAnErrorWithItsMessage) {
  auto found = parse_npm_audit(
      R"({"message": "405 Method Not Allowed - POST https://registry.example/-/npm/v1/security/advisories/bulk"})",
      "package-lock.json");
  ASSERT_FALSE(found);
  EXPECT_THAT(found.error().message, HasSubstr("405 Method Not Allowed"));
  EXPECT_FALSE(parse_npm_audit("not json", "package-lock.json"));
}

TEST(ParsePipAudit, VulnerabilitiesAndUnauditedDependencies) {
  size_t audited = 0, unaudited = 0;
  auto found = parse_pip_audit(
      R"J({"dependencies": [{"name": "jinja2", "version": "2.4.1", "vulns": [{"id": "PYSEC-2014-8",
          "fix_versions": ["2.7.2"], "aliases": ["CVE-2014-1402"], "description": "Jinja2 uses /tmp insecurely."}]},
        {"name": "six", "version": "1.16.0", "vulns": []},
        {"name": "gone", "skip_reason": "Dependency not found on PyPI and could not be audited: gone (1.0)"}],
        "fixes": []})J",
      "requirements.txt", audited, unaudited);
  ASSERT_TRUE(found);
  EXPECT_EQ(audited, 2u);
  EXPECT_EQ(unaudited, 1u);
  ASSERT_EQ(found->size(), 1u);
  EXPECT_EQ((*found)[0].rule, "PYSEC-2014-8");
  EXPECT_EQ((*found)[0].severity, Severity::k_high);
  EXPECT_THAT((*found)[0].message,
              HasSubstr("jinja2 2.4.1: Jinja2 uses /tmp insecurely. (fixed in 2.7.2)"));
}

TEST(Severity, NamesAndOrder) {
  EXPECT_EQ(parse_severity("moderate"), Severity::k_medium);
  EXPECT_EQ(parse_severity("critical"), Severity::k_critical);
  EXPECT_FALSE(parse_severity("severe"));
  Report r;
  r.findings = {{"npm", "a", Severity::k_low, "", 0, "", ""},
                {"npm", "b", Severity::k_high, "", 0, "", ""}};
  EXPECT_EQ(r.at_or_above(Severity::k_medium), 1u);
  EXPECT_EQ(r.at_or_above(Severity::k_low), 2u);
  EXPECT_EQ(to_json(r)["version"], k_audit_json_version);
}

}  // namespace
}  // namespace strata::audit
