// `strata graph` and `strata show` run in-process through the real command
// table, on a workspace written to a temporary directory: what they print,
// where errors point, and the exit codes.

#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "cli/command.h"
#include "cli/command_test_support.h"
#include "util/temp_dir.h"

namespace strata::cli {
namespace {

using nlohmann::json;

using Output = testsupport::CommandOutput;

// api depends on libs-core; web on libs-core and libs-ui; only api and web
// have a test target.
struct Workspace {
  testutil::TempDir dir;

  Workspace() {
    dir.write("strata.json", "{}");
    project("libs/core", "libs-core", R"({"build": {"command": "echo core"}})", {"type:lib"});
    project("libs/ui", "libs-ui", R"({"build": {"command": "echo ui"}})", {"type:lib"});
    project("apps/api", "api", R"({"test": {"command": "echo t"}})", {"type:app"}, {"libs-core"});
    project("apps/web", "web", R"({"test": {"command": "echo t"}})", {"type:app"},
            {"libs-core", "libs-ui"});
  }
  void project(const std::string& root, const std::string& name, const std::string& targets,
               const std::vector<std::string>& tags, const std::vector<std::string>& deps = {}) {
    json p = {{"name", name}, {"targets", json::parse(targets)}, {"tags", tags}};
    if (!deps.empty()) p["implicitDependencies"] = deps;
    dir.write(root + "/project.json", p.dump(2));
  }

  Output run(std::vector<std::string> args) { return testsupport::run_in(dir.root(), {}, args); }
};

TEST(ShowProjects, ListsEveryProjectByName) {
  Workspace w;
  Output o = w.run({"show", "projects"});
  EXPECT_EQ(o.code, 0) << o.err;
  EXPECT_EQ(o.out, "api\nlibs-core\nlibs-ui\nweb\n");
}

TEST(ShowProjects, FiltersByTargetAndPattern) {
  Workspace w;
  EXPECT_EQ(w.run({"show", "projects", "--with-target", "test"}).out, "api\nweb\n");
  EXPECT_EQ(w.run({"show", "projects", "-p", "libs-*,web"}).out, "libs-core\nlibs-ui\nweb\n");
  EXPECT_EQ(w.run({"show", "projects", "-p", "tag:type:lib", "--with-target", "test"}).out, "");
  Output j = w.run({"show", "projects", "--json", "-p", "tag:type:app"});
  EXPECT_EQ(json::parse(j.out), json({"api", "web"}));
}

TEST(ShowProjects, AnUnknownProjectNameIsAnErrorWithAHint) {
  Workspace w;
  Output o = w.run({"show", "projects", "-p", "wbe"});
  EXPECT_EQ(o.code, 1);
  EXPECT_EQ(o.out, "");
  EXPECT_NE(o.err.find("strata: error: unknown project 'wbe'"), std::string::npos) << o.err;
  EXPECT_NE(o.err.find("did you mean 'web'"), std::string::npos) << o.err;
}

TEST(ShowProject, JsonHasTargetsDependenciesAndDependents) {
  Workspace w;
  Output o = w.run({"show", "project", "libs-core", "--json"});
  ASSERT_EQ(o.code, 0) << o.err;
  json j = json::parse(o.out);
  EXPECT_EQ(j["name"], "libs-core");
  EXPECT_EQ(j["root"], "libs/core");
  EXPECT_EQ(j["dependents"], json({"api", "web"}));
  EXPECT_EQ(j["dependencies"], json::array());
  EXPECT_EQ(j["cycle"], json::array());
  EXPECT_EQ(j["targets"]["build"]["options"]["command"], "echo core");
}

TEST(ShowProject, TextNamesTheDependenciesTypeAndTheTargets) {
  Workspace w;
  Output o = w.run({"show", "project", "web"});
  ASSERT_EQ(o.code, 0) << o.err;
  EXPECT_NE(o.out.find("  depends on:  libs-core (implicit), libs-ui (implicit)"),
            std::string::npos)
      << o.out;
  EXPECT_NE(o.out.find("  dependents:  (none)"), std::string::npos) << o.out;
  EXPECT_NE(o.out.find("      command:   echo t"), std::string::npos) << o.out;
}

TEST(ShowProject, ACycleIsNamed) {
  Workspace w;
  w.project("libs/core", "libs-core", R"({"build": {"command": "x"}})", {}, {"api"});
  Output o = w.run({"show", "project", "api", "--json"});
  ASSERT_EQ(o.code, 0) << o.err;
  EXPECT_EQ(json::parse(o.out)["cycle"], json({"api", "libs-core"}));
}

TEST(ShowProject, AnUnknownNameExitsOneWithADidYouMean) {
  Workspace w;
  Output o = w.run({"show", "project", "lib-core"});
  EXPECT_EQ(o.code, 1);
  EXPECT_NE(o.err.find("did you mean 'libs-core'"), std::string::npos) << o.err;
}

TEST(ShowProject, WithoutANameIsAUsageError) {
  Workspace w;
  EXPECT_EQ(w.run({"show", "project"}).code, 2);
  EXPECT_EQ(w.run({"show"}).code, 2);
}

TEST(Graph, JsonHasEveryNodeAndEdge) {
  Workspace w;
  Output o = w.run({"graph", "--json"});
  ASSERT_EQ(o.code, 0) << o.err;
  json g = json::parse(o.out)["graph"];
  EXPECT_EQ(g["nodes"].size(), 4u);
  EXPECT_EQ(g["dependencies"]["web"].size(), 2u);
  EXPECT_EQ(g["dependencies"]["libs-ui"], json::array());
}

TEST(Graph, FocusKeepsTheProjectItsDependenciesAndDependents) {
  Workspace w;
  Output o = w.run({"graph", "--json", "--focus", "libs-ui"});
  ASSERT_EQ(o.code, 0) << o.err;
  json nodes = json::parse(o.out)["graph"]["nodes"];
  EXPECT_TRUE(nodes.contains("libs-ui"));
  EXPECT_TRUE(nodes.contains("web"));
  EXPECT_FALSE(nodes.contains("api"));
}

TEST(Graph, FocusOnAnUnknownProjectFails) {
  Workspace w;
  Output o = w.run({"graph", "--focus", "nope"});
  EXPECT_EQ(o.code, 1);
  EXPECT_NE(o.err.find("unknown project 'nope'"), std::string::npos) << o.err;
}

TEST(Graph, TwoFormatsAtOnceIsAUsageError) {
  Workspace w;
  Output o = w.run({"graph", "--json", "--dot"});
  EXPECT_EQ(o.code, 2);
  EXPECT_EQ(o.out, "");
}

TEST(Graph, TheFileExtensionChoosesTheFormatAndRunsAgreeByteForByte) {
  Workspace w;
  std::string file = w.dir.path("out/graph.dot").string();
  Output first = w.run({"graph", "--file", file});
  ASSERT_EQ(first.code, 0) << first.err;
  EXPECT_NE(first.err.find("Wrote the project graph (4 projects) to " + file), std::string::npos)
      << first.err;
  std::string dot = w.dir.read("out/graph.dot");
  EXPECT_TRUE(dot.starts_with("digraph")) << dot.substr(0, 40);
  Output second = w.run({"graph", "--file", file});  // possibly from the graph output cache
  ASSERT_EQ(second.code, 0) << second.err;
  EXPECT_EQ(w.dir.read("out/graph.dot"), dot);
  EXPECT_EQ(w.run({"graph", "--dot"}).out, dot);
}

TEST(Graph, ARelativeFileIsUnderTheMinusCDirectory) {
  // -C DIR runs as if started in DIR, so relative paths are DIR's.
  Workspace w;
  std::string rel = "strata-graph-cmd-test-" + std::to_string(::getpid()) + ".json";
  Output o = w.run({"graph", "--file", rel});
  bool in_cwd = std::filesystem::exists(rel);
  std::filesystem::remove(rel);
  ASSERT_EQ(o.code, 0) << o.err;
  EXPECT_FALSE(in_cwd);
  EXPECT_TRUE(w.dir.exists(rel));
}

TEST(Graph, AConfigurationErrorPointsAtTheFileLineAndColumn) {
  Workspace w;
  w.dir.write("libs/ui/project.json",
              "{\n  \"name\": \"libs-ui\",\n  \"targets\": {\"build\": \"make\"}\n}");
  Output o = w.run({"graph", "--json"});
  EXPECT_EQ(o.code, 1);
  EXPECT_EQ(o.out, "");
  EXPECT_NE(o.err.find("strata: error: libs/ui/project.json:3:"), std::string::npos) << o.err;
  EXPECT_NE(o.err.find("target 'build' must be an object"), std::string::npos) << o.err;
}

TEST(Graph, ASyntaxErrorPointsAtItsLine) {
  Workspace w;
  w.dir.write("apps/api/project.json", "{\n  \"name\": \"api\",\n  oops\n}");
  Output o = w.run({"show", "projects"});
  EXPECT_EQ(o.code, 1);
  EXPECT_NE(o.err.find("apps/api/project.json:3:"), std::string::npos) << o.err;
}

}  // namespace
}  // namespace strata::cli
