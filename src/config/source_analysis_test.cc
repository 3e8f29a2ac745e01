// Which workspaces read JavaScript/TypeScript imports into the graph: Nx's
// rule for nx.json (pluginsConfig["@nx/js"].analyzeSourceFiles, else the
// root package.json's Nx plugins), Strata's default for strata.json.

#include <gtest/gtest.h>

#include "config/root_config.h"
#include "config/test_workspace.h"

namespace strata {
namespace {

using testing::TestWorkspace;

struct Decision {
  bool analyze = false;
  std::string report;
};

Decision decide(TestWorkspace& w) {
  Diagnostics diags;
  RootConfig c = read_root_config(w.root(), w.files(), diags);
  Decision d{c.config.analyze_js_sources, {}};
  for (const auto& item : diags.items()) d.report += item.error.str() + "\n";
  return d;
}

TEST(SourceAnalysis, AnNxWorkspaceWithoutNxPluginsReadsDeclarationsOnly) {
  TestWorkspace w;
  w.write("nx.json", R"({"targetDefaults": {}})");
  w.write("package.json", R"({"name": "root", "devDependencies": {"nx": "22.6.5"}})");
  Decision d = decide(w);
  EXPECT_FALSE(d.analyze);
  EXPECT_EQ(d.report, "");
}

TEST(SourceAnalysis, AnNxFrameworkPluginInTheRootPackageJsonTurnsItOn) {
  for (const char* plugin :
       {"@nx/js", "@nx/workspace", "@nx/react", "@nx/angular", "@nx/web", "@nx/node", "@nx/next"}) {
    TestWorkspace w;
    w.write("nx.json", "{}");
    w.write("package.json", std::string(R"({"dependencies": {")") + plugin + R"(": "22.6.5"}})");
    EXPECT_TRUE(decide(w).analyze) << plugin;
  }
  TestWorkspace other;
  other.write("nx.json", "{}");
  other.write("package.json", R"({"devDependencies": {"@nx/jest": "22.6.5"}})");
  EXPECT_FALSE(decide(other).analyze) << "a test-runner plugin is not a framework plugin";
}

TEST(SourceAnalysis, PluginsConfigDecidesWhenPresent) {
  TestWorkspace on;
  on.write("nx.json", R"({"pluginsConfig": {"@nx/js": {"analyzeSourceFiles": true}}})");
  on.write("package.json", "{}");
  EXPECT_TRUE(decide(on).analyze);

  TestWorkspace off;
  off.write("nx.json", R"({"pluginsConfig": {"@nx/js": {"analyzeSourceFiles": false}}})");
  off.write("package.json", R"({"devDependencies": {"@nx/js": "22.6.5"}})");
  EXPECT_FALSE(decide(off).analyze) << "an explicit false wins over the plugin's presence";

  TestWorkspace bare;  // the plugin's entry without the key: Nx's default, true
  bare.write("nx.json", R"({"pluginsConfig": {"@nx/js": {"analyzeLockfile": true}}})");
  EXPECT_TRUE(decide(bare).analyze);

  TestWorkspace legacy;
  legacy.write("nx.json", R"({"pluginsConfig": {"@nrwl/js": {"analyzeSourceFiles": false}}})");
  legacy.write("package.json", R"({"devDependencies": {"@nx/js": "22.6.5"}})");
  EXPECT_FALSE(decide(legacy).analyze);
}

TEST(SourceAnalysis, NxWithoutARootPackageJsonReadsNoImports) {
  TestWorkspace w;
  w.write("nx.json", "{}");
  w.write("apps/web/project.json", R"({"name": "web"})");
  EXPECT_FALSE(decide(w).analyze);
}

TEST(SourceAnalysis, StrataWorkspacesAndPlainPackageWorkspacesReadImports) {
  TestWorkspace strata;
  strata.write("strata.json", "{}");
  strata.write("package.json", R"({"workspaces": ["packages/*"]})");
  EXPECT_TRUE(decide(strata).analyze);

  TestWorkspace plain;
  plain.write("package.json", R"({"workspaces": ["packages/*"]})");
  EXPECT_TRUE(decide(plain).analyze);

  TestWorkspace opted_out;
  opted_out.write("strata.json", R"({"pluginsConfig": {"@nx/js": {"analyzeSourceFiles": false}}})");
  EXPECT_FALSE(decide(opted_out).analyze);
}

TEST(SourceAnalysis, AWrongTypeIsAnErrorAtItsKey) {
  TestWorkspace w;
  w.write("nx.json", "{\n  \"pluginsConfig\": {\"@nx/js\": {\"analyzeSourceFiles\": \"no\"}}\n}");
  Decision d = decide(w);
  EXPECT_NE(d.report.find("nx.json:2:"), std::string::npos) << d.report;
  EXPECT_NE(d.report.find("analyzeSourceFiles"), std::string::npos) << d.report;

  TestWorkspace not_object;
  not_object.write("nx.json", R"({"pluginsConfig": {"@nx/js": true}})");
  d = decide(not_object);
  EXPECT_NE(d.report.find("'@nx/js' must be an object"), std::string::npos) << d.report;
}

}  // namespace
}  // namespace strata
