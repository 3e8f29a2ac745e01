#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>

#include "graph/graph_test_util.h"
#include "graph/project_graph.h"
#include "util/temp_dir.h"

namespace strata {
namespace {

namespace fs = std::filesystem;
using ::testing::ElementsAre;
using testing::GraphFixture;
using testing::project;

TEST(GraphFromFiles, ScansOwnedSourcesOnDiskAndWritesTheCache) {
  testutil::TempDir temp("strata-graph-disk");
  const fs::path& dir = temp.root();
  auto write = [&](const std::string& rel, const std::string& text) { temp.write(rel, text); };
  write("tsconfig.base.json",
        R"({"compilerOptions": {"paths": {"@x/ui": ["libs/ui/src/index.ts"]}}})");
  write("apps/web/src/main.ts", "import {b} from '@x/ui';\n// import 'util';\n");
  write("libs/ui/src/index.ts", "export const b = 1;\n");
  write("libs/ui/README.md", "import 'web'\n");
  write("tools/py/run.py", "import util_pkg.core\n");
  write("libs/util/util_pkg/core.py", "\n");

  GraphFixture f;
  f.ws.root = dir;
  f.add(project("web", "apps/web"));
  f.add(project("ui", "libs/ui"));
  f.add(project("py", "tools/py"));
  f.add(project("util", "libs/util")).python_packages = {"util_pkg"};
  auto files = FileIndex::scan(dir);
  ASSERT_TRUE(files.ok()) << files.error().str();
  files->assign_owners(f.ws.projects);
  Diagnostics d;
  auto g = build_project_graph(f.ws, *files, d);
  ASSERT_TRUE(g.ok()) << g.error().str();
  EXPECT_THAT(GraphFixture::edges(*g), ElementsAre("py -> util (static)", "web -> ui (static)"));
  EXPECT_TRUE(fs::exists(dir / ".strata" / "imports-cache"));
  auto again = build_project_graph(f.ws, *files, d);
  ASSERT_TRUE(again.ok());
  EXPECT_EQ(GraphFixture::edges(*again), GraphFixture::edges(*g));
}

// A workspace that says JS/TS imports make no edges (Nx's analyzeSourceFiles
// false) still gets its Python imports and declared dependencies.
TEST(GraphFromFiles, WithoutJsAnalysisOnlyDeclarationsAndOtherLanguagesMakeEdges) {
  testutil::TempDir temp("strata-graph-nojs");
  const fs::path& dir = temp.root();
  temp.write("apps/web/src/main.ts", "import {b} from '@x/ui';\nimport('@x/lazy');\n");
  temp.write("libs/ui/src/index.ts", "export const b = 1;\n");
  temp.write("libs/lazy/src/index.ts", "export const c = 1;\n");
  temp.write("tools/py/run.py", "import util_pkg.core\n");
  temp.write("libs/util/util_pkg/core.py", "\n");

  GraphFixture f;
  f.ws.root = dir;
  f.ws.config.analyze_js_sources = false;
  f.add(project("web", "apps/web")).package_dependencies = {"@x/ui"};
  f.add(project("ui", "libs/ui")).package_name = "@x/ui";
  f.add(project("lazy", "libs/lazy")).package_name = "@x/lazy";
  f.add(project("py", "tools/py"));
  f.add(project("util", "libs/util")).python_packages = {"util_pkg"};
  auto files = FileIndex::scan(dir);
  ASSERT_TRUE(files.ok()) << files.error().str();
  files->assign_owners(f.ws.projects);
  Diagnostics d;
  auto g = build_project_graph(f.ws, *files, d);
  ASSERT_TRUE(g.ok()) << g.error().str();
  // No web -> lazy: only an import names it.
  EXPECT_THAT(GraphFixture::edges(*g), ElementsAre("py -> util (static)", "web -> ui (static)"));

  f.ws.config.analyze_js_sources = true;
  auto with_js = build_project_graph(f.ws, *files, d);
  ASSERT_TRUE(with_js.ok());
  EXPECT_THAT(GraphFixture::edges(*with_js),
              ElementsAre("py -> util (static)", "web -> lazy (dynamic)", "web -> ui (static)"));
}

}  // namespace
}  // namespace strata
