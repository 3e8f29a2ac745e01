#include "nx/plugin_targets.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

namespace strata {
namespace {

TEST(PluginTargets, TakesEachProjectsTargetsByRoot) {
  auto targets = parse_nx_graph_targets(R"({"graph": {
    "nodes": {
      "a": {"name": "a", "type": "lib", "data": {"root": "libs/a", "targets": {
        "test": {"executor": "nx:run-commands", "options": {"command": "jest"}}}}},
      "root": {"name": "root", "type": "app", "data": {"root": ".", "targets": {}}},
      "b": {"name": "b", "type": "lib", "data": {"root": "./libs/b/"}},
      "npm:x": {"name": "npm:x", "type": "npm", "data": {"version": "1"}}
    },
    "dependencies": {}
  }})");
  ASSERT_TRUE(targets.ok()) << targets.error().message;
  ASSERT_EQ(targets->size(), 3u);
  EXPECT_EQ(targets->at("libs/a")["test"]["options"]["command"], "jest");
  EXPECT_TRUE(targets->at(".").empty());
  EXPECT_TRUE(targets->at("libs/b").empty());
}

TEST(PluginTargets, ValuesOfTheWrongShapeAreDropped) {
  auto targets = parse_nx_graph_targets(R"({"graph": {"nodes": {
    "a": {"data": {"root": "a", "targets": {
      "bad": 3,
      "t": {"executor": "nx:run-commands", "options": [], "outputs": [1], "cache": "yes",
            "inputs": ["default", 2, {"env": "X"}, ""],
            "dependsOn": ["^build", {"target": "x", "projects": 7}, {"projects": ["a"]},
                          {"target": "y", "projects": ["b"]}]}}}}}}})");
  ASSERT_TRUE(targets.ok());
  const auto& t = targets->at("a")["t"];
  EXPECT_FALSE(targets->at("a").contains("bad"));
  EXPECT_FALSE(t.contains("options"));
  EXPECT_FALSE(t.contains("outputs"));
  EXPECT_FALSE(t.contains("cache"));
  EXPECT_EQ(t["inputs"], nlohmann::json::parse(R"(["default", {"env": "X"}])"));
  EXPECT_EQ(t["dependsOn"],
            nlohmann::json::parse(R"(["^build", {"target": "y", "projects": ["b"]}])"));
}

TEST(PluginTargets, PartialGraphProblemIsNxsOwnLine) {
  EXPECT_EQ(partial_graph_problem("JSON output created\n"), "");
  EXPECT_EQ(
      partial_graph_problem("stack\n\n NX   3 errors occurred while processing the project graph. "
                            "Showing partial graph.\n\nmore\n"),
      "3 errors occurred while processing the project graph. Showing partial graph.");
}

TEST(PluginTargets, NotAGraphIsAnError) {
  EXPECT_FALSE(parse_nx_graph_targets("[]").ok());
  EXPECT_FALSE(parse_nx_graph_targets("not json").ok());
  EXPECT_THAT(parse_nx_graph_targets(R"({"graph": {}})").error().message,
              ::testing::HasSubstr("graph.nodes"));
}

}  // namespace
}  // namespace strata
