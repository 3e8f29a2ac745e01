#include "graph/project_graph.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "graph/graph_test_util.h"

namespace strata {
namespace {

using ::testing::ElementsAre;
using testing::GraphFixture;
using ::testing::HasSubstr;
using ::testing::IsEmpty;
using testing::project;

TEST(ProjectGraph, PythonImportsResolveByLongestPackageMatch) {
  GraphFixture f;
  f.add(project("app", "apps/app", "python"));
  f.add(project("core", "libs/core", "python")).python_packages = {"acme"};
  f.add(project("billing", "libs/billing", "python")).python_packages = {"acme.billing"};
  f.contents["apps/app/main.py"] = "import acme.billing.api\nfrom acme import util\nimport os\n";
  f.contents["libs/core/acme/util.py"] = "from . import sibling\n";
  f.contents["libs/billing/acme/billing/api.py"] = "import acme.util\n";
  Diagnostics d;
  auto g = f.build(d);
  ASSERT_TRUE(g.ok()) << g.error().str();
  EXPECT_THAT(
      GraphFixture::edges(*g),
      ElementsAre("app -> billing (static)", "app -> core (static)", "billing -> core (static)"));
  EXPECT_EQ(g->dependencies.at("app")[0].file, "apps/app/main.py");
}

TEST(ProjectGraph, TsScopedPackagesSubpathsAndDynamic) {
  GraphFixture f;
  f.add(project("web", "apps/web"));
  f.add(project("ui", "libs/ui")).package_name = "@acme/ui";
  f.add(project("lazy", "libs/lazy")).package_name = "lazy";
  f.contents["apps/web/src/main.tsx"] =
      "import { Button } from '@acme/ui/button';\nconst m = import('lazy');\nimport 'react';\n";
  f.contents["libs/ui/src/index.ts"] = "export * from './button';\n";
  Diagnostics d;
  auto g = f.build(d);
  ASSERT_TRUE(g.ok());
  EXPECT_THAT(GraphFixture::edges(*g), ElementsAre("web -> lazy (dynamic)", "web -> ui (static)"));
}

TEST(ProjectGraph, StaticBeatsDynamicForTheSameTarget) {
  GraphFixture f;
  f.add(project("a", "a"));
  f.add(project("b", "b")).package_name = "b";
  f.contents["a/x.ts"] = "import('b');\n";
  f.contents["a/y.ts"] = "import b from 'b';\n";
  Diagnostics d;
  auto g = f.build(d);
  ASSERT_TRUE(g.ok());
  EXPECT_THAT(GraphFixture::edges(*g), ElementsAre("a -> b (static)"));
  EXPECT_EQ(g->dependencies.at("a")[0].file, "a/y.ts");
}

TEST(ProjectGraph, TsconfigPathsAndRelativeImportsIntoOtherProjects) {
  GraphFixture f;
  f.add(project("web", "apps/web"));
  f.add(project("ui", "libs/ui"));
  f.add(project("util", "libs/util"));
  f.add(project("data", "libs/data"));
  auto paths = TsPaths::parse(R"({
    // comments and trailing commas, as tsconfig allows
    "compilerOptions": {"baseUrl": ".", "paths": {
      "@acme/ui": ["libs/ui/src/index.ts"],
      "@acme/util/*": ["libs/util/src/*"],
    }},
  })",
                              "", "tsconfig.base.json");
  ASSERT_TRUE(paths.ok()) << paths.error().str();
  f.ts_paths = *paths;
  f.contents["apps/web/src/a.ts"] =
      "import {x} from '@acme/ui';\nimport {y} from '@acme/util/strings';\n"
      "import {z} from '../../../libs/data/src/z';\nimport {w} from './local';\n";
  f.contents["libs/ui/src/index.ts"] = "";
  f.contents["libs/util/src/strings.ts"] = "";
  Diagnostics d;
  auto g = f.build(d);
  ASSERT_TRUE(g.ok());
  EXPECT_THAT(GraphFixture::edges(*g),
              ElementsAre("web -> data (static)", "web -> ui (static)", "web -> util (static)"));
}

TEST(ProjectGraph, CppIncludesByIncludeDirsAndRelativePath) {
  GraphFixture f;
  f.add(project("app", "apps/app", "cpp"));
  f.add(project("core", "libs/core", "cpp"));  // default include dirs: include/, src/
  f.add(project("net", "libs/net", "cpp")).include_dirs = {"libs/net/api"};
  f.contents["apps/app/main.cc"] =
      "#include <core/core.h>\n#include \"net/socket.h\"\n#include "
      "\"../../libs/core/src/detail.h\"\n"
      "#include <vector>\n#include \"local.h\"\n";
  f.contents["apps/app/local.h"] = "";
  f.contents["libs/core/include/core/core.h"] = "";
  f.contents["libs/core/src/detail.h"] = "";
  f.contents["libs/net/api/net/socket.h"] = "#include <core/core.h>\n";
  Diagnostics d;
  auto g = f.build(d);
  ASSERT_TRUE(g.ok());
  EXPECT_THAT(GraphFixture::edges(*g),
              ElementsAre("app -> core (static)", "app -> net (static)", "net -> core (static)"));
}

TEST(ProjectGraph, PackageDependenciesNpmAndPep503) {
  GraphFixture f;
  f.add(project("web", "apps/web")).package_dependencies = {"@acme/ui", "react"};
  f.add(project("ui", "libs/ui")).package_name = "@acme/ui";
  f.add(project("svc", "apps/svc", "python")).package_dependencies = {"Acme_Models>=1.2",
                                                                      "requests"};
  f.add(project("models", "libs/models", "python")).package_name = "acme-models";
  Diagnostics d;
  auto g = f.build(d);
  ASSERT_TRUE(g.ok());
  EXPECT_THAT(GraphFixture::edges(*g), ElementsAre("svc -> models (static)", "web -> ui (static)"));
}

TEST(ProjectGraph, ImplicitDependenciesWithGlobsAndRemovals) {
  GraphFixture f;
  f.add(project("app", "app")).implicit_dependencies = {"shared-*", "!shared-b", "!lib"};
  f.add(project("shared-a", "shared/a"));
  f.add(project("shared-b", "shared/b"));
  f.add(project("lib", "lib")).package_name = "lib";
  f.contents["app/main.ts"] = "import 'lib';\n";
  Diagnostics d;
  auto g = f.build(d);
  ASSERT_TRUE(g.ok());
  EXPECT_THAT(GraphFixture::edges(*g), ElementsAre("app -> shared-a (implicit)"));
  EXPECT_THAT(g->dependencies.at("lib"), IsEmpty());
}

TEST(ProjectGraph, UnknownImplicitDependencyIsAnErrorWithSuggestion) {
  GraphFixture f;
  f.add(project("app", "app")).implicit_dependencies = {"utls"};
  f.add(project("utils", "utils"));
  Diagnostics d;
  auto g = f.build(d);
  ASSERT_FALSE(g.ok());
  ASSERT_TRUE(d.has_errors());
  EXPECT_THAT(d.items()[0].error.message, HasSubstr("unknown implicit dependency 'utls'"));
  EXPECT_THAT(d.items()[0].error.hint, HasSubstr("utils"));
  EXPECT_EQ(d.items()[0].error.loc.file, "app/project.json");
}

TEST(ProjectGraph, SelfEdgesAreDropped) {
  GraphFixture f;
  f.add(project("a", "a")).package_name = "a";
  f.get("a").implicit_dependencies = {"a"};
  f.get("a").package_dependencies = {"a"};
  f.contents["a/x.ts"] = "import 'a';\n";
  Diagnostics d;
  auto g = f.build(d);
  ASSERT_TRUE(g.ok());
  EXPECT_THAT(GraphFixture::edges(*g), IsEmpty());
}

TEST(ProjectGraph, CyclesAreKept) {
  GraphFixture f;
  f.add(project("a", "a")).package_name = "a";
  f.add(project("b", "b")).package_name = "b";
  f.add(project("c", "c")).package_name = "c";
  f.get("c").implicit_dependencies = {"a"};
  f.contents["a/x.ts"] = "import 'b';\n";
  f.contents["b/x.ts"] = "import 'c';\n";
  Diagnostics d;
  auto g = f.build(d);
  ASSERT_TRUE(g.ok()) << g.error().message;
  EXPECT_THAT(GraphFixture::edges(*g),
              ElementsAre("a -> b (static)", "b -> c (static)", "c -> a (implicit)"));
  EXPECT_THAT(d.items(), IsEmpty());
}

TEST(ProjectGraph, DependentsAreReverseEdges) {
  ProjectGraph g;
  g.nodes = {"a", "b", "c"};
  g.dependencies["a"] = {{"a", "c", DependencyType::k_static, ""}};
  g.dependencies["b"] = {{"b", "c", DependencyType::k_static, ""}};
  auto r = g.dependents();
  EXPECT_THAT(r["c"], ElementsAre("a", "b"));
  EXPECT_THAT(r["a"], IsEmpty());
  EXPECT_THAT(g.dependencies_of("a"), ElementsAre("c"));
}

TEST(ProjectGraph, NestedProjectOwnsItsFiles) {
  GraphFixture f;
  f.add(project("outer", "libs/outer")).package_name = "outer";
  f.add(project("inner", "libs/outer/inner")).package_name = "inner";
  f.contents["libs/outer/inner/x.ts"] = "import 'outer';\n";
  Diagnostics d;
  auto g = f.build(d);
  ASSERT_TRUE(g.ok());
  EXPECT_THAT(GraphFixture::edges(*g), ElementsAre("inner -> outer (static)"));
}

}  // namespace
}  // namespace strata
