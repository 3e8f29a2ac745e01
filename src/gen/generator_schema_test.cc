#include "gen/generator_schema.h"

#include <gtest/gtest.h>

namespace strata::gen {
namespace {

const char* k_schema = R"({
  "description": "A library",
  "destination": "libs/__name__",
  "options": {
    "owner": { "type": "string", "required": true, "description": "Owning team" },
    "level": { "type": "string", "enum": ["alpha", "beta"], "default": "alpha" },
    "typed": { "type": "boolean", "default": true },
    "size": { "type": "number" }
  }
})";

GeneratorSchema schema() {
  Diagnostics diags;
  auto s = parse_generator_schema("schema.json", k_schema, diags);
  EXPECT_TRUE(s.has_value());
  return *s;
}

TEST(GeneratorSchema, ReadsOptionsWithTypesAndDefaults) {
  GeneratorSchema s = schema();
  EXPECT_EQ(s.destination, "libs/__name__");
  ASSERT_EQ(s.options.size(), 4u);
  const OptionSpec& owner = s.options[1];  // options come in name order
  EXPECT_EQ(owner.name, "owner");
  EXPECT_TRUE(owner.required);
  EXPECT_EQ(owner.description, "Owning team");
  EXPECT_EQ(s.options[0].allowed, (std::vector<std::string>{"alpha", "beta"}));
  EXPECT_EQ(s.options[3].default_value, "true");
}

TEST(GeneratorSchema, ReportsBadSchemasWithTheirPosition) {
  Diagnostics diags;
  EXPECT_FALSE(parse_generator_schema("s.json", R"({"options": {"a": {"type": "strin"}}})", diags));
  ASSERT_TRUE(diags.has_errors());
  EXPECT_EQ(diags.first_error().loc.file, "s.json");
  EXPECT_EQ(diags.first_error().hint, "did you mean 'string'?");
  Diagnostics syntax;
  EXPECT_FALSE(parse_generator_schema("s.json", "{ nope", syntax));
  EXPECT_TRUE(syntax.has_errors());
  Diagnostics bad_default;
  EXPECT_FALSE(parse_generator_schema(
      "s.json", R"({"options": {"n": {"type": "number", "default": "x"}}})", bad_default));
}

TEST(GeneratorOptions, FillsDefaultsAndParsesForms) {
  auto v = parse_generator_options(schema(), {"--owner", "team-a", "--size=3"});
  ASSERT_TRUE(v) << v.error().message;
  EXPECT_EQ((*v)["owner"], "team-a");
  EXPECT_EQ((*v)["level"], "alpha");
  EXPECT_EQ((*v)["typed"], "true");
  EXPECT_EQ((*v)["size"], "3");
  auto off = parse_generator_options(schema(), {"--owner", "x", "--no-typed"});
  ASSERT_TRUE(off);
  EXPECT_EQ((*off)["typed"], "false");
}

TEST(GeneratorOptions, RejectsWhatTheSchemaDoesNotAllow) {
  EXPECT_EQ(parse_generator_options(schema(), {}).error().message, "option --owner is required");
  EXPECT_EQ(parse_generator_options(schema(), {"--ownr", "x"}).error().hint,
            "did you mean 'owner'?");
  EXPECT_FALSE(parse_generator_options(schema(), {"--owner", "x", "--level", "gamma"}));
  EXPECT_FALSE(parse_generator_options(schema(), {"--owner", "x", "--size", "big"}));
  EXPECT_FALSE(parse_generator_options(schema(), {"--owner"}));
  EXPECT_FALSE(parse_generator_options(schema(), {"--owner", "x", "stray"}));
  EXPECT_FALSE(parse_generator_options(schema(), {"--owner", "x", "--typed=maybe"}));
}

}  // namespace
}  // namespace strata::gen
