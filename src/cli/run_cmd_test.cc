// run, run-many and affected run in-process with --dry-run (nothing is
// executed): the task graph they would run, their selection, and the
// errors and exit codes before any task starts.

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

// lib <- api (api:build needs ^build); tools has no build target.
struct Workspace {
  testutil::TempDir dir;

  Workspace() {
    dir.write("strata.json", R"({"targetDefaults": {"build": {"dependsOn": ["^build"]}}})");
    write("libs/lib", {{"name", "lib"}, {"targets", {{"build", {{"command", "echo lib"}}}}}});
    write("apps/api", {{"name", "api"},
                       {"implicitDependencies", {"lib"}},
                       {"targets",
                        {{"build", {{"command", "echo api"}}},
                         {"test", {{"command", "echo t"}, {"dependsOn", {"build"}}}}}}});
    write("tools", {{"name", "tools"}, {"targets", {{"lint", {{"command", "echo lint"}}}}}});
  }
  void write(const std::string& root, const json& project) {
    dir.write(root + "/project.json", project.dump(2));
  }

  Output run(std::vector<std::string> args) { return testsupport::run_in(dir.root(), {}, args); }
};

std::vector<std::string> task_ids(const std::string& dry_run_json) {
  std::vector<std::string> out;
  json doc = json::parse(dry_run_json);  // named: ranging over a temporary's member dangles
  for (const auto& t : doc["tasks"]) out.push_back(t["id"]);
  return out;
}

TEST(AffectedCommand, ChangedFilesSelectTheirProjectsAndDependents) {
  Workspace w;
  Output o =
      w.run({"affected", "-t", "build", "--files", "libs/lib/src/x.py", "--dry-run", "--json"});
  ASSERT_EQ(o.code, 0) << o.err;
  EXPECT_EQ(task_ids(o.out), (std::vector<std::string>{"lib:build", "api:build"}));
  Output api =
      w.run({"affected", "-t", "build", "--files", "apps/api/main.py", "--dry-run", "--json"});
  ASSERT_EQ(api.code, 0) << api.err;
  // lib:build still runs: api:build depends on it.
  EXPECT_EQ(task_ids(api.out), (std::vector<std::string>{"lib:build", "api:build"}));
}

TEST(AffectedCommand, AFileOfNoProjectAffectsNothingButGlobalFilesAffectAll) {
  Workspace w;
  Output none = w.run({"affected", "-t", "lint", "--files", "docs/notes.md"});
  EXPECT_EQ(none.code, 0) << none.err;
  EXPECT_EQ(none.out, "No projects to run: nothing is affected or selected.\n");
  Output all = w.run({"affected", "-t", "lint", "--files", "strata.json", "--dry-run", "--json"});
  ASSERT_EQ(all.code, 0) << all.err;
  EXPECT_EQ(task_ids(all.out), std::vector<std::string>{"tools:lint"});
}

TEST(RunCommand, ADryRunListsTheTaskAndItsDependenciesInOrder) {
  Workspace w;
  Output o = w.run({"run", "api:test", "--dry-run"});
  ASSERT_EQ(o.code, 0) << o.err;
  EXPECT_EQ(o.out,
            "3 tasks would run, in this order:\n"
            "  lib:build\n"
            "  api:build  <- lib:build\n"
            "  api:test  <- api:build\n");
}

TEST(RunCommand, TheDryRunJsonHasEachTasksDependencies) {
  Workspace w;
  Output o = w.run({"run", "api:build", "--dry-run", "--json"});
  ASSERT_EQ(o.code, 0) << o.err;
  json j = json::parse(o.out);
  ASSERT_EQ(j["tasks"].size(), 2u);
  EXPECT_EQ(j["tasks"][1]["id"], "api:build");
  EXPECT_EQ(j["tasks"][1]["deps"], json({"lib:build"}));
  EXPECT_FALSE(j.contains("ignoredDependencies"));
}

TEST(RunCommand, AnUnknownProjectOrTargetFailsBeforeAnythingRuns) {
  Workspace w;
  Output project = w.run({"run", "apj:build", "--dry-run"});
  EXPECT_EQ(project.code, 1);
  EXPECT_NE(project.err.find("did you mean 'api'"), std::string::npos) << project.err;
  Output target = w.run({"run", "tools:build", "--dry-run"});
  EXPECT_EQ(target.code, 1);
  EXPECT_NE(target.err.find("build"), std::string::npos) << target.err;
  EXPECT_EQ(target.out, "");
}

TEST(RunCommand, TheTaskIsRequired) {
  Workspace w;
  EXPECT_EQ(w.run({"run", "--dry-run"}).code, 2);
}

TEST(RunManyCommand, RunsTheTargetWhereProjectsHaveIt) {
  Workspace w;
  Output o = w.run({"run-many", "-t", "build", "--dry-run", "--json"});
  ASSERT_EQ(o.code, 0) << o.err;
  EXPECT_EQ(task_ids(o.out), (std::vector<std::string>{"lib:build", "api:build"})) << o.out;
}

TEST(RunManyCommand, ExcludedProjectsStillRunAsDependencies) {
  Workspace w;
  Output o = w.run({"run-many", "-t", "build", "--exclude", "lib", "--dry-run", "--json"});
  ASSERT_EQ(o.code, 0) << o.err;
  EXPECT_EQ(task_ids(o.out), (std::vector<std::string>{"lib:build", "api:build"})) << o.out;
}

TEST(RunManyCommand, NothingSelectedIsNotAFailure) {
  Workspace w;
  Output o = w.run({"run-many", "-t", "build", "-p", "svc-*"});
  EXPECT_EQ(o.code, 0) << o.err;
  EXPECT_EQ(o.out, "No projects to run: nothing is affected or selected.\n");
  Output j = w.run({"run-many", "-t", "build", "-p", "svc-*", "--json"});
  EXPECT_EQ(json::parse(j.out), (json{{"exitCode", 0}, {"tasks", json::array()}}));
}

TEST(RunManyCommand, AnUnknownProjectNameFails) {
  Workspace w;
  Output o = w.run({"run-many", "-t", "build", "-p", "lbi", "--dry-run"});
  EXPECT_EQ(o.code, 1);
  EXPECT_NE(o.err.find("did you mean 'lib'"), std::string::npos) << o.err;
}

TEST(RunManyCommand, ABadShardIsAUsageError) {
  Workspace w;
  for (const char* shard : {"3/2", "0/2", "x", "1/0"}) {
    Output o = w.run({"run-many", "-t", "build", "--shard", shard, "--dry-run"});
    EXPECT_EQ(o.code, 2) << shard;
    EXPECT_NE(o.err.find("strata: error: "), std::string::npos) << shard << ": " << o.err;
  }
}

TEST(RunManyCommand, AShardRunsItsShareAndWhatItNeeds) {
  Workspace w;
  std::vector<std::string> all;
  for (const char* shard : {"1/2", "2/2"}) {
    Output o = w.run({"run-many", "-t", "build", "lint", "--shard", shard, "--dry-run", "--json"});
    ASSERT_EQ(o.code, 0) << o.err;
    EXPECT_NE(o.err.find(std::string("strata: shard ") + shard), std::string::npos) << o.err;
    for (auto& id : task_ids(o.out)) all.push_back(id);
  }
  std::sort(all.begin(), all.end());
  all.erase(std::unique(all.begin(), all.end()), all.end());
  EXPECT_EQ(all, (std::vector<std::string>{"api:build", "lib:build", "tools:lint"}));
}

TEST(RunManyCommand, AnUnknownOutputStyleIsAUsageErrorBeforeAnythingRuns) {
  Workspace w;
  Output o = w.run({"run-many", "-t", "lint", "--output-style", "fancy"});
  EXPECT_EQ(o.code, 2);
  EXPECT_FALSE(w.dir.exists(".strata/cache"));
}

TEST(RunCommand, ATaskCycleIsNamedAndIgnoreCyclesBreaksIt) {
  Workspace w;
  w.write("libs/lib", {{"name", "lib"},
                       {"targets",
                        {{"build", {{"command", "x"}, {"dependsOn", {"gen"}}}},
                         {"gen", {{"command", "y"}, {"dependsOn", {"build"}}}}}}});
  Output o = w.run({"run", "lib:build", "--dry-run"});
  EXPECT_EQ(o.code, 1);
  EXPECT_NE(o.err.find("lib:build -> lib:gen -> lib:build"), std::string::npos) << o.err;
  Output ignored = w.run({"run", "lib:build", "--dry-run", "--ignore-cycles"});
  EXPECT_EQ(ignored.code, 0) << ignored.err;
  EXPECT_NE(ignored.err.find("--ignore-cycles: 1 task dependency"), std::string::npos)
      << ignored.err;
  EXPECT_NE(ignored.out.find("ignored (cycle): "), std::string::npos) << ignored.out;
}

TEST(RunCommand, ARelativeGraphFileIsUnderTheMinusCDirectory) {
  Workspace w;
  std::string rel = "strata-run-cmd-test-" + std::to_string(::getpid()) + ".json";
  Output o = w.run({"run", "api:build", "--graph=" + rel});
  bool in_cwd = std::filesystem::exists(rel);
  std::filesystem::remove(rel);
  ASSERT_EQ(o.code, 0) << o.err;
  EXPECT_FALSE(in_cwd);
  EXPECT_TRUE(w.dir.exists(rel));
}

TEST(RunCommand, GraphWritesTheTaskGraphInsteadOfRunning) {
  Workspace w;
  std::string file = w.dir.path("tasks.json").string();
  Output o = w.run({"run", "api:test", "--graph=" + file});
  ASSERT_EQ(o.code, 0) << o.err;
  json g = json::parse(w.dir.read("tasks.json"));
  EXPECT_EQ(g["roots"], json({"lib:build"}));
  EXPECT_EQ(g["tasks"].size(), 3u);
  EXPECT_FALSE(w.dir.exists(".strata/cache"));
}

}  // namespace
}  // namespace strata::cli
