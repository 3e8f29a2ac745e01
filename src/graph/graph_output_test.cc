#include "graph/graph_output.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <regex>

#include "graph/graph_test_util.h"

namespace strata {
namespace {

using ::testing::ElementsAre;
using testing::GraphFixture;
using ::testing::HasSubstr;
using ::testing::Not;
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
  EXPECT_THAT(text,
              HasSubstr("app [application] apps/app\n  → ui (dynamic)\n  → util (implicit)\n"));
  EXPECT_THAT(text, HasSubstr("ui [library] libs/ui\n  (no dependencies)\n"));
}

TEST_F(OutputTest, FocusKeepsDependenciesAndDependents) {
  auto focus = focus_graph(g, "ui");
  EXPECT_THAT(focus.nodes, ElementsAre("app", "ui"));
  auto j = to_nx_json(f.ws, focus);
  EXPECT_EQ(j["graph"]["dependencies"]["app"].size(), 1u);
  EXPECT_THAT(focus_graph(g, "app").nodes, ElementsAre("app", "ui", "util"));
}

// ui and util depend on each other; app sits outside the cycle.
struct CycleOutputTest : OutputTest {
  void SetUp() override {
    OutputTest::SetUp();
    g.dependencies["ui"].push_back({"ui", "util", DependencyType::k_static, ""});
    g.dependencies["util"].push_back(
        {"util", "ui", DependencyType::k_static, "libs/util/src/x.ts"});
  }
};

TEST_F(OutputTest, AcyclicOutputsHaveNoCycles) {
  EXPECT_EQ(to_nx_json(f.ws, g)["cycles"], nlohmann::json::array());
  EXPECT_THAT(to_text(f.ws, g), Not(HasSubstr("cycle")));
  EXPECT_THAT(to_dot(f.ws, g), Not(HasSubstr("red")));
}

TEST_F(CycleOutputTest, NxJsonKeepsItsShapeAndListsCyclesBesideIt) {
  auto j = to_nx_json(f.ws, g);
  EXPECT_EQ(j["graph"]["dependencies"]["util"],
            nlohmann::json::parse(R"([{"source":"util","target":"ui","type":"static"}])"));
  EXPECT_EQ(j["cycles"],
            nlohmann::json::parse(R"([{"projects":["ui","util"],"path":["ui","util","ui"]}])"));
  EXPECT_EQ(j["graph"].size(), 2u);  // nodes and dependencies only
}

TEST_F(CycleOutputTest, TextMarksCyclesAndTheirEdges) {
  std::string text = to_text(f.ws, g);
  EXPECT_THAT(text,
              HasSubstr("4 projects, 4 dependencies (2 static, 1 dynamic, 1 implicit), 1 cycle\n"));
  EXPECT_THAT(text, HasSubstr("\n  ui → util → ui\n"));
  EXPECT_THAT(text, HasSubstr("ui [library] libs/ui\n  → util [cycle]\n"));
  EXPECT_THAT(text,
              HasSubstr("app [application] apps/app\n  → ui (dynamic)\n  → util (implicit)\n"));
}

TEST_F(CycleOutputTest, DotColoursCycles) {
  std::string dot = to_dot(f.ws, g);
  EXPECT_THAT(dot, HasSubstr("// cycle: ui -> util -> ui"));
  EXPECT_THAT(dot, HasSubstr("\"ui\" -> \"util\" [color=red];"));
  EXPECT_THAT(dot, HasSubstr("\"app\" -> \"ui\" [style=dashed];"));
  EXPECT_THAT(dot, HasSubstr("\"util\" [tooltip=\"libs/util\", color=red];"));
}

TEST_F(CycleOutputTest, HtmlFlagsCycleEdgesAndListsCycles) {
  std::string html = to_html(f.ws, g);
  size_t b = html.find("application/json\">") + 18;
  auto data = nlohmann::json::parse(html.substr(b, html.find("</script>", b) - b));
  // Nodes are sorted: "</script>..." (0), app (1), ui (2), util (3).
  EXPECT_EQ(data["cycles"], nlohmann::json::parse(R"([{"projects":[2,3],"path":[2,3,2]}])"));
  size_t flagged = 0;
  for (const auto& e : data["edges"]) flagged += e[3].get<bool>();
  EXPECT_EQ(flagged, 2u);
  EXPECT_THAT(html, HasSubstr(".edge.cycle"));
}

TEST_F(CycleOutputTest, FocusKeepsOnlyTheCyclesItReaches) {
  auto focus = focus_graph(g, "app");
  EXPECT_EQ(to_nx_json(f.ws, focus)["cycles"].size(), 1u);  // app reaches the cycle
  ProjectGraph alone = focus_graph(g, "</script><script>alert(1)</script>");
  EXPECT_EQ(to_nx_json(f.ws, alone)["cycles"].size(), 0u);
}

// `strata graph --json` prints nx_json_text(): the document's bytes, written
// without building it.
TEST_F(OutputTest, NxJsonTextIsTheDocumentsDumpByteForByte) {
  Target& build = f.ws.projects[0].targets["build"];
  build.configurations["production"] = {{"minify", true}, {"list", {1, 2}}, {"empty", {}}};
  build.default_configuration = "production";
  build.options["nested"] = {{"a", nlohmann::json::array()}, {"b", nlohmann::json::object()}};
  build.depends_on.push_back(DependsOn{"lint", false, {"ui", "util"}, true});
  Target test;
  test.name = "test";  // no inputs, no outputs, no dependsOn
  f.ws.projects[0].targets["test"] = test;
  f.ws.projects[1].tags = {"quote\"back\\slash", "tab\there", "ünïcode", "ctl\x01"};
  f.ws.projects[1].root = "libs/\xc3\xa9t\xc3\xa9";
  EXPECT_EQ(nx_json_text(f.ws, g), to_nx_json(f.ws, g).dump(2) + "\n");
}

TEST_F(CycleOutputTest, NxJsonTextIsTheDocumentsDumpByteForByte) {
  EXPECT_EQ(nx_json_text(f.ws, g), to_nx_json(f.ws, g).dump(2) + "\n");
  ProjectGraph empty;
  EXPECT_EQ(nx_json_text(f.ws, empty), to_nx_json(f.ws, empty).dump(2) + "\n");
}

}  // namespace
}  // namespace strata
