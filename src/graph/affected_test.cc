#include "graph/affected.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "graph/graph_test_util.h"

namespace strata {
namespace {

using ::testing::ElementsAre;
using testing::GraphFixture;
using ::testing::IsEmpty;
using testing::project;

// app -> ui -> util; tool stands alone; inner is nested inside util.
struct AffectedTest : ::testing::Test {
  GraphFixture f;
  ProjectGraph g;
  void SetUp() override {
    f.add(project("app", "apps/app")).implicit_dependencies = {"ui"};
    f.add(project("ui", "libs/ui")).implicit_dependencies = {"util"};
    f.add(project("util", "libs/util"));
    f.add(project("inner", "libs/util/inner"));
    f.add(project("tool", "tools/tool"));
    Diagnostics d;
    auto built = f.build(d);
    ASSERT_TRUE(built.ok());
    g = *built;
  }
  std::vector<std::string> affected(std::vector<std::string> files) {
    return affected_projects(f.ws, g, files);
  }
};

TEST_F(AffectedTest, OwnerAndItsDependents) {
  EXPECT_THAT(affected({"libs/util/src/a.ts"}), ElementsAre("app", "ui", "util"));
  EXPECT_THAT(affected({"tools/tool/x.py"}), ElementsAre("tool"));
}

TEST_F(AffectedTest, NestedRootsGoToTheDeepestProject) {
  EXPECT_THAT(affected({"libs/util/inner/a.ts"}), ElementsAre("inner"));
}

TEST_F(AffectedTest, DeletedFilesCountByPath) {
  // The file no longer exists anywhere; its path still names its owner.
  EXPECT_THAT(affected({"libs/ui/src/removed.ts"}), ElementsAre("app", "ui"));
}

TEST_F(AffectedTest, FilesOutsideProjectsAffectNothing) {
  EXPECT_THAT(affected({"README.md", "docs/x.md"}), IsEmpty());
}

TEST_F(AffectedTest, GlobalFilesAffectEverything) {
  f.ws.config.global_files = {"package-lock.json", "**/*.lock"};
  EXPECT_THAT(affected({"package-lock.json"}), ElementsAre("app", "inner", "tool", "ui", "util"));
  EXPECT_THAT(affected({"sub/poetry.lock"}).size(), 5u);
}

TEST_F(AffectedTest, RootImplicitDependenciesMapFilesToProjects) {
  f.ws.config.implicit_dependencies["tsconfig.base.json"] = {"*"};
  f.ws.config.implicit_dependencies["tools/*.sh"] = {"tool", "ui"};
  EXPECT_THAT(affected({"tsconfig.base.json"}).size(), 5u);
  EXPECT_THAT(affected({"tools/release.sh"}), ElementsAre("app", "tool", "ui"));
}

InputSpec fileset(std::string v, bool negated = false) {
  InputSpec in;
  in.value = std::move(v);
  in.negated = negated;
  return in;
}
InputSpec named(std::string v, bool deps = false) {
  InputSpec in;
  in.kind = InputSpec::Kind::k_named;
  in.value = std::move(v);
  in.dependencies = deps;
  return in;
}

TEST_F(AffectedTest, TargetInputsNamingWorkspaceFiles) {
  f.ws.config.named_inputs["sharedGlobals"] = {fileset("{workspaceRoot}/tools/*.json")};
  f.ws.config.named_inputs["default"] = {fileset("{projectRoot}/**/*"), named("sharedGlobals")};
  f.ws.config.named_inputs["lintInputs"] = {fileset("{workspaceRoot}/.eslintrc.json")};
  // tool: through default -> sharedGlobals.
  f.get("tool").targets["build"].inputs = std::vector<InputSpec>{named("default")};
  // util: directly; its negation of another file does not count.
  f.get("util").targets["lint"].inputs = std::vector<InputSpec>{
      fileset("{workspaceRoot}/.eslintrc.json"), fileset("{workspaceRoot}/x.json", true)};
  // inner: only "^lintInputs", which is about its dependencies.
  f.get("inner").targets["lint"].inputs = std::vector<InputSpec>{named("lintInputs", true)};
  // ui: a target without declared inputs never counts.
  f.get("ui").targets["build"];
  EXPECT_THAT(affected({"tools/codegen.json"}), ElementsAre("tool"));
  EXPECT_THAT(affected({".eslintrc.json"}), ElementsAre("app", "ui", "util"));
  EXPECT_THAT(affected({"x.json"}), IsEmpty());
}

TEST_F(AffectedTest, RootProjectOwnsTheRest) {
  f.add(project("root", "."));
  EXPECT_THAT(touched_projects(f.ws, {"README.md", "./libs/ui/x.ts"}), ElementsAre("root", "ui"));
}

}  // namespace
}  // namespace strata
