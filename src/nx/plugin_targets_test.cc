#include "nx/plugin_targets.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <cstdlib>

#include "util/temp_dir.h"

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

// infer_nx_targets against a stand-in for Nx's entry point, run with the
// real node: what it is given, and each way the call can go wrong.
class InferNxTargets : public ::testing::Test {
 protected:
  void SetUp() override {
    if (std::system("node --version >/dev/null 2>&1") != 0) GTEST_SKIP() << "no node";
  }
  // `body` runs with `file` set to the path given as --file=.
  NxInstall nx(const std::string& body) {
    m_dir.write("fake-nx.js",
                "const file = process.argv.find(a => a.startsWith('--file=')).slice(7);\n"
                "const fs = require('fs');\n" +
                    body);
    return {m_dir.path("fake-nx.js").string(), "0.0.0"};
  }
  testutil::TempDir m_dir{"strata-nx-infer"};
};

constexpr const char* k_write_graph =
    "fs.writeFileSync(file, JSON.stringify({graph: {nodes: {a: {data: {root: 'libs/a', targets: {"
    "t: {executor: 'nx:run-commands', options: {daemon: process.env.NX_DAEMON, "
    "cache: process.env.NX_CACHE_DIRECTORY, args: process.argv.slice(2)}}}}}}}}));\n";

TEST_F(InferNxTargets, RunsNxGraphIntoStrataDirWithItsEnvironment) {
  std::string problem = "stale";
  auto targets = infer_nx_targets(m_dir.root(), nx(k_write_graph), &problem);
  ASSERT_TRUE(targets.ok()) << targets.error().message;
  const auto& options = targets->at("libs/a")["t"]["options"];
  EXPECT_EQ(options["daemon"], "false");
  EXPECT_EQ(options["cache"], (m_dir.root() / ".strata" / "nx" / "cache").string());
  EXPECT_EQ(
      options["args"],
      nlohmann::json::array({"graph", "--file=" + m_dir.path(".strata/nx/graph.json").string()}));
  EXPECT_EQ(problem, "");
  EXPECT_FALSE(m_dir.exists(".strata/nx/graph.json")) << "the graph file is left behind";
}

TEST_F(InferNxTargets, AFailedRunIsAnErrorWithNxsLastLine) {
  auto r = infer_nx_targets(
      m_dir.root(), nx("console.error('stack\\n  at x\\nCannot find plugin @nx/foo\\n\\n');\n"
                       "process.exit(3);\n"));
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().message, "`nx graph` exited 3: Cannot find plugin @nx/foo");
  r = infer_nx_targets(m_dir.root(), nx("console.log('only on stdout'); process.exit(1);\n"));
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().message, "`nx graph` exited 1: only on stdout");
}

TEST_F(InferNxTargets, APartialGraphIsUsedAndItsProblemReported) {
  std::string problem;
  auto targets = infer_nx_targets(
      m_dir.root(),
      nx(std::string(k_write_graph) +
         "console.log('\\n NX   2 errors occurred while processing the project graph. Showing "
         "partial graph.\\n');\n"),
      &problem);
  ASSERT_TRUE(targets.ok()) << targets.error().message;
  EXPECT_TRUE(targets->count("libs/a"));
  EXPECT_EQ(problem,
            "2 errors occurred while processing the project graph. Showing partial graph.");
}

TEST_F(InferNxTargets, AStaleGraphFileIsNeverReadForANewRun) {
  m_dir.write(".strata/nx/graph.json",
              R"({"graph": {"nodes": {"old": {"data": {"root": "old", "targets": {}}}}}})");
  auto r = infer_nx_targets(m_dir.root(), nx("// exits 0 and writes nothing\n"));
  EXPECT_FALSE(r.ok()) << "targets of an earlier run were returned";
}

TEST_F(InferNxTargets, AGraphNxCannotWriteIsAnError) {
  auto r = infer_nx_targets(m_dir.root(), nx("fs.writeFileSync(file, '{\"graph\": 1}');\n"));
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().message, "Nx's graph JSON has no graph.nodes object");
}

}  // namespace
}  // namespace strata
