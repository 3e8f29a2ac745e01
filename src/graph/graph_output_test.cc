#include "graph/graph_output.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <regex>

#include "graph/graph_test_util.h"

namespace strata {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::Not;
using testing::GraphFixture;
using testing::project;

struct OutputTest : ::testing::Test {
  GraphFixture f;
  ProjectGraph g;
  void SetUp() override {
    auto& app = f.add(project("app", "apps/app"));
    app.project_type = "application";
    app.tags = {"scope:web"};
    app.implicit_dependencies = {"util"};
    Target build;
    build.name = "build";
    build.options = {{"command", "tsc -b"}};
    build.outputs = {"{projectRoot}/dist"};
    build.cache = true;
    build.depends_on = {DependsOn{"build", true, {}, false}};
    InputSpec production, env;
    production.kind = InputSpec::Kind::k_named;
    production.value = "production";
    production.dependencies = true;
    env.kind = InputSpec::Kind::k_env;
    env.value = "NODE_ENV";
    build.inputs = std::vector<InputSpec>{production, env};
    app.targets["build"] = build;
    f.add(project("ui", "libs/ui")).package_name = "@acme/ui";
    f.add(project("util", "libs/util"));
    f.add(project("</script><script>alert(1)</script>", "libs/evil"));
    f.contents["apps/app/src/main.ts"] = "import('@acme/ui');\n";
    Diagnostics d;
    auto built = f.build(d);
    ASSERT_TRUE(built.ok());
    g = *built;
  }
};

TEST_F(OutputTest, NxJsonShape) {
  auto j = to_nx_json(f.ws, g);
  const auto& node = j["graph"]["nodes"]["app"];
  EXPECT_EQ(node["name"], "app");
  EXPECT_EQ(node["type"], "app");
  EXPECT_EQ(j["graph"]["nodes"]["ui"]["type"], "lib");
  EXPECT_EQ(node["data"]["root"], "apps/app");
  EXPECT_EQ(node["data"]["sourceRoot"], "apps/app/src");
  EXPECT_EQ(node["data"]["tags"], nlohmann::json({"scope:web"}));
  EXPECT_EQ(node["data"]["implicitDependencies"], nlohmann::json({"util"}));
  const auto& build = node["data"]["targets"]["build"];
  EXPECT_EQ(build["executor"], "nx:run-commands");
  EXPECT_EQ(build["options"]["command"], "tsc -b");
  EXPECT_EQ(build["dependsOn"], nlohmann::json({"^build"}));
  EXPECT_EQ(build["inputs"], nlohmann::json::parse(R"(["^production", {"env": "NODE_ENV"}])"));
  EXPECT_EQ(build["outputs"], nlohmann::json({"{projectRoot}/dist"}));
  EXPECT_EQ(j["graph"]["dependencies"]["app"],
            nlohmann::json::parse(R"([{"source":"app","target":"ui","type":"dynamic"},
                                      {"source":"app","target":"util","type":"implicit"}])"));
  EXPECT_EQ(j["graph"]["dependencies"]["ui"], nlohmann::json::array());
}

TEST_F(OutputTest, Dot) {
  std::string dot = to_dot(f.ws, g);
  EXPECT_THAT(dot, HasSubstr("digraph workspace {"));
  EXPECT_THAT(dot, HasSubstr("\"app\" -> \"ui\" [style=dashed];"));
  EXPECT_THAT(dot, HasSubstr("\"app\" -> \"util\" [style=dotted];"));
}

TEST_F(OutputTest, HtmlIsSelfContainedAndEmbedsTheData) {
  std::string html = to_html(f.ws, g);
  std::regex remote(R"((src|href)\s*=\s*["']?\s*(https?:)?//)", std::regex::icase);
  EXPECT_FALSE(std::regex_search(html, remote));
  EXPECT_THAT(html, Not(HasSubstr("<link")));
  EXPECT_THAT(html, HasSubstr("<script id=\"graph-data\" type=\"application/json\">"));
  EXPECT_THAT(html, HasSubstr("\"name\":\"app\""));
  EXPECT_THAT(html, HasSubstr("\"scope:web\""));
  // A project name cannot close the data block early.
  EXPECT_THAT(html, Not(HasSubstr("</script><script>alert")));
  EXPECT_THAT(html, HasSubstr("\\u003c/script>"));
  // The data parses back.
  size_t b = html.find("application/json\">") + 18;
  auto data = nlohmann::json::parse(html.substr(b, html.find("</script>", b) - b));
  EXPECT_EQ(data["nodes"].size(), 4u);
  EXPECT_EQ(data["edges"].size(), 2u);
}

TEST_F(OutputTest, TextSummary) {
  std::string text = to_text(f.ws, g);
  EXPECT_THAT(text, HasSubstr("4 projects, 2 dependencies (0 static, 1 dynamic, 1 implicit)"));
  EXPECT_THAT(text, HasSubstr("app [application] apps/app\n  → ui (dynamic)\n  → util (implicit)\n"));
  EXPECT_THAT(text, HasSubstr("ui [library] libs/ui\n  (no dependencies)\n"));
}

TEST_F(OutputTest, FocusKeepsDependenciesAndDependents) {
  auto focus = focus_graph(g, "ui");
  EXPECT_THAT(focus.nodes, ElementsAre("app", "ui"));
  auto j = to_nx_json(f.ws, focus);
  EXPECT_EQ(j["graph"]["dependencies"]["app"].size(), 1u);
  EXPECT_THAT(focus_graph(g, "app").nodes, ElementsAre("app", "ui", "util"));
}

}  // namespace
}  // namespace strata
