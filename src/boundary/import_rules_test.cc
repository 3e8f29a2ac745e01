#include "boundary/import_rules.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

namespace strata {
namespace {

using ::testing::HasSubstr;
using ::testing::IsEmpty;

Project project(std::string name, std::vector<std::string> tags) {
  Project p;
  p.name = std::move(name);
  p.tags = std::move(tags);
  return p;
}

class ImportRulesTest : public ::testing::Test {
 protected:
  ImportRulesTest() {
    // Indices follow the order below.
    ws.projects = {project("bill-api", {"context:bill", "layer:api"}),
                   project("bill-app", {"context:bill", "layer:application"}),
                   project("bill-domain", {"context:bill", "layer:domain"}),
                   project("bill-infra", {"context:bill", "layer:infrastructure"}),
                   project("ship-api", {"context:ship", "layer:api"}),
                   project("ship-domain", {"context:ship", "layer:domain"}),
                   project("tool", {"scope:tool"}),
                   project("untagged", {})};
    deps.resize(ws.projects.size());
  }

  std::vector<Violation> check(int from, int to, std::string spec = "x",
                               std::string external = "") {
    ImportFact f{"src/f.py", 7, from, to, spec, std::move(external)};
    std::vector<Violation> out;
    ImportRules(ws, rules, deps).check(f, out);
    return out;
  }

  Workspace ws;
  BoundaryRules rules = BoundaryRules::defaults();
  std::vector<std::vector<int>> deps;
};

TEST_F(ImportRulesTest, LayersWithinAContext) {
  EXPECT_THAT(check(1, 2), IsEmpty());  // application -> domain
  EXPECT_THAT(check(3, 1), IsEmpty());  // infrastructure -> application
  auto v = check(2, 3);                 // domain -> infrastructure
  ASSERT_EQ(v.size(), 1u);
  EXPECT_EQ(v[0].rule, BoundaryRule::k_layer);
  EXPECT_EQ(v[0].file, "src/f.py");
  EXPECT_EQ(v[0].line, 7u);
  EXPECT_EQ(v[0].importer, "bill-domain");
  EXPECT_EQ(v[0].imported, "bill-infra");
  EXPECT_THAT(v[0].message, HasSubstr("domain may not import infrastructure (allowed: nothing)"));
  EXPECT_EQ(check(1, 3).at(0).rule, BoundaryRule::k_layer);  // application -> infrastructure
}

TEST_F(ImportRulesTest, OtherContextsOnlyThroughTheirApi) {
  EXPECT_THAT(check(1, 4), IsEmpty());  // bill application -> ship api
  auto v = check(1, 5);                 // bill application -> ship domain
  ASSERT_EQ(v.size(), 1u);
  EXPECT_EQ(v[0].rule, BoundaryRule::k_public_layer);
  EXPECT_THAT(v[0].hint, HasSubstr("(ship-api)"));
  EXPECT_EQ(check(2, 4).at(0).rule, BoundaryRule::k_layer);  // domain may not reach out at all
}

TEST_F(ImportRulesTest, ProjectsOutsideContextsAreNotLayered) {
  EXPECT_THAT(check(6, 2), IsEmpty());
  EXPECT_THAT(check(2, 6), IsEmpty());
}

TEST_F(ImportRulesTest, BannedExternalsByPackageOrGlob) {
  EXPECT_EQ(check(2, -1, "fastapi.routing.APIRouter", "fastapi").at(0).rule,
            BoundaryRule::k_banned_external);
  EXPECT_THAT(check(2, -1, "dataclasses", "dataclasses"), IsEmpty());
  EXPECT_THAT(check(3, -1, "fastapi", "fastapi"), IsEmpty());  // infrastructure may
  rules.banned_externals["domain"] = {"@nestjs/*"};
  auto v = check(2, -1, "@nestjs/common", "@nestjs/common");
  ASSERT_EQ(v.size(), 1u);
  EXPECT_THAT(v[0].message, HasSubstr("(banned by \"@nestjs/*\")"));
}

TEST_F(ImportRulesTest, OnlyDependOnLibsWithTags) {
  rules.dep_constraints = {
      {{"context:bill"}, false, std::vector<std::string>{"context:bill"}, {}, {}, {}, {}},
      {{"*"}, false, std::nullopt, {}, {}, {}, {}}};
  EXPECT_THAT(check(1, 2), IsEmpty());
  auto v = check(1, 4);  // bill -> ship api: allowed by layers, not by tags
  ASSERT_EQ(v.size(), 1u);
  EXPECT_EQ(v[0].rule, BoundaryRule::k_only_tags);
  EXPECT_THAT(v[0].message, HasSubstr("may only depend on projects tagged \"context:bill\""));
  rules.dep_constraints[0].only_tags = std::vector<std::string>{};  // []: depend on nothing
  EXPECT_EQ(check(1, 2).at(0).rule, BoundaryRule::k_only_tags);
}

TEST_F(ImportRulesTest, NotDependOnLibsWithTagsIsTransitive) {
  rules.dep_constraints = {
      {{"scope:tool"}, false, std::nullopt, {"layer:infrastructure"}, {}, {}, {}}};
  deps[0] = {1};  // bill-api -> bill-app -> bill-infra
  deps[1] = {3};
  auto v = check(6, 0);
  ASSERT_EQ(v.size(), 1u);
  EXPECT_EQ(v[0].rule, BoundaryRule::k_not_tags);
  EXPECT_THAT(v[0].message, HasSubstr("(via bill-api → bill-app → bill-infra)"));
  EXPECT_THAT(check(6, 2), IsEmpty());
}

TEST_F(ImportRulesTest, AProjectNoConstraintMatchesMayDependOnNothing) {
  rules.dep_constraints = {{{"scope:tool"}, false, std::vector<std::string>{"*"}, {}, {}, {}, {}}};
  EXPECT_THAT(check(6, 2), IsEmpty());
  EXPECT_EQ(check(7, 2).at(0).rule, BoundaryRule::k_no_constraint);
  EXPECT_THAT(check(7, -1, "os", "os"), IsEmpty());  // externals are not project dependencies
}

TEST_F(ImportRulesTest, BannedAndAllowedExternalImports) {
  rules.dep_constraints = {
      {{"scope:tool"}, false, std::nullopt, {}, {"lodash*"}, std::nullopt, {}},
      {{"context:*"}, false, std::nullopt, {}, {}, std::vector<std::string>{"react*"}, {}}};
  EXPECT_EQ(check(6, -1, "lodash-es", "lodash-es").at(0).rule, BoundaryRule::k_banned_import);
  EXPECT_THAT(check(6, -1, "react", "react"), IsEmpty());
  EXPECT_THAT(check(3, -1, "react-dom", "react-dom"), IsEmpty());
  auto v = check(3, -1, "vue", "vue");
  ASSERT_EQ(v.size(), 1u);
  EXPECT_THAT(v[0].message, HasSubstr("only \"react*\" are allowed"));
}

}  // namespace
}  // namespace strata
