// `strata explain` on a small workspace run in-process: the task forms it
// accepts (PROJECT:TARGET, PROJECT:TARGET:CONFIGURATION, -c), the --json
// shape, and that it refuses what `strata run` refuses, with the same
// one-line errors.

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
    json build = {{"command", "echo build"},
                  {"cache", true},
                  {"inputs", {"{projectRoot}/src/**/*"}},
                  {"configurations", {{"production", {{"command", "echo prod"}}}}}};
    dir.write(
        "libs/a/project.json",
        json({{"name", "a"}, {"targets", {{"build", build}, {"lint", {{"command", "true"}}}}}})
            .dump(2));
    dir.write("libs/b/project.json", R"({"name": "b", "implicitDependencies": ["a"],
      "targets": {"build": {"command": "echo b", "dependsOn": ["^build"]}}})");
  }
  Output run(std::vector<std::string> args) {
    args.insert(args.begin(), "explain");
    return testsupport::run_in(dir.root(), {}, args);
  }
  std::string hash(std::vector<std::string> args) {
    args.push_back("--json");
    Output o = run(args);
    EXPECT_EQ(o.code, 0) << o.err;
    return o.code == 0 ? json::parse(o.out)["hash"].get<std::string>() : "";
  }
};

TEST(ExplainTask, JsonHasTheHashEveryInputAndTheCacheState) {
  Workspace w;
  Output o = w.run({"a:build", "--json"});
  ASSERT_EQ(o.code, 0) << o.err;
  json j = json::parse(o.out);
  EXPECT_EQ(j["cached"], false);
  EXPECT_EQ(j["hash"].get<std::string>().size(), 32u);
  ASSERT_TRUE(j["inputs"].is_array());
  bool source = false;
  for (const auto& in : j["inputs"]) {
    EXPECT_TRUE(in.contains("kind") && in.contains("name") && in.contains("digest")) << in;
    source = source || (in["kind"] == "file" && in["name"] == "libs/a/src/main.py");
  }
  EXPECT_TRUE(source) << j["inputs"].dump();
}

TEST(ExplainTask, TheTextNamesTheTaskAndHash) {
  Workspace w;
  Output o = w.run({"a:build"});
  ASSERT_EQ(o.code, 0) << o.err;
  EXPECT_EQ(o.out.rfind("a:build  hash " + w.hash({"a:build"}), 0), 0u) << o.out;
  EXPECT_NE(o.out.find("No earlier run of a:build is recorded"), std::string::npos) << o.out;
}

TEST(ExplainTask, AConfigurationChangesTheHashInEitherSpelling) {
  Workspace w;
  std::string plain = w.hash({"a:build"});
  std::string production = w.hash({"a:build:production"});
  EXPECT_NE(plain, production);
  EXPECT_EQ(w.hash({"a:build", "-c", "production"}), production);
  EXPECT_EQ(w.hash({"a:build", "--configuration", "production"}), production);
}

TEST(ExplainTask, AnUnknownConfigurationIsRefusedAsRunRefusesIt) {
  Workspace w;
  for (const auto& args : std::vector<std::vector<std::string>>{{"a:build", "-c", "prodution"},
                                                                {"a:build:prodution"}}) {
    Output o = w.run(args);
    EXPECT_EQ(o.code, 1) << args[0];
    EXPECT_EQ(o.out, "");
    EXPECT_EQ(o.err.rfind("strata: error: libs/a/project.json:", 0), 0u) << o.err;
    EXPECT_NE(o.err.find("target 'a:build' has no configuration 'prodution'"), std::string::npos)
        << o.err;
    EXPECT_NE(o.err.find("hint: did you mean 'production'?"), std::string::npos) << o.err;
  }
}

TEST(ExplainTask, MalformedAndUnknownTasksAreOneLineErrors) {
  Workspace w;
  struct Case {
    std::string task;
    std::string error;
    std::string hint;
  };
  for (const auto& c : std::vector<Case>{
           {"a", "'a' is not a task", "write PROJECT:TARGET, for example web:build"},
           {"c:build", "unknown project 'c'", ""},
           {"a:biuld", "unknown target 'biuld' for project 'a'", "did you mean 'build'?"},
       }) {
    Output o = w.run({c.task});
    EXPECT_EQ(o.code, 1) << c.task;
    EXPECT_EQ(o.out, "");
    EXPECT_EQ(o.err.rfind("strata: error: " + c.error + "\n", 0), 0u) << o.err;
    if (!c.hint.empty()) {
      EXPECT_NE(o.err.find("  hint: " + c.hint), std::string::npos) << o.err;
    }
  }
  EXPECT_EQ(w.run({}).code, 2);                      // the task is required
  EXPECT_EQ(w.run({"a:build", "--bogus"}).code, 2);  // an unknown flag
  EXPECT_EQ(w.run({"a:build", "b:build"}).code, 2);  // one task only
}

TEST(ExplainTask, ASpecWithAnEmptyPartIsNotATaskForExplainOrRun) {
  Workspace w;
  for (const std::string spec : {":build", "a:", "a:build:", "::"}) {
    for (const char* command : {"explain", "run"}) {
      Output o = testsupport::run_in(w.dir.root(), {command}, {spec});
      EXPECT_EQ(o.code, 1) << command << " " << spec;
      EXPECT_EQ(o.err, "strata: error: '" + spec +
                           "' is not a task\n  hint: write PROJECT:TARGET, for example web:build\n")
          << command << " " << spec;
    }
  }
}

TEST(ExplainTask, ADependencysHashIsAnInput) {
  Workspace w;
  Output o = w.run({"b:build", "--json"});
  ASSERT_EQ(o.code, 0) << o.err;
  bool dep = false;
  json j = json::parse(o.out);
  for (const auto& in : j["inputs"]) dep = dep || (in["kind"] == "task" && in["name"] == "a:build");
  EXPECT_TRUE(dep) << o.out;
  std::string before = w.hash({"b:build"});
  w.dir.write("libs/a/src/main.py", "print('changed')\n");
  EXPECT_NE(w.hash({"b:build"}), before);
}

}  // namespace
}  // namespace strata::cli
