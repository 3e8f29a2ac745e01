// A workspace whose configuration is wrong, loaded by a command run
// in-process: each mistake is one `strata: error: FILE:LINE:COL: what`
// line (and its hint), exit code 1, and nothing on stdout; a mistake Strata
// can work around is a warning and the command goes on.

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "cli/command.h"
#include "cli/command_test_support.h"
#include "util/temp_dir.h"

namespace strata::cli {
namespace {

using Output = testsupport::CommandOutput;

struct Case {
  std::string file;     // written at libs/b/project.json unless it is strata.json
  std::string content;  // one line, so columns are easy to check
  std::string where;    // "FILE:LINE:COL" the error must start with
  std::string what;
  std::string hint;  // "" when none is expected
};

Output load_with(const Case& c, const std::vector<std::string>& command) {
  testutil::TempDir dir;
  dir.write("strata.json", "{}");
  dir.write("libs/a/project.json", R"({"name":"a","targets":{"build":{"command":"x"}}})");
  dir.write(c.file, c.content);
  return testsupport::run_in(dir.root(), {}, command);
}

void expect_error(const Case& c, const std::vector<std::string>& command) {
  Output o = load_with(c, command);
  EXPECT_EQ(o.code, 1) << c.what << "\n" << o.err;
  EXPECT_EQ(o.out, "") << c.what;
  std::string first = o.err.substr(0, o.err.find('\n'));
  EXPECT_EQ(first.rfind("strata: error: " + c.where + ": ", 0), 0u) << first;
  EXPECT_NE(first.find(c.what), std::string::npos) << first;
  if (c.hint.empty()) return;
  EXPECT_NE(o.err.find("\n  hint: " + c.hint), std::string::npos) << o.err;
}

TEST(ConfigErrors, EachMistakeInAProjectIsPointedAt) {
  const std::string b = "libs/b/project.json";
  std::vector<Case> cases = {
      {b, R"({"name":"a","targets":{}})", b + ":1:2",
       "project name 'a' is used by both libs/a/project.json and libs/b/project.json",
       "give one of them a different \"name\""},
      {b, R"({"name":"b","targets":{"t":{"command":"x","cache":"yes"}}})", b + ":1:43",
       "'cache' must be true or false", ""},
      {b, R"({"name":"b","tags":"x"})", b + ":1:13",
       "'tags' must be an array of strings, not a string", ""},
      {b, R"({"name":"b","targets":{"t":{"executor":"nx:run-commands"}}})", b + ":1:29",
       "target 't' of project 'b' uses nx:run-commands without \"command\" or \"commands\"",
       "add \"options\": {\"command\": \"<shell command>\"}"},
      {b, R"({"name":"b","targets":{"t":{"command":"x","dependsOn":"^build"}}})", b + ":1:43",
       "'dependsOn' must be an array", ""},
      {b, R"({"name":"b","targets":{"t":{"command":"x","outputs":"dist"}}})", b + ":1:43",
       "'outputs' must be an array of strings", ""},
      {"strata.json", R"({"parallel": "x"})", "strata.json:1:2",
       "'parallel' must be a number of tasks (0: one per core)", ""},
  };
  for (const auto& c : cases) {
    expect_error(c, {"show", "projects"});
    expect_error(c, {"graph", "--json"});
  }
}

TEST(ConfigErrors, AnUnknownImplicitDependencyNamesTheFileAndSuggests) {
  Case c{"libs/b/project.json", R"({"name":"b","implicitDependencies":["aa"]})",
         "libs/b/project.json", "project 'b' has an unknown implicit dependency 'aa'",
         "did you mean 'a'?"};
  expect_error(c, {"show", "projects"});
}

TEST(ConfigErrors, ASyntaxErrorIsPointedAtWhereverTheCommandLoadsIt) {
  Case c{"libs/b/project.json", R"({"name":"b",,})", "libs/b/project.json:1:13", "", ""};
  for (const auto& command : std::vector<std::vector<std::string>>{
           {"show", "projects"}, {"run", "a:build", "--dry-run"}, {"explain", "a:build"}}) {
    Output o = load_with(c, command);
    EXPECT_EQ(o.code, 1) << command[0];
    EXPECT_EQ(o.err.rfind("strata: error: libs/b/project.json:1:13: ", 0), 0u) << o.err;
  }
}

TEST(ConfigErrors, ADependsOnToAMissingTargetIsAWarningAndTheRunGoesOn) {
  Case c{"libs/b/project.json",
         R"({"name":"b","targets":{"t":{"command":"x","dependsOn":["nosuch"]}}})", "", "", ""};
  Output o = load_with(c, {"run", "b:t", "--dry-run"});
  EXPECT_EQ(o.code, 0) << o.err;
  EXPECT_EQ(o.err.rfind("strata: warning: libs/b/project.json:1:56: dependsOn of 'b:t' names "
                        "target 'nosuch', which project 'b' does not have (ignored)",
                        0),
            0u)
      << o.err;
  EXPECT_NE(o.out.find("1 task would run"), std::string::npos) << o.out;
}

}  // namespace
}  // namespace strata::cli
