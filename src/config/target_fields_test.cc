#include "config/target_fields.h"

#include <gtest/gtest.h>

#include <set>

namespace strata {
namespace {

using nlohmann::json;
using Kind = InputSpec::Kind;

struct Parsed {
  std::vector<InputSpec> inputs;
  std::vector<std::pair<size_t, std::string>> unknown;
};

// Parses `inputs` with "production" and "default" as the named inputs.
Parsed parse(const json& inputs) {
  std::set<std::string, std::less<>> names = {"production", "default"};
  Parsed p;
  p.inputs = parse_inputs(
      inputs, [&](std::string_view n) { return names.count(n) > 0; },
      [&](size_t i, const std::string& name) { p.unknown.emplace_back(i, name); });
  return p;
}

InputSpec one(const json& entry) {
  Parsed p = parse(json::array({entry}));
  EXPECT_EQ(p.inputs.size(), 1u) << entry.dump();
  return p.inputs.empty() ? InputSpec{} : p.inputs[0];
}

TEST(ParseInputs, NamedInputsOfTheProjectAndOfItsDependencies) {
  InputSpec own = one("production");
  EXPECT_EQ(own.kind, Kind::k_named);
  EXPECT_EQ(own.value, "production");
  EXPECT_FALSE(own.dependencies);
  InputSpec deps = one("^production");
  EXPECT_EQ(deps.kind, Kind::k_named);
  EXPECT_EQ(deps.value, "production");
  EXPECT_TRUE(deps.dependencies);
}

TEST(ParseInputs, FileSetsAndNegations) {
  InputSpec root = one("{projectRoot}/**/*");
  EXPECT_EQ(root.kind, Kind::k_fileset);
  EXPECT_EQ(root.value, "{projectRoot}/**/*");
  EXPECT_FALSE(root.negated);
  InputSpec not_specs = one("!{projectRoot}/**/*.spec.ts");
  EXPECT_EQ(not_specs.kind, Kind::k_fileset);
  EXPECT_TRUE(not_specs.negated);
  EXPECT_EQ(not_specs.value, "{projectRoot}/**/*.spec.ts");
  EXPECT_EQ(one("src/*.py").kind, Kind::k_fileset);
  EXPECT_EQ(one("tsconfig.json").kind, Kind::k_fileset);  // a '.' makes it a path
}

TEST(ParseInputs, ACaretFileSetIsTakenFromEachDependency) {
  InputSpec in = one("^{projectRoot}/tsconfig.lib.json");
  EXPECT_EQ(in.kind, Kind::k_fileset);
  EXPECT_TRUE(in.dependencies);
  EXPECT_EQ(in.value, "{projectRoot}/tsconfig.lib.json");
}

TEST(ParseInputs, AnUnknownBareNameIsReportedWithItsIndexAndLeftOut) {
  Parsed p = parse(json::array({"production", "prodution", "^nope"}));
  ASSERT_EQ(p.inputs.size(), 1u);
  ASSERT_EQ(p.unknown.size(), 2u);
  EXPECT_EQ(p.unknown[0], (std::pair<size_t, std::string>{1, "prodution"}));
  EXPECT_EQ(p.unknown[1], (std::pair<size_t, std::string>{2, "nope"}));  // without the caret
}

TEST(ParseInputs, ALoneCaretIsUnknownNotACrash) {
  Parsed p = parse(json::array({"^"}));
  EXPECT_TRUE(p.inputs.empty());
  ASSERT_EQ(p.unknown.size(), 1u);
  EXPECT_EQ(p.unknown[0].second, "");
}

TEST(ParseInputs, ObjectForms) {
  InputSpec fs = one({{"fileset", "{workspaceRoot}/x"}, {"dependencies", true}});
  EXPECT_EQ(fs.kind, Kind::k_fileset);
  EXPECT_TRUE(fs.dependencies);
  InputSpec named = one({{"input", "production"}, {"projects", "dependencies"}});
  EXPECT_EQ(named.kind, Kind::k_named);
  EXPECT_TRUE(named.dependencies);
  InputSpec rt = one({{"runtime", "node --version"}});
  EXPECT_EQ(rt.kind, Kind::k_runtime);
  EXPECT_EQ(rt.value, "node --version");
  InputSpec env = one({{"env", "NODE_ENV"}});
  EXPECT_EQ(env.kind, Kind::k_env);
  EXPECT_EQ(env.value, "NODE_ENV");
  InputSpec ext = one({{"externalDependencies", {"react", "vite"}}});
  EXPECT_EQ(ext.kind, Kind::k_external);
  EXPECT_EQ(ext.externals, (std::vector<std::string>{"react", "vite"}));
  InputSpec outs = one({{"dependentTasksOutputFiles", "**/*.d.ts"}, {"transitive", true}});
  EXPECT_EQ(outs.kind, Kind::k_dependent_outputs);
  EXPECT_EQ(outs.value, "**/*.d.ts");
  EXPECT_TRUE(outs.transitive);
}

TEST(ParseInputs, ANegatedObjectFileSet) {
  InputSpec in = one({{"fileset", "!{projectRoot}/**/*.md"}});
  EXPECT_TRUE(in.negated);
  EXPECT_EQ(in.value, "{projectRoot}/**/*.md");
}

TEST(ParseInputs, KeepsTheOrderWritten) {
  Parsed p = parse(json::array({"^production", "{projectRoot}/a", {{"env", "X"}}, "default"}));
  ASSERT_EQ(p.inputs.size(), 4u);
  EXPECT_EQ(p.inputs[0].kind, Kind::k_named);
  EXPECT_EQ(p.inputs[1].kind, Kind::k_fileset);
  EXPECT_EQ(p.inputs[2].kind, Kind::k_env);
  EXPECT_EQ(p.inputs[3].value, "default");
}

TEST(ParseDependsOn, StringsAreOwnTargetsOrTheDependenciesTargets) {
  auto d = parse_depends_on(json::array({"lint", "^build"}));
  ASSERT_EQ(d.size(), 2u);
  EXPECT_EQ(d[0].target, "lint");
  EXPECT_FALSE(d[0].dependencies);
  EXPECT_EQ(d[1].target, "build");
  EXPECT_TRUE(d[1].dependencies);
}

TEST(ParseDependsOn, ALoneCaretIsATargetNamedCaret) {
  auto d = parse_depends_on(json::array({"^"}));
  ASSERT_EQ(d.size(), 1u);
  EXPECT_EQ(d[0].target, "^");
  EXPECT_FALSE(d[0].dependencies);
}

TEST(ParseDependsOn, ObjectsWithProjectsAndForwardedParams) {
  auto d = parse_depends_on(
      json::array({{{"target", "build"}, {"projects", {"api", "web"}}, {"params", "forward"}},
                   {{"target", "gen"}, {"projects", "tools"}},
                   {{"target", "build-*"}, {"dependencies", true}, {"params", "ignore"}}}));
  ASSERT_EQ(d.size(), 3u);
  EXPECT_EQ(d[0].projects, (std::vector<std::string>{"api", "web"}));
  EXPECT_TRUE(d[0].forward_params);
  EXPECT_EQ(d[1].projects, (std::vector<std::string>{"tools"}));
  EXPECT_FALSE(d[1].forward_params);
  EXPECT_EQ(d[2].target, "build-*");
  EXPECT_TRUE(d[2].dependencies);
  EXPECT_TRUE(d[2].projects.empty());
}

TEST(ParseDependsOn, LegacySelfAndDependenciesProjectValues) {
  auto d = parse_depends_on(json::array({{{"target", "build"}, {"projects", "dependencies"}},
                                         {{"target", "lint"}, {"projects", "self"}},
                                         {{"target", "x"}, {"projects", {"self", "api"}}}}));
  ASSERT_EQ(d.size(), 3u);
  EXPECT_TRUE(d[0].dependencies);
  EXPECT_TRUE(d[0].projects.empty());
  EXPECT_FALSE(d[1].dependencies);
  EXPECT_TRUE(d[1].projects.empty());
  EXPECT_EQ(d[2].projects, (std::vector<std::string>{"api"}));
}

TEST(ParseDependsOn, AnEmptyListIsNoDependencies) {
  EXPECT_TRUE(parse_depends_on(json::array()).empty());
}

}  // namespace
}  // namespace strata
