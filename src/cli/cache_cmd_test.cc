// `strata explain` and `strata cache` run in-process on a temporary
// workspace (no task is run): what a task's hash covers, that it follows
// the inputs and nothing else, that secrets never show, and the cache
// maintenance commands' errors and exit codes.

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
    dir.write("libs/a/src/main.py", "print('a')\n");
    dir.write("libs/a/README.md", "docs\n");
    dir.write("libs/a/project.json",
              json{{"name", "a"},
                   {"targets",
                    {{"build",
                      {{"command", "python3 src/main.py"},
                       {"cache", true},
                       {"inputs", {"{projectRoot}/src/**/*"}},
                       {"options", {{"env", {{"API_TOKEN", "s3cr3t-v4lue"}}}}},
                       {"outputs", {"{projectRoot}/dist"}}}}}}}
                  .dump(2));
  }

  Output run(std::vector<std::string> args) { return testsupport::run_in(dir.root(), {}, args); }
  std::string hash() {
    Output o = run({"explain", "a:build", "--json"});
    EXPECT_EQ(o.code, 0) << o.err;
    return o.code == 0 ? json::parse(o.out)["hash"].get<std::string>() : "";
  }
};

TEST(ExplainCommand, NamesTheTaskItsHashAndThatItIsNotCached) {
  Workspace w;
  Output o = w.run({"explain", "a:build", "--json"});
  ASSERT_EQ(o.code, 0) << o.err;
  json j = json::parse(o.out);
  EXPECT_EQ(j["task"], "a:build");
  EXPECT_EQ(j["cached"], false);
  EXPECT_EQ(j["hash"].get<std::string>().size(), 32u);
  EXPECT_FALSE(j["inputs"].empty());
}

TEST(ExplainCommand, TheHashFollowsTheInputsAndNothingElse) {
  Workspace w;
  std::string first = w.hash();
  EXPECT_EQ(w.hash(), first);  // deterministic
  w.dir.write("libs/a/README.md", "other docs\n");
  EXPECT_EQ(w.hash(), first);  // not an input
  w.dir.write("libs/a/src/main.py", "print('b')\n");
  std::string edited = w.hash();
  EXPECT_NE(edited, first);
  w.dir.write("libs/a/src/main.py", "print('a')\n");
  EXPECT_EQ(w.hash(), first);  // back to the same bytes, back to the same hash
}

TEST(ExplainCommand, EnvironmentValuesNeverShowOnlyTheirDigests) {
  Workspace w;
  for (auto args : {std::vector<std::string>{"explain", "a:build", "--json"},
                    std::vector<std::string>{"explain", "a:build"}}) {
    Output o = w.run(args);
    ASSERT_EQ(o.code, 0) << o.err;
    EXPECT_EQ(o.out.find("s3cr3t-v4lue"), std::string::npos) << o.out;
    EXPECT_EQ(o.err.find("s3cr3t-v4lue"), std::string::npos) << o.err;
  }
}

TEST(ExplainCommand, TheSecretsValueStillChangesTheHash) {
  Workspace w;
  std::string first = w.hash();
  std::string text = w.dir.read("libs/a/project.json");
  text.replace(text.find("s3cr3t-v4lue"), 12, "other-secret");
  w.dir.write("libs/a/project.json", text);
  EXPECT_NE(w.hash(), first);
}

TEST(ExplainCommand, UnknownTasksFail) {
  Workspace w;
  Output project = w.run({"explain", "b:build"});
  EXPECT_EQ(project.code, 1);
  EXPECT_NE(project.err.find("unknown project 'b'"), std::string::npos) << project.err;
  EXPECT_EQ(w.run({"explain", "a:test"}).code, 1);
  EXPECT_EQ(w.run({"explain"}).code, 2);
}

TEST(CacheCommand, InfoOnAFreshWorkspace) {
  Workspace w;
  Output o = w.run({"cache", "info", "--json"});
  ASSERT_EQ(o.code, 0) << o.err;
  json j = json::parse(o.out);
  EXPECT_EQ(j["entries"], 0);
  EXPECT_EQ(j["bytes"], 0);
  EXPECT_EQ(j["maxBytes"], nullptr);
  EXPECT_EQ(j["remote"], nullptr);
  EXPECT_EQ(j["oldestUsedMs"], nullptr);
}

TEST(CacheCommand, InfoShowsTheConfiguredLimit) {
  Workspace w;
  w.dir.write("strata.json", R"({"maxCacheSize": "2GB"})");
  Output o = w.run({"cache", "info", "--json"});
  ASSERT_EQ(o.code, 0) << o.err;
  EXPECT_TRUE(json::parse(o.out)["maxBytes"].is_number());
  w.dir.write("strata.json", R"({"maxCacheSize": "lots"})");
  Output text = w.run({"cache", "info"});
  EXPECT_EQ(text.code, 0) << text.err;
  EXPECT_NE(text.out.find("invalid maxCacheSize 'lots'"), std::string::npos) << text.out;
}

TEST(CacheCommand, CleanOfAnEmptyCacheRemovesNothing) {
  Workspace w;
  Output o = w.run({"cache", "clean", "--json"});
  ASSERT_EQ(o.code, 0) << o.err;
  EXPECT_EQ(json::parse(o.out), (json{{"removed", 0}, {"freedBytes", 0}}));
}

TEST(CacheCommand, PruneNeedsAValidSize) {
  Workspace w;
  EXPECT_EQ(w.run({"cache", "prune"}).code, 2);
  Output bad = w.run({"cache", "prune", "--max-size", "big"});
  EXPECT_EQ(bad.code, 2);
  EXPECT_NE(bad.err.find("strata: error: "), std::string::npos) << bad.err;
  Output ok = w.run({"cache", "prune", "--max-size", "1G", "--json"});
  EXPECT_EQ(ok.code, 0) << ok.err;
  EXPECT_EQ(json::parse(ok.out)["removed"], 0);
}

TEST(CacheCommand, ASubcommandIsRequired) {
  Workspace w;
  EXPECT_EQ(w.run({"cache"}).code, 2);
  EXPECT_EQ(w.run({"cache", "wipe"}).code, 2);
}

}  // namespace
}  // namespace strata::cli
