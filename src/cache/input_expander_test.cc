#include "cache/input_expander.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

namespace strata {

namespace {

InputSpec fileset(std::string v) {
  InputSpec s;
  s.value = std::move(v);
  return s;
}
InputSpec named(std::string v, bool deps = false) {
  InputSpec s;
  s.kind = InputSpec::Kind::k_named;
  s.value = std::move(v);
  s.dependencies = deps;
  return s;
}
InputSpec env(std::string v) {
  InputSpec s;
  s.kind = InputSpec::Kind::k_env;
  s.value = std::move(v);
  return s;
}

std::vector<std::string> select(const ExpandedInputs& in, const std::vector<std::string>& files) {
  std::vector<const std::string*> out;
  in.project_globs.select(files, out);
  in.workspace_globs.select(files, out);
  std::vector<std::string> v;
  for (auto* f : out)
    if (!in.negations.matches(*f)) v.push_back(*f);
  std::sort(v.begin(), v.end());
  return v;
}

struct ExpanderFixture : ::testing::Test {
  Workspace ws;
  Project a;
  void SetUp() override {
    ws.config.named_inputs["sharedGlobals"] = {fileset("{workspaceRoot}/babel.config.json")};
    ws.config.named_inputs["default"] = {fileset("{projectRoot}/**/*"), named("sharedGlobals")};
    ws.config.named_inputs["production"] = {named("default"),
                                            fileset("!{projectRoot}/**/*.spec.ts")};
    a.name = "a";
    a.root = "libs/a";
  }
};

const std::vector<std::string> k_files{"babel.config.json", "libs/a/src/x.spec.ts",
                                       "libs/a/src/x.ts", "libs/b/src/y.ts", "package.json"};

}  // namespace

TEST_F(ExpanderFixture, ExpandsNamedInputsWithNegations) {
  auto r = expand_inputs(ws, a, {named("production"), env("NODE_ENV")}, {});
  ASSERT_TRUE(r.ok()) << r.error().str();
  EXPECT_EQ(select(*r, k_files),
            (std::vector<std::string>{"babel.config.json", "libs/a/src/x.ts"}));
  EXPECT_EQ(r->env, std::vector<std::string>{"NODE_ENV"});
}

TEST_F(ExpanderFixture, ProjectLevelOverridesWorkspaceLevel) {
  a.named_inputs["production"] = {fileset("{projectRoot}/src/x.ts")};
  auto r = expand_inputs(ws, a, {named("production")}, {});
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(select(*r, k_files), std::vector<std::string>{"libs/a/src/x.ts"});
}

TEST_F(ExpanderFixture, DefaultInputsAreDefaultAndCaretDefault) {
  Target t;
  auto inputs = target_inputs(t);
  ASSERT_EQ(inputs.size(), 2u);
  EXPECT_FALSE(inputs[0].dependencies);
  EXPECT_TRUE(inputs[1].dependencies);
  auto r = expand_inputs(ws, a, inputs, {});
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(r->dependency_inputs, std::vector<std::string>{"default"});
}

TEST_F(ExpanderFixture, BuiltinDefaultWhenUndefined) {
  ws.config.named_inputs.clear();
  auto r = expand_inputs(ws, a, {named("default")}, {});
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(select(*r, k_files),
            (std::vector<std::string>{"libs/a/src/x.spec.ts", "libs/a/src/x.ts"}));
}

TEST_F(ExpanderFixture, DependencyFilesetsHashTheDependenciesDefaultInput) {
  InputSpec deps = fileset("{projectRoot}/tsconfig.lib.json");
  deps.dependencies = true;
  auto r = expand_inputs(
      ws, a, {fileset("{projectRoot}/src/x.ts"), deps, named("default", true), deps}, {});
  ASSERT_TRUE(r.ok()) << r.error().str();
  EXPECT_EQ(select(*r, k_files), (std::vector<std::string>{"libs/a/src/x.ts"}));
  EXPECT_THAT(r->dependency_inputs, ::testing::ElementsAre("default"));
}

TEST_F(ExpanderFixture, RootProjectFilesets) {
  a.root = ".";
  auto r = expand_inputs(ws, a, {fileset("{projectRoot}/package.json")}, {});
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(select(*r, k_files), std::vector<std::string>{"package.json"});
}

TEST_F(ExpanderFixture, UnknownNamedInputSuggests) {
  auto r = expand_inputs(ws, a, {named("prodution")}, SourceLoc{"libs/a/project.json", 3, 5});
  ASSERT_FALSE(r.ok());
  EXPECT_THAT(r.error().message, ::testing::HasSubstr("prodution"));
  EXPECT_THAT(r.error().hint, ::testing::HasSubstr("production"));
  EXPECT_EQ(r.error().loc.line, 3);
}

TEST_F(ExpanderFixture, CyclesAndCaretInsideNamedInputsAreErrors) {
  ws.config.named_inputs["x"] = {named("y")};
  ws.config.named_inputs["y"] = {named("x")};
  auto r = expand_inputs(ws, a, {named("x")}, {});
  ASSERT_FALSE(r.ok());
  EXPECT_THAT(r.error().message, ::testing::HasSubstr("x -> y -> x"));
  ws.config.named_inputs["z"] = {named("default", true)};
  EXPECT_FALSE(expand_inputs(ws, a, {named("z")}, {}).ok());
}

TEST(GlobSet, ShapesAgreeWithTheGeneralMatcher) {  // select() takes sorted lists
  const std::vector<std::string> files{"a/b.ts",  "a/b/c.js", "a/b/c.ts", "a/bc.ts",
                                       "ab/x.ts", "b/a.ts",   "x.ts"};
  for (std::string pattern :
       {"a/**/*", "a/**", "a/**/*.ts", "a/b.ts", "a/*.ts", "**/*.ts", "a/{b,bc}.ts", "a/b/?.js"}) {
    GlobSet g;
    g.add(pattern);
    std::vector<const std::string*> out;
    g.select(files, out);
    std::vector<std::string> got;
    for (auto* f : out) got.push_back(*f);
    std::sort(got.begin(), got.end());
    std::vector<std::string> want;
    for (const auto& f : files)
      if (g.matches(f)) want.push_back(f);
    EXPECT_EQ(got, want) << pattern;
  }
  GlobSet g;
  g.add("a/**/*.ts");
  EXPECT_TRUE(g.matches("a/b/c.ts"));
  EXPECT_FALSE(g.matches("ab/x.ts"));
  EXPECT_FALSE(g.matches("a/b/c.js"));
}

}  // namespace strata
