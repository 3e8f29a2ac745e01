// The audit tools' JSON is another program's output, whose shape changes
// between versions: fields of unexpected types are read as missing, never
// an exception out of the JSON library.

#include <gtest/gtest.h>

#include "audit/dependency_audit.h"

namespace strata::audit {
namespace {

TEST(ParseNpmAuditShapes, FieldsOfOtherTypesFallBackToDefaults) {
  const char* text = R"({"vulnerabilities": {
    "lodash": {"severity": 7, "range": ["<4.17.21"], "via": [
      {"source": 1065, "title": 5, "url": null, "severity": {"level": "high"}, "range": 3}]},
    "left-pad": {"severity": "low", "via": "not a list"},
    "minimist": 5}})";
  Result<std::vector<Finding>> r = Error("not run");
  ASSERT_NO_THROW(r = parse_npm_audit(text, "package-lock.json"));
  ASSERT_TRUE(r.ok()) << r.error().str();
  ASSERT_EQ(r->size(), 1u);
  EXPECT_EQ((*r)[0].severity, Severity::k_high);
  EXPECT_EQ((*r)[0].rule, "npm-1065");
  EXPECT_NE((*r)[0].message.find("lodash"), std::string::npos);
}

TEST(ParseNpmAuditShapes, AnErrorMessageOfAnotherTypeIsStillAnError) {
  Result<std::vector<Finding>> r = Error("not run");
  ASSERT_NO_THROW(r = parse_npm_audit(R"({"message": 405, "error": "x"})", "package-lock.json"));
  EXPECT_FALSE(r.ok());
}

TEST(ParsePipAuditShapes, EntriesOfOtherTypesAreSkipped) {
  const char* text = R"({"dependencies": [
    5,
    {"name": "django", "version": 3, "vulns": [
      {"id": 12, "description": ["x"], "fix_versions": [4.2]},
      "GHSA-not-an-object"]},
    {"name": "flask", "version": "2.0", "vulns": {"id": "x"}}]})";
  size_t audited = 0, unaudited = 0;
  Result<std::vector<Finding>> r = Error("not run");
  ASSERT_NO_THROW(r = parse_pip_audit(text, "requirements.txt", audited, unaudited));
  ASSERT_TRUE(r.ok()) << r.error().str();
  ASSERT_EQ(r->size(), 1u);
  EXPECT_EQ((*r)[0].rule, "PYSEC");
  EXPECT_NE((*r)[0].message.find("django"), std::string::npos);
  EXPECT_EQ((*r)[0].message.find("fixed in"), std::string::npos);
}

TEST(ParsePipAuditShapes, DependenciesThatAreNoListAreNoJson) {
  size_t audited = 0, unaudited = 0;
  Result<std::vector<Finding>> r = Error("not run");
  ASSERT_NO_THROW(r = parse_pip_audit(R"({"dependencies": 5})", "r.txt", audited, unaudited));
  EXPECT_FALSE(r.ok());
}

}  // namespace
}  // namespace strata::audit
