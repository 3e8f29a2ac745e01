// What `strata run` and `strata run-many` report once tasks have run, in
// process on a small workspace: the exit codes, the --json summary (task
// output kept off stdout), dependents skipped after a failure, --bail, and
// the cache's hits, --skip-cache and restored outputs.

#include <gtest/gtest.h>

#include <algorithm>
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

// A chain of cached tasks, e <- f <- g, each copying its input to
// dist/out.txt with its dependency's output appended and counting its runs.
struct Chain {
  testutil::TempDir dir;

  Chain() {
    dir.write("strata.json", "{}");
    dir.write(".gitignore", "dist/\nruns.txt\n");
    const char* deps[] = {"", R"("implicitDependencies": ["e"],)",
                          R"("implicitDependencies": ["f"],)"};
    const char* names[] = {"e", "f", "g"};
    for (int i = 0; i < 3; ++i) {
      std::string n = names[i];
      dir.write("libs/" + n + "/src/in.txt", n + "\n");
      dir.write("libs/" + n + "/project.json",
                "{\"name\": \"" + n + "\", " + deps[i] +
                    R"( "targets": {"pack": {"command": "echo )" + n +
                    R"( >> ../../runs.txt && mkdir -p dist && cp src/in.txt dist/out.txt",
                    "dependsOn": ["^pack"], "cache": true, "outputs": ["{projectRoot}/dist"],
                    "options": {"cwd": "{projectRoot}"}}}})");
    }
  }
  Output run() { return testsupport::run_in(dir.root(), {}, {"run-many", "-t", "pack", "--json"}); }
  std::string runs() const { return dir.exists("runs.txt") ? dir.read("runs.txt") : ""; }
  std::vector<std::string> caches(const Output& o) const {
    std::vector<std::string> out;
    const json summary = json::parse(o.out);  // kept: the loop must not range over a temporary
    for (const auto& t : summary["tasks"])
      out.push_back(t["id"].get<std::string>() + "=" + t["cache"].get<std::string>());
    std::sort(out.begin(), out.end());
    return out;
  }
};

// A fully cached run reads every lookup ahead on the pool (CacheTaskPort::
// look_ahead); the answers must be the ones the one-at-a-time lookups give.
TEST(RunOutcome, AFullyCachedChainIsRestoredAsLookedUpOneByOne) {
  Chain c;
  Output first = c.run();
  ASSERT_EQ(first.code, 0) << first.err;
  EXPECT_EQ(c.caches(first),
            (std::vector<std::string>{"e:pack=miss", "f:pack=miss", "g:pack=miss"}));
  EXPECT_EQ(c.runs(), "e\nf\ng\n");

  Output hits = c.run();
  ASSERT_EQ(hits.code, 0) << hits.err;
  EXPECT_EQ(c.caches(hits), (std::vector<std::string>{"e:pack=hit", "f:pack=hit", "g:pack=hit"}));
  EXPECT_EQ(c.runs(), "e\nf\ng\n");

  // Outputs edited or removed by hand are put back, the others left alone.
  c.dir.write("libs/f/dist/out.txt", "edited\n");
  std::filesystem::remove_all(c.dir.path("libs/g/dist"));
  Output restored = c.run();
  ASSERT_EQ(restored.code, 0) << restored.err;
  EXPECT_EQ(c.caches(restored),
            (std::vector<std::string>{"e:pack=hit", "f:pack=hit", "g:pack=hit"}));
  EXPECT_EQ(c.dir.read("libs/f/dist/out.txt"), "f\n");
  EXPECT_EQ(c.dir.read("libs/g/dist/out.txt"), "g\n");
  EXPECT_EQ(c.runs(), "e\nf\ng\n");

  // A changed input at the root: what was read ahead for the rest is
  // dropped once e runs, and its dependents miss and run after it.
  c.dir.write("libs/e/src/in.txt", "e2\n");
  Output changed = c.run();
  ASSERT_EQ(changed.code, 0) << changed.err;
  EXPECT_EQ(c.caches(changed),
            (std::vector<std::string>{"e:pack=miss", "f:pack=miss", "g:pack=miss"}));
  EXPECT_EQ(c.runs(), "e\nf\ng\ne\nf\ng\n");
  EXPECT_EQ(c.dir.read("libs/e/dist/out.txt"), "e2\n");
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
