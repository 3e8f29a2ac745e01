// `strata graph` in its other formats and `show projects --affected`, run
// in-process: DOT edges that name both ends, HTML that needs nothing from
// the network, a focused graph in every format, the graph following a
// project that appears, and affected projects from --files.

#include <gtest/gtest.h>

#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "cli/command_test_support.h"
#include "util/temp_dir.h"

namespace strata::cli {
namespace {

using nlohmann::json;
using Output = testsupport::CommandOutput;

// app -> core, cli -> core; docs stands alone.
struct Workspace {
  testutil::TempDir dir;
  Workspace() {
    dir.write("strata.json", "{}");
    project("libs/core", "core", {});
    project("apps/app", "app", {"core"});
    project("apps/cli", "cli", {"core"});
    project("docs", "docs", {});
  }
  void project(const std::string& root, const std::string& name,
               const std::vector<std::string>& deps) {
    json p = {{"name", name}, {"targets", {{"build", {{"command", "true"}}}}}};
    if (!deps.empty()) p["implicitDependencies"] = deps;
    dir.write(root + "/project.json", p.dump());
  }
  Output run(const std::vector<std::string>& args) {
    return testsupport::run_in(dir.root(), {}, args);
  }
};

TEST(GraphFormats, DotNamesEveryProjectAndEveryEdge) {
  Workspace w;
  Output o = w.run({"graph", "--dot"});
  ASSERT_EQ(o.code, 0) << o.err;
  EXPECT_TRUE(o.out.starts_with("digraph")) << o.out;
  for (const char* name : {"\"app\"", "\"cli\"", "\"core\"", "\"docs\""})
    EXPECT_NE(o.out.find(name), std::string::npos) << name << " in " << o.out;
  EXPECT_NE(o.out.find("\"app\" -> \"core\""), std::string::npos) << o.out;
  EXPECT_NE(o.out.find("\"cli\" -> \"core\""), std::string::npos) << o.out;
  EXPECT_EQ(o.out.find("\"docs\" ->"), std::string::npos) << o.out;
}

TEST(GraphFormats, HtmlIsOnePageThatLoadsNothing) {
  Workspace w;
  Output o = w.run({"graph", "--html"});
  ASSERT_EQ(o.code, 0) << o.err;
  EXPECT_NE(o.out.find("<html"), std::string::npos);
  EXPECT_NE(o.out.find("core"), std::string::npos);
  EXPECT_EQ(o.out.find("src=\"http"), std::string::npos);  // self-contained
  EXPECT_EQ(o.out.find("href=\"http"), std::string::npos);
}

TEST(GraphFormats, AFocusedDotLeavesOutUnrelatedProjects) {
  Workspace w;
  Output o = w.run({"graph", "--dot", "--focus", "app"});
  ASSERT_EQ(o.code, 0) << o.err;
  EXPECT_NE(o.out.find("\"app\" -> \"core\""), std::string::npos) << o.out;
  EXPECT_EQ(o.out.find("\"docs\""), std::string::npos) << o.out;
  EXPECT_EQ(o.out.find("\"cli\""), std::string::npos) << o.out;  // a dependent of core only
}

TEST(GraphFormats, ANewProjectIsInTheNextGraph) {
  Workspace w;
  Output before = w.run({"graph", "--json"});
  ASSERT_EQ(before.code, 0) << before.err;
  w.project("tools/gen", "gen", {"core"});
  Output after = w.run({"graph", "--json"});
  ASSERT_EQ(after.code, 0) << after.err;
  json g = json::parse(after.out)["graph"];
  EXPECT_EQ(g["nodes"].size(), 5u);
  EXPECT_TRUE(g["nodes"].contains("gen"));
  EXPECT_NE(before.out, after.out);
}

TEST(ShowAffected, ChangedFilesSelectTheirProjectsAndDependents) {
  Workspace w;
  Output core = w.run({"show", "projects", "--affected", "--files", "libs/core/src/a.py"});
  EXPECT_EQ(core.code, 0) << core.err;
  EXPECT_EQ(core.out, "app\ncli\ncore\n");
  Output docs = w.run({"show", "projects", "--affected", "--files", "docs/index.md", "--json"});
  EXPECT_EQ(json::parse(docs.out), json({"docs"}));
  Output none = w.run({"show", "projects", "--affected", "--files", "README.md"});
  EXPECT_EQ(none.code, 0) << none.err;
  EXPECT_EQ(none.out, "");
}

TEST(ShowAffected, AffectedAndAPatternNarrowEachOther) {
  Workspace w;
  Output o = w.run({"show", "projects", "--affected", "--files", "libs/core/x.py", "-p", "apps/*"});
  EXPECT_EQ(o.code, 0) << o.err;
  EXPECT_EQ(o.out, "app\ncli\n");
}

}  // namespace
}  // namespace strata::cli
