// `strata completion` and the hidden `strata __complete` run in-process:
// each shell's script from the real table, the names a Tab completes in a
// workspace (sorted, once each, and the same again from the warm snapshot),
// and the usage errors for what they do not know.

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "cli/command_test_support.h"
#include "util/temp_dir.h"

namespace strata::cli {
namespace {

using Output = testsupport::CommandOutput;

// Two projects sharing a target name, so names are printed once each.
struct Workspace {
  testutil::TempDir dir;
  Workspace() {
    dir.write("strata.json", "{}");
    dir.write("libs/core/project.json",
              R"({"name": "core", "targets": {"build": {"command": "true"},
                  "test": {"command": "true"}}})");
    dir.write("apps/web/project.json",
              R"({"name": "web", "targets": {"build": {"command": "true"},
                  "serve": {"command": "true"}}})");
  }
  Output run(const std::vector<std::string>& args) {
    return testsupport::run_in(dir.root(), {}, args);
  }
};

TEST(CompleteCommand, ProjectsTargetsAndTasksOneALineSorted) {
  Workspace w;
  Output projects = w.run({"__complete", "projects"});
  EXPECT_EQ(projects.code, 0) << projects.err;
  EXPECT_EQ(projects.out, "core\nweb\n");
  Output targets = w.run({"__complete", "targets"});
  EXPECT_EQ(targets.out, "build\nserve\ntest\n");
  Output tasks = w.run({"__complete", "tasks"});
  EXPECT_EQ(tasks.out, "core:build\ncore:test\nweb:build\nweb:serve\n");
}

TEST(CompleteCommand, TheWarmSnapshotGivesTheSameNames) {
  Workspace w;
  Output cold = w.run({"__complete", "tasks"});
  Output warm = w.run({"__complete", "tasks"});
  EXPECT_EQ(cold.out, warm.out);
  w.dir.write("tools/lint/project.json", R"({"name": "lint", "targets": {"run": {}}})");
  Output changed = w.run({"__complete", "projects"});
  EXPECT_EQ(changed.out, "core\nlint\nweb\n");  // a new project is seen at once
}

TEST(CompleteCommand, UnknownKindsAndMissingKindsAreUsageErrors) {
  Workspace w;
  EXPECT_EQ(w.run({"__complete", "files"}).code, 2);
  EXPECT_EQ(w.run({"__complete"}).code, 2);
}

TEST(CompleteCommand, OutsideAWorkspaceItFailsWithoutNames) {
  testutil::TempDir empty;
  Output o = testsupport::run_in(empty.root(), {}, {"__complete", "projects"});
  EXPECT_EQ(o.code, 1);
  EXPECT_EQ(o.out, "");
  EXPECT_NE(o.err.find("strata: error: "), std::string::npos) << o.err;
}

TEST(CompletionCommand, EachShellGetsItsOwnScript) {
  Workspace w;
  Output bash = w.run({"completion"});  // bash by default
  EXPECT_EQ(bash.code, 0);
  EXPECT_NE(bash.out.find("complete -F"), std::string::npos) << bash.out.substr(0, 200);
  Output zsh = w.run({"completion", "zsh"});
  EXPECT_NE(zsh.out.find("#compdef strata"), std::string::npos) << zsh.out.substr(0, 200);
  Output fish = w.run({"completion", "fish"});
  EXPECT_NE(fish.out.find("complete -c strata"), std::string::npos) << fish.out.substr(0, 200);
  EXPECT_NE(bash.out, zsh.out);
}

TEST(CompletionCommand, ScriptsNameTheRealCommands) {
  Workspace w;
  Output bash = w.run({"completion", "bash"});
  for (const char* command : {"run-many", "affected", "graph", "image", "manifests"})
    EXPECT_NE(bash.out.find(command), std::string::npos) << command;
  Output fish = w.run({"completion", "fish"});
  EXPECT_NE(fish.out.find("manifests"), std::string::npos);
}

TEST(CompletionCommand, AnUnknownShellIsAUsageError) {
  Workspace w;
  Output o = w.run({"completion", "powershell"});
  EXPECT_EQ(o.code, 2);
  EXPECT_EQ(o.out, "");
  EXPECT_NE(o.err.find("powershell"), std::string::npos) << o.err;
}

}  // namespace
}  // namespace strata::cli
