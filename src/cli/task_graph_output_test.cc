#include "cli/task_graph_output.h"

#include <gtest/gtest.h>

#include "util/temp_dir.h"

namespace strata::cli {
namespace {

using nlohmann::json;
using testutil::TempDir;

// web:build depends on lib:build; web:test depends on web:build.
struct Fixture {
  TempDir dir;
  Context ctx;
  TaskGraph graph;

  Fixture() {
    ctx.workspace.root = dir.root();
    Project lib;
    lib.name = "lib";
    lib.root = "libs/lib";
    Target build;
    build.name = "build";
    build.outputs = {"{projectRoot}/dist", "{options.outDir}"};
    build.options = {{"outDir", "libs/lib/types"}};
    lib.targets["build"] = build;
    Project web;
    web.name = "web";
    web.root = "apps/web";
    ctx.workspace.projects = {lib, web};
    add("lib:build", "lib", "build", {});
    add("web:build", "web", "build", {0});
    add("web:test", "web", "test", {1});
  }

  Task& add(std::string id, std::string project, std::string target, std::vector<size_t> deps) {
    Task t;
    t.id = std::move(id);
    t.project = std::move(project);
    t.target = std::move(target);
    t.deps = std::move(deps);
    graph.index[t.id] = graph.tasks.size();
    graph.tasks.push_back(std::move(t));
    return graph.tasks.back();
  }
};

TEST(TaskGraphJson, HasNxsTopLevelShape) {
  Fixture f;
  json j = task_graph_to_nx_json(f.ctx, f.graph);
  EXPECT_EQ(j["roots"], json::array({"lib:build"}));
  EXPECT_EQ(j["dependencies"]["web:test"], json::array({"web:build"}));
  EXPECT_EQ(j["dependencies"]["lib:build"], json::array());
  EXPECT_EQ(j["continuousDependencies"]["web:build"], json::array());
  EXPECT_EQ(j["tasks"].size(), 3u);
}

TEST(TaskGraphJson, ATaskNamesItsTargetRootAndResolvedOutputs) {
  Fixture f;
  json t = task_graph_to_nx_json(f.ctx, f.graph)["tasks"]["lib:build"];
  EXPECT_EQ(t["id"], "lib:build");
  EXPECT_EQ(t["target"], (json{{"project", "lib"}, {"target", "build"}}));
  EXPECT_EQ(t["projectRoot"], "libs/lib");
  EXPECT_EQ(t["outputs"], json::array({"libs/lib/dist", "libs/lib/types"}));
  EXPECT_EQ(t["overrides"], json::object());
}

TEST(TaskGraphJson, ConfigurationAndArgumentsAppearOnlyWhenGiven) {
  Fixture f;
  f.graph.tasks[1].configuration = "production";
  f.graph.tasks[1].args = {"--verbose", "--x=1"};
  json j = task_graph_to_nx_json(f.ctx, f.graph);
  EXPECT_EQ(j["tasks"]["web:build"]["target"]["configuration"], "production");
  EXPECT_EQ(j["tasks"]["web:build"]["overrides"]["__overrides_unparsed__"],
            json::array({"--verbose", "--x=1"}));
  EXPECT_FALSE(j["tasks"]["lib:build"]["target"].contains("configuration"));
}

TEST(TaskGraphJson, ATaskOfAnUnknownTargetOrProjectHasNoOutputs) {
  Fixture f;
  f.add("ghost:build", "ghost", "build", {});
  json j = task_graph_to_nx_json(f.ctx, f.graph);
  EXPECT_EQ(j["tasks"]["web:test"]["outputs"], json::array());
  EXPECT_EQ(j["tasks"]["ghost:build"]["projectRoot"], "");
  EXPECT_EQ(j["roots"], json::array({"lib:build", "ghost:build"}));
}

TEST(TaskGraphJson, AnEmptyGraphIsEmptyObjectsNotNulls) {
  Fixture f;
  f.graph = {};
  json j = task_graph_to_nx_json(f.ctx, f.graph);
  EXPECT_TRUE(j["tasks"].is_object());
  EXPECT_TRUE(j["dependencies"].is_object());
  EXPECT_TRUE(j["roots"].is_array());
}

TEST(TaskGraphHtml, TitlesSayTasks) {
  Fixture f;
  std::string html = task_graph_to_html(f.graph);
  EXPECT_NE(html.find("Task graph"), std::string::npos);
  EXPECT_EQ(html.find("Project graph"), std::string::npos);
  EXPECT_NE(html.find("web:test"), std::string::npos);
}

TEST(TaskGraphHtml, ATaskIdCannotCloseTheScript) {
  Fixture f;
  f.add("x</script><script>alert(1)</script>:build", "x", "build", {0});
  std::string html = task_graph_to_html(f.graph);
  EXPECT_EQ(html.find("<script>alert(1)"), std::string::npos);
}

TEST(WriteTaskGraph, AJsonFileHoldsWhatStdoutWouldPrint) {
  Fixture f;
  std::string path = f.dir.path("out/graph.json").string();
  testing::internal::CaptureStderr();
  ExitCode code = write_task_graph(f.ctx, f.graph, path);
  std::string err = testing::internal::GetCapturedStderr();
  ASSERT_EQ(code, ExitCode::k_ok);
  EXPECT_EQ(json::parse(f.dir.read("out/graph.json")), task_graph_to_nx_json(f.ctx, f.graph));
  EXPECT_NE(err.find("Task graph written to " + path), std::string::npos);
}

TEST(WriteTaskGraph, AnHtmlFileHoldsThePage) {
  Fixture f;
  testing::internal::CaptureStderr();
  ExitCode code = write_task_graph(f.ctx, f.graph, f.dir.path("g.html").string());
  testing::internal::GetCapturedStderr();
  ASSERT_EQ(code, ExitCode::k_ok);
  EXPECT_EQ(f.dir.read("g.html"), task_graph_to_html(f.graph));
}

TEST(WriteTaskGraph, AnyOtherExtensionIsAUsageErrorAndWritesNothing) {
  Fixture f;
  testing::internal::CaptureStderr();
  ExitCode code = write_task_graph(f.ctx, f.graph, f.dir.path("g.svg").string());
  std::string err = testing::internal::GetCapturedStderr();
  EXPECT_EQ(code, ExitCode::k_usage);
  EXPECT_FALSE(f.dir.exists("g.svg"));
  EXPECT_NE(err.find("unknown file type"), std::string::npos) << err;
  EXPECT_NE(err.find("hint: "), std::string::npos) << err;
}

TEST(WriteTaskGraph, AnUnwritablePathFails) {
  Fixture f;
  f.dir.write("file", "x");
  testing::internal::CaptureStderr();
  ExitCode code = write_task_graph(f.ctx, f.graph, f.dir.path("file/g.json").string());
  std::string err = testing::internal::GetCapturedStderr();
  EXPECT_EQ(code, ExitCode::k_failure);
  EXPECT_NE(err.find("strata: error: "), std::string::npos) << err;
}

}  // namespace
}  // namespace strata::cli
