// `strata cache info|prune|clean` and `strata explain` after real runs of
// a cached task, in-process: the --json shapes once there is something in
// the cache, hit rates over the runs, and what prune and clean remove.

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

struct Workspace {
  testutil::TempDir dir;

  Workspace() {
    dir.write("strata.json", "{}");
    // dist/ is ignored, so a run's outputs are not inputs of the next one.
    dir.write(".gitignore", "dist/\n");
    dir.write("libs/a/src/a.txt", "a\n");
    dir.write("libs/a/project.json", R"({"name": "a", "targets": {"build": {
      "command": "mkdir -p dist && cp src/a.txt dist/a.txt", "cache": true,
      "outputs": ["{projectRoot}/dist"], "options": {"cwd": "{projectRoot}"}}}})");
  }
  Output run(std::vector<std::string> args) { return testsupport::run_in(dir.root(), {}, args); }
  json run_json(std::vector<std::string> args) {
    Output o = run(args);
    EXPECT_EQ(o.code, 0) << o.err;
    return o.code == 0 ? json::parse(o.out) : json();
  }
  void build() {
    Output o = run({"run", "a:build"});
    ASSERT_EQ(o.code, 0) << o.err << o.out;
  }
};

TEST(CacheInfoAfterRuns, CountsTheEntryAndEachRunsLookups) {
  Workspace w;
  w.build();
  json info = w.run_json({"cache", "info", "--json"});
  EXPECT_EQ(info["entries"], 1);
  EXPECT_GT(info["bytes"].get<int64_t>(), 0);
  EXPECT_EQ(info["location"], (w.dir.root() / ".strata/cache").string());
  EXPECT_TRUE(info["maxBytes"].is_null());
  EXPECT_TRUE(info["remote"].is_null());
  EXPECT_TRUE(info["newestUsedMs"].is_number());
  EXPECT_EQ(info["runs"]["count"], 1);
  EXPECT_EQ(info["runs"]["lookups"], 1);
  ASSERT_EQ(info["runs"]["list"].size(), 1u);
  EXPECT_EQ(info["runs"]["list"][0]["localHits"], 0);
  EXPECT_EQ(info["runs"]["list"][0]["lookups"], 1);

  w.build();  // a local hit
  info = w.run_json({"cache", "info", "--json"});
  EXPECT_EQ(info["entries"], 1);
  EXPECT_EQ(info["runs"]["count"], 2);
  EXPECT_DOUBLE_EQ(info["runs"]["localHitRate"].get<double>(), 0.5);
  EXPECT_DOUBLE_EQ(info["runs"]["remoteHitRate"].get<double>(), 0.0);

  Output text = w.run({"cache", "info"});
  EXPECT_EQ(text.code, 0) << text.err;
  EXPECT_NE(text.out.find("entries   1\n"), std::string::npos) << text.out;
  EXPECT_NE(text.out.find("limit     none"), std::string::npos) << text.out;
  EXPECT_NE(text.out.find("50% local, 0% remote over the last 2 runs"), std::string::npos)
      << text.out;
}

TEST(CacheInfoAfterRuns, ExplainSaysWhetherTheTaskIsCached) {
  Workspace w;
  EXPECT_EQ(w.run_json({"explain", "a:build", "--json"})["cached"], false);
  w.build();
  EXPECT_EQ(w.run_json({"explain", "a:build", "--json"})["cached"], true);
  Output text = w.run({"explain", "a:build"});
  EXPECT_NE(text.out.find("(in the local cache)"), std::string::npos) << text.out;
  w.dir.write("libs/a/src/a.txt", "changed\n");
  EXPECT_EQ(w.run_json({"explain", "a:build", "--json"})["cached"], false);
}

TEST(CacheInfoAfterRuns, PruneEvictsDownToTheSizeGiven) {
  Workspace w;
  w.build();
  json kept = w.run_json({"cache", "prune", "--max-size", "1G", "--json"});
  EXPECT_EQ(kept["removed"], 0);
  EXPECT_EQ(kept["kept"], 1);
  EXPECT_EQ(kept["freedBytes"], 0);
  json pruned = w.run_json({"cache", "prune", "--max-size", "1", "--json"});
  EXPECT_EQ(pruned["removed"], 1);
  EXPECT_EQ(pruned["kept"], 0);
  EXPECT_EQ(pruned["keptBytes"], 0);
  EXPECT_GT(pruned["freedBytes"].get<int64_t>(), 0);
  EXPECT_EQ(w.run_json({"cache", "info", "--json"})["entries"], 0);
  EXPECT_EQ(w.run_json({"explain", "a:build", "--json"})["cached"], false);
}

TEST(CacheInfoAfterRuns, CleanRemovesEntriesAndRunRecords) {
  Workspace w;
  w.build();
  EXPECT_FALSE(w.run_json({"explain", "a:build", "--json"})["previous"].is_null());
  json cleaned = w.run_json({"cache", "clean", "--json"});
  EXPECT_EQ(cleaned["removed"], 1);
  EXPECT_GT(cleaned["freedBytes"].get<int64_t>(), 0);
  json info = w.run_json({"cache", "info", "--json"});
  EXPECT_EQ(info["entries"], 0);
  EXPECT_EQ(info["bytes"], 0);
  // The run records go (explain has no earlier run to compare with); the
  // hit-rate history of past runs stays.
  EXPECT_TRUE(w.run_json({"explain", "a:build", "--json"})["previous"].is_null());
  EXPECT_EQ(info["runs"]["count"], 1);
  Output again = w.run({"cache", "clean"});
  EXPECT_EQ(again.code, 0) << again.err;
  EXPECT_EQ(again.out, "Removed 0 cache entries (0 B).\n");
  w.build();  // the task runs again, and is cached again
  EXPECT_EQ(w.run_json({"cache", "info", "--json"})["entries"], 1);
}

TEST(CacheInfoAfterRuns, SizesAreCheckedBeforeAnythingIsRemoved) {
  Workspace w;
  w.build();
  for (const char* size : {"lots", "-5", "10XB", "", "G"}) {
    Output o = w.run({"cache", "prune", "--max-size", size});
    EXPECT_EQ(o.code, 2) << "'" << size << "'";
    EXPECT_EQ(o.err.rfind("strata: error: ", 0), 0u) << o.err;
  }
  EXPECT_EQ(w.run_json({"cache", "info", "--json"})["entries"], 1);
  EXPECT_EQ(w.run({"cache", "prune"}).code, 2);  // --max-size is required
  EXPECT_EQ(w.run({"cache", "info", "--bogus"}).code, 2);
}

}  // namespace
}  // namespace strata::cli
