#include "boundary/rules.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

namespace strata {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::IsEmpty;

BoundaryRules parse(const std::string& json, Diagnostics* diags = nullptr) {
  auto f = ConfigFile::from_json("strata.json", json);
  BoundaryRules r = read_boundary_rules(*f);
  if (diags) *diags = f->diags();
  return r;
}

TEST(BoundaryRules, DefaultsWithoutABoundariesKey) {
  BoundaryRules r = parse("{}");
  EXPECT_THAT(r.layers.at("application"), ElementsAre("domain", "api"));
  EXPECT_THAT(r.layers.at("domain"), IsEmpty());
  EXPECT_EQ(r.public_layer, "api");
  EXPECT_THAT(r.banned_externals.at("domain"), ::testing::Contains("fastapi"));
  EXPECT_TRUE(r.config_file.empty());
}

TEST(BoundaryRules, ReadsEveryPart) {
  BoundaryRules r = parse(R"({"boundaries": {
    "layers": {"core": [], "app": ["core"]}, "publicLayer": "facade",
    "bannedExternals": {"core": ["django*"]},
    "depConstraints": [
      {"sourceTag": "scope:a", "onlyDependOnLibsWithTags": ["scope:a"], "bannedExternalImports": ["lodash"]},
      {"allSourceTags": ["x", "y"], "notDependOnLibsWithTags": ["z"], "allowedExternalImports": ["react*"]}]}})");
  EXPECT_THAT(r.layers.at("app"), ElementsAre("core"));
  EXPECT_EQ(r.public_layer, "facade");
  EXPECT_THAT(r.banned_externals.at("core"), ElementsAre("django*"));
  ASSERT_EQ(r.dep_constraints.size(), 2u);
  EXPECT_FALSE(r.dep_constraints[0].combo);
  EXPECT_THAT(*r.dep_constraints[0].only_tags, ElementsAre("scope:a"));
  EXPECT_THAT(r.dep_constraints[0].banned_externals, ElementsAre("lodash"));
  EXPECT_TRUE(r.dep_constraints[1].combo);
  EXPECT_FALSE(r.dep_constraints[1].only_tags.has_value());  // absent: no restriction
  EXPECT_THAT(r.dep_constraints[1].not_tags, ElementsAre("z"));
  EXPECT_EQ(r.dep_constraints[1].source_label(), "\"x\" and \"y\"");
  EXPECT_EQ(r.dep_constraints[1].loc.line, 6);
}

TEST(BoundaryRules, ProblemsAreLocatedAndAllReported) {
  Diagnostics d;
  parse(
      "{\"boundaries\": {\n  \"layers\": {\"domain\": \"none\"},\n  \"publicLayr\": \"api\",\n"
      "  \"depConstraints\": [{\"onlyDependOnLibsWithTags\": []}, {\"sourceTag\": \"/(/\"}]}}",
      &d);
  ASSERT_EQ(d.items().size(), 4u);
  EXPECT_THAT(d.items()[0].error.message, HasSubstr("unknown key 'publicLayr'"));
  EXPECT_THAT(d.items()[0].error.hint, HasSubstr("publicLayer"));
  EXPECT_THAT(d.items()[1].error.str(), HasSubstr("strata.json:2"));
  EXPECT_THAT(d.items()[1].error.message, HasSubstr("'domain' must be an array of strings"));
  EXPECT_THAT(d.items()[2].error.message, HasSubstr("needs 'sourceTag' or 'allSourceTags'"));
  EXPECT_THAT(d.items()[3].error.message, HasSubstr("invalid regular expression /(/"));
}

TEST(BoundaryRules, UnknownLayerNamesAreWarnedAbout) {
  Diagnostics d;
  parse(R"({"boundaries": {"layers": {"domain": [], "app": ["domian"]}, "publicLayer": "api"}})",
        &d);
  ASSERT_EQ(d.items().size(), 2u);
  EXPECT_EQ(d.items()[0].severity, Severity::k_warning);
  EXPECT_THAT(d.items()[0].error.message, HasSubstr("layer 'domian' has no entry"));
  EXPECT_THAT(d.items()[0].error.hint, HasSubstr("domain"));
  EXPECT_THAT(d.items()[1].error.message, HasSubstr("layer 'api'"));
}

TEST(BoundaryRules, TagMatchingFollowsNx) {
  std::vector<std::string> tags = {"scope:billing", "type:feature"};
  EXPECT_TRUE(has_tag(tags, "*"));
  EXPECT_TRUE(has_tag({}, "*"));
  EXPECT_TRUE(has_tag(tags, "scope:billing"));
  EXPECT_FALSE(has_tag(tags, "scope:bill"));
  EXPECT_TRUE(has_tag(tags, "scope:*"));
  EXPECT_FALSE(has_tag(tags, "layer:*"));
  EXPECT_TRUE(has_tag(tags, "/^type:(feature|ui)$/"));
  EXPECT_FALSE(has_tag(tags, "/^type:ui$/"));
}

TEST(BoundaryRules, TagValues) {
  std::vector<std::string> tags = {"contextual", "context:billing", "layer:domain"};
  EXPECT_EQ(tag_value(tags, "context"), "billing");
  EXPECT_EQ(tag_value(tags, "layer"), "domain");
  EXPECT_EQ(tag_value(tags, "lang"), "");
}

}  // namespace
}  // namespace strata
