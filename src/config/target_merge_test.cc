#include "config/target_merge.h"

#include <gtest/gtest.h>

namespace strata {
namespace {

using nlohmann::json;
using Kind = TargetLayer::Kind;

TargetLayer layer(Kind kind, std::string pointer = "/targets/build") {
  TargetLayer l;
  l.kind = kind;
  l.pointer = std::move(pointer);
  return l;
}

const TargetLayer k_inferred = layer(Kind::k_inferred, "/scripts/build");
const TargetLayer k_explicit = layer(Kind::k_explicit);
const TargetLayer k_defaults = layer(Kind::k_defaults, "/targetDefaults/build");

json run(const std::string& command) {
  return {{"executor", "nx:run-commands"}, {"options", {{"command", command}}}};
}

TEST(CompatibleTargets, AMissingExecutorIsCompatibleWithAny) {
  EXPECT_TRUE(compatible_targets(json::object(), {{"executor", "@nx/js:tsc"}}));
  EXPECT_TRUE(compatible_targets({{"executor", "@nx/js:tsc"}}, json::object()));
}

TEST(CompatibleTargets, DifferentExecutorsAreNot) {
  EXPECT_FALSE(compatible_targets({{"executor", "@nx/js:tsc"}}, {{"executor", "nx:noop"}}));
  EXPECT_TRUE(compatible_targets({{"executor", "@nx/js:tsc"}}, {{"executor", "@nx/js:tsc"}}));
}

TEST(CompatibleTargets, RunCommandsWithDifferentCommandsAreNot) {
  EXPECT_FALSE(compatible_targets(run("tsc"), run("vite build")));
  EXPECT_TRUE(compatible_targets(run("tsc"), run("tsc")));
  EXPECT_TRUE(compatible_targets(run("tsc"), {{"executor", "nx:run-commands"}}));
}

TEST(MergeLayer, OptionsMergeKeyByKeyAndRecordWhoSetEach) {
  MergedTarget t;
  merge_layer(t, {{"executor", "nx:run-commands"}, {"options", {{"command", "tsc"}, {"cwd", "a"}}}},
              k_inferred);
  merge_layer(t, {{"options", {{"cwd", "b"}}}, {"cache", true}}, k_explicit);
  EXPECT_EQ(t.value["options"], (json{{"command", "tsc"}, {"cwd", "b"}}));
  EXPECT_EQ(t.value["cache"], true);
  EXPECT_EQ(t.origin_of("options/command")->kind, Kind::k_inferred);
  EXPECT_EQ(t.origin_of("options/cwd")->kind, Kind::k_explicit);
  EXPECT_EQ(t.origin_of("cache")->kind, Kind::k_explicit);
  EXPECT_EQ(t.origin_of("options/none"), nullptr);
  EXPECT_EQ(t.executor(), "nx:run-commands");
  EXPECT_FALSE(t.empty);
}

TEST(MergeLayer, ConfigurationsMergePerConfigurationAndKey) {
  MergedTarget t;
  merge_layer(t, {{"configurations", {{"prod", {{"a", 1}, {"b", 2}}}}}}, k_inferred);
  merge_layer(t, {{"configurations", {{"prod", {{"b", 3}}}, {"dev", {{"c", 4}}}}}}, k_explicit);
  EXPECT_EQ(t.value["configurations"], (json{{"prod", {{"a", 1}, {"b", 3}}}, {"dev", {{"c", 4}}}}));
  EXPECT_EQ(t.origin_of("configurations/prod/a")->kind, Kind::k_inferred);
  EXPECT_EQ(t.origin_of("configurations/prod/b")->kind, Kind::k_explicit);
}

TEST(MergeLayer, AnIncompatibleLayerReplacesTheWholeTarget) {
  MergedTarget t;
  json first = run("tsc");
  first["cache"] = true;
  first["outputs"] = {"dist"};
  merge_layer(t, first, k_inferred);
  merge_layer(t, run("vite build"), k_explicit);
  EXPECT_EQ(t.value, run("vite build"));
  EXPECT_EQ(t.origin_of("cache"), nullptr);
  EXPECT_EQ(t.origin_of("options/command")->kind, Kind::k_explicit);
}

TEST(MergeLayer, TheDeclaredLayerIsTheMostSpecificExplicitOne) {
  MergedTarget t;
  merge_layer(t, run("tsc"), k_inferred);
  EXPECT_EQ(t.declared.kind, Kind::k_inferred);
  TargetLayer project_json = layer(Kind::k_explicit, "/targets/build");
  merge_layer(t, {{"cache", true}}, project_json);
  EXPECT_EQ(t.declared.kind, Kind::k_explicit);
  merge_layer(t, {{"cache", false}}, k_inferred);  // a later inferred layer does not take over
  EXPECT_EQ(t.declared.kind, Kind::k_explicit);
  EXPECT_EQ(t.declared.pointer, "/targets/build");
}

TEST(MergeLayer, AnEmptyTargetHasNoExecutorAndNoLocation) {
  MergedTarget t;
  EXPECT_EQ(t.executor(), "");
  EXPECT_FALSE(t.declared.loc().known());
  t.value["executor"] = 5;  // not a string: no executor rather than an exception
  EXPECT_EQ(t.executor(), "");
}

TEST(ApplyTargetDefaults, FillOnlyWhatProjectFilesLeftUnset) {
  MergedTarget t;
  merge_layer(t, {{"cache", false}, {"options", {{"cwd", "own"}}}}, k_explicit);
  apply_target_defaults(t,
                        {{"cache", true},
                         {"outputs", {"{projectRoot}/dist"}},
                         {"options", {{"cwd", "default"}, {"parallel", false}}}},
                        k_defaults);
  EXPECT_EQ(t.value["cache"], false);
  EXPECT_EQ(t.value["outputs"], json::array({"{projectRoot}/dist"}));
  EXPECT_EQ(t.value["options"], (json{{"cwd", "own"}, {"parallel", false}}));
  EXPECT_EQ(t.origin_of("outputs")->kind, Kind::k_defaults);
  EXPECT_EQ(t.origin_of("options/cwd")->kind, Kind::k_explicit);
}

TEST(ApplyTargetDefaults, OverrideInferredValues) {
  MergedTarget t;
  merge_layer(t, {{"cache", false}, {"configurations", {{"prod", {{"x", 1}}}}}}, k_inferred);
  apply_target_defaults(t, {{"cache", true}, {"configurations", {{"prod", {{"x", 2}, {"y", 3}}}}}},
                        k_defaults);
  EXPECT_EQ(t.value["cache"], true);
  EXPECT_EQ(t.value["configurations"]["prod"], (json{{"x", 2}, {"y", 3}}));
  EXPECT_EQ(t.origin_of("configurations/prod/x")->kind, Kind::k_defaults);
}

TEST(ApplyTargetDefaults, AreSkippedForAnotherExecutor) {
  MergedTarget t;
  merge_layer(t, {{"executor", "@nx/js:tsc"}}, k_explicit);
  apply_target_defaults(t, {{"executor", "nx:run-commands"}, {"cache", true}}, k_defaults);
  EXPECT_EQ(t.value, (json{{"executor", "@nx/js:tsc"}}));
}

TEST(FindTargetDefaultsKey, ExecutorThenNameThenLongestGlob) {
  std::map<std::string, json> d = {
      {"@nx/js:tsc", {}}, {"build", {}}, {"build-*", {}}, {"build-web-*", {}}, {"*", {}}};
  EXPECT_EQ(find_target_defaults_key(d, "build", "@nx/js:tsc"), "@nx/js:tsc");
  EXPECT_EQ(find_target_defaults_key(d, "build", "nx:run-commands"), "build");
  EXPECT_EQ(find_target_defaults_key(d, "build-web-prod", ""), "build-web-*");
  EXPECT_EQ(find_target_defaults_key(d, "build-api", ""), "build-*");
  EXPECT_EQ(find_target_defaults_key(d, "lint", ""), "*");
}

TEST(FindTargetDefaultsKey, NoneWhenNothingApplies) {
  std::map<std::string, json> d = {{"build", {}}, {"test-*", {}}};
  EXPECT_EQ(find_target_defaults_key(d, "lint", ""), "");
  EXPECT_EQ(find_target_defaults_key({}, "lint", "x"), "");
}

TEST(TargetLayerLoc, PointsIntoTheFile) {
  auto file = ConfigFile::from_json(
      "project.json", "{\n  \"targets\": {\n    \"build\": {\"executor\": \"x\"}\n  }\n}");
  ASSERT_TRUE(file->ok());
  TargetLayer l;
  l.file = file.get();
  l.pointer = "/targets/build";
  SourceLoc at = l.loc("/executor");
  EXPECT_EQ(at.file, "project.json");
  EXPECT_EQ(at.line, 3);
  EXPECT_GT(at.col, 0);
}

}  // namespace
}  // namespace strata
