// What `strata run` and `strata run-many` report once tasks have run, in
// process on a small workspace: the exit codes, the --json summary (task
// output kept off stdout), dependents skipped after a failure, --bail, and
// the cache's hits, --skip-cache and restored outputs.

#include <gtest/gtest.h>

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

// a fails with exit code 3; b depends on a; c is independent; d is cached
// and counts its runs in runs.txt.
struct Workspace {
  testutil::TempDir dir;

  Workspace() {
    dir.write("strata.json", "{}");
    dir.write(".gitignore", "dist/\nran.txt\nruns.txt\n");
    dir.write("libs/a/project.json", R"({"name": "a", "targets": {"build": {
      "command": "echo a-out; echo a-err >&2; exit 3"}}})");
    dir.write("libs/b/project.json", R"({"name": "b", "implicitDependencies": ["a"],
      "targets": {"build": {"command": "echo b >> ../../ran.txt", "dependsOn": ["^build"],
      "options": {"cwd": "{projectRoot}"}}}})");
    dir.write("libs/c/project.json", R"({"name": "c", "targets": {"build": {
      "command": "echo c >> ../../ran.txt", "options": {"cwd": "{projectRoot}"}}}})");
    dir.write("libs/d/src/in.txt", "d\n");
    dir.write("libs/d/project.json", R"({"name": "d", "targets": {"pack": {
      "command": "echo run >> ../../runs.txt && mkdir -p dist && cp src/in.txt dist/out.txt",
      "cache": true, "outputs": ["{projectRoot}/dist"], "options": {"cwd": "{projectRoot}"}}}})");
  }
  Output run(std::vector<std::string> args) { return testsupport::run_in(dir.root(), {}, args); }
  std::string ran() const { return dir.exists("ran.txt") ? dir.read("ran.txt") : ""; }
  size_t runs() const {
    std::string r = dir.exists("runs.txt") ? dir.read("runs.txt") : "";
    return static_cast<size_t>(std::count(r.begin(), r.end(), '\n'));
  }
};

TEST(RunOutcome, AFailureSkipsItsDependentsAndTheJsonSaysWhy) {
  Workspace w;
  Output o = w.run({"run", "b:build", "--json"});
  EXPECT_EQ(o.code, 1);
  json j = json::parse(o.out);  // the task's own output went to stderr
  EXPECT_EQ(j["exitCode"], 1);
  EXPECT_EQ(j["interrupted"], false);
  ASSERT_EQ(j["tasks"].size(), 2u);
  EXPECT_EQ(j["tasks"][0]["id"], "a:build");
  EXPECT_EQ(j["tasks"][0]["status"], "failure");
  EXPECT_EQ(j["tasks"][0]["exitCode"], 3);
  EXPECT_EQ(j["tasks"][0]["cache"], "disabled");
  EXPECT_EQ(j["tasks"][1]["id"], "b:build");
  EXPECT_EQ(j["tasks"][1]["status"], "skipped");
  EXPECT_EQ(j["tasks"][1]["blockedBy"], "a:build");
  EXPECT_NE(o.err.find("a-out"), std::string::npos) << o.err;
  EXPECT_NE(o.err.find("a-err"), std::string::npos) << o.err;
  EXPECT_EQ(w.ran(), "");
}

TEST(RunOutcome, TheTextSummaryNamesTheFailedTaskAndItsExitCode) {
  Workspace w;
  Output o = w.run({"run", "b:build"});
  EXPECT_EQ(o.code, 1);
  std::string all = o.out + o.err;
  EXPECT_NE(all.find("Failed tasks:\n- a:build (exit code 3)"), std::string::npos) << all;
  EXPECT_NE(all.find("skipped    b:build  (a:build failed)"), std::string::npos) << all;
}

TEST(RunOutcome, WithoutBailIndependentTasksStillRun) {
  Workspace w;
  Output o = w.run({"run-many", "-t", "build", "--parallel", "1", "--json"});
  EXPECT_EQ(o.code, 1);
  EXPECT_EQ(w.ran(), "c\n");
  json j = json::parse(o.out);
  size_t ok = 0;
  for (const auto& t : j["tasks"]) ok += t["status"] == "success";
  EXPECT_EQ(ok, 1u) << j.dump();
}

TEST(RunOutcome, BailStartsNothingAfterTheFirstFailure) {
  Workspace w;
  Output o = w.run({"run-many", "-t", "build", "--parallel", "1", "--bail"});
  EXPECT_EQ(o.code, 1);
  EXPECT_EQ(w.ran(), "");
  EXPECT_NE((o.out + o.err).find("not started"), std::string::npos) << o.out << o.err;
}

TEST(RunOutcome, ACachedTaskIsRestoredAndSkipCacheRunsItAgain) {
  Workspace w;
  Output first = w.run({"run", "d:pack", "--json"});
  ASSERT_EQ(first.code, 0) << first.err;
  EXPECT_EQ(json::parse(first.out)["tasks"][0]["cache"], "miss");
  EXPECT_EQ(w.runs(), 1u);

  std::filesystem::remove_all(w.dir.path("libs/d/dist"));
  Output hit = w.run({"run", "d:pack", "--json"});
  ASSERT_EQ(hit.code, 0) << hit.err;
  EXPECT_EQ(json::parse(hit.out)["tasks"][0]["cache"], "hit");
  EXPECT_EQ(w.runs(), 1u);  // not run: restored
  EXPECT_EQ(w.dir.read("libs/d/dist/out.txt"), "d\n");

  Output skip = w.run({"run", "d:pack", "--skip-cache"});
  ASSERT_EQ(skip.code, 0) << skip.err;
  EXPECT_EQ(w.runs(), 2u);

  w.dir.write("libs/d/src/in.txt", "changed\n");
  ASSERT_EQ(w.run({"run", "d:pack"}).code, 0);
  EXPECT_EQ(w.runs(), 3u);
  EXPECT_EQ(w.dir.read("libs/d/dist/out.txt"), "changed\n");
}

TEST(RunOutcome, ADryRunRunsNothing) {
  Workspace w;
  Output o = w.run({"run-many", "-t", "build", "--dry-run"});
  EXPECT_EQ(o.code, 0) << o.err;
  EXPECT_EQ(w.ran(), "");
  EXPECT_NE(o.out.find("b:build  <- a:build"), std::string::npos) << o.out;
}

}  // namespace
}  // namespace strata::cli
