// Limits and exceptions in the config readers: every problem is a located
// diagnostic, nothing throws out of a reader (they run on worker threads),
// and hostile input is refused before it costs memory.

#include "config/config_file.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "config/test_workspace.h"
#include "util/json_limits.h"

namespace strata {
namespace {

using ::testing::HasSubstr;
using testing::TestWorkspace;

std::string first_error(const ConfigFile& f) {
  for (const auto& d : f.diags().items())
    if (d.severity == Severity::k_error) return d.error.str() + " | " + d.error.hint;
  return "";
}

TEST(ConfigFile, SyntaxErrorIsLocated) {
  auto f = ConfigFile::from_json("project.json", "{\n  \"name\": \"a\",\n}");
  ASSERT_FALSE(f->ok());
  ASSERT_EQ(f->diags().items().size(), 1u);
  EXPECT_EQ(f->diags().items()[0].error.loc.line, 3);
}

TEST(ConfigFile, NumberOutOfRangeIsALocatedError) {
  auto f =
      ConfigFile::from_json("libs/a/project.json", "{\n  \"name\": \"a\",\n  \"x\": 1e999999\n}\n");
  EXPECT_FALSE(f->ok());
  EXPECT_THAT(first_error(*f), HasSubstr("libs/a/project.json:3:8: invalid JSON: number overflow"));
}

TEST(ConfigFile, DeepNestingIsRefusedAtTheBracketPastTheLimit) {
  std::string text = "{\"a\": " + std::string(300, '[');
  auto f = ConfigFile::from_json("project.json", text);
  EXPECT_FALSE(f->ok());
  // The object is level 1, so the 256th '[' opens level 257.
  std::string at = "project.json:1:" + std::to_string(7 + 255) + ":";
  EXPECT_THAT(first_error(*f), HasSubstr(at));
  EXPECT_THAT(first_error(*f), HasSubstr("nested deeper than 256 levels"));
}

TEST(ConfigFile, NestingCountsNoBracketsInStringsOrComments) {
  std::string brackets(400, '[');
  auto f = ConfigFile::from_json(
      "project.json", "// " + brackets + "\n{\"a\": \"" + brackets + "\" /* " + brackets + " */}");
  EXPECT_TRUE(f->ok()) << first_error(*f);
  std::string deep_ok = std::string(256, '[') + std::string(256, ']');
  EXPECT_TRUE(ConfigFile::from_json("x.json", deep_ok)->ok());
}

TEST(ConfigFile, TextOverTheSizeLimitIsRefused) {
  std::string text(k_config_max_bytes + 1, ' ');
  auto f = ConfigFile::from_json("big.json", text);
  EXPECT_FALSE(f->ok());
  EXPECT_THAT(first_error(*f),
              HasSubstr("big.json:1:1: file is 16777217 bytes, over the 16 MiB limit"));
  EXPECT_FALSE(ConfigFile::from_toml("big.toml", text)->ok());
}

TEST(ConfigFile, DeepTomlIsALocatedError) {
  auto f = ConfigFile::from_toml("pyproject.toml", "a = " + std::string(300, '['));
  EXPECT_FALSE(f->ok());
  EXPECT_THAT(first_error(*f), HasSubstr("pyproject.toml:1:"));
}

// Two projects load in parallel; the overflow used to escape a worker
// thread and end the process with std::terminate.
TEST(ConfigFile, OverflowWhileLoadingInParallelIsAnError) {
  TestWorkspace w;
  w.write("nx.json", "{}");
  w.write("libs/a/project.json", "{\"name\": \"a\", \"x\": 1e999999}");
  w.write("libs/b/project.json", "{\"name\": \"b\"}");
  w.write("libs/c/project.json", "{\"name\": \"c\"}");
  auto ws = w.load();
  EXPECT_FALSE(ws.ok());
  EXPECT_THAT(w.report(),
              HasSubstr("error: libs/a/project.json:1:20: invalid JSON: number overflow"));
}

TEST(ConfigFile, OversizedFileOnDiskIsRefusedUnread) {
  TestWorkspace w;
  w.write("nx.json", "{}");
  w.write("libs/a/project.json", std::string(k_config_max_bytes + 10, '['));
  EXPECT_FALSE(w.load().ok());
  EXPECT_THAT(w.report(),
              HasSubstr("libs/a/project.json:1:1: file is 16777226 bytes, over the 16 MiB limit"));
}

}  // namespace
}  // namespace strata

namespace strata {
namespace {

// An unknown target in a project's own dependsOn was ignored in silence.
TEST(ConfigFile, UnknownDependsOnTargetWarnsWithLocationAndSuggestion) {
  TestWorkspace w;
  w.write("nx.json", "{\"targetDefaults\": {\"test\": {\"dependsOn\": [\"lint\"]}}}");
  w.write("libs/a/project.json",
          "{\n  \"name\": \"a\",\n  \"targets\": {\n    \"build\": {\"command\": \"true\"},\n"
          "    \"test\": {\"command\": \"true\",\n      \"dependsOn\": [\"buld\", \"^build\", "
          "\"b-*\"]}\n  }\n}\n");
  ASSERT_TRUE(w.load().ok()) << w.report();
  std::string r = w.report();
  EXPECT_THAT(
      r, HasSubstr("warning: libs/a/project.json:6:21: dependsOn of 'a:test' names target 'buld'"));
  EXPECT_THAT(r, HasSubstr("did you mean 'build'"));
  EXPECT_THAT(r, ::testing::Not(HasSubstr("'lint'")))
      << "targetDefaults may name targets a project lacks";
  EXPECT_THAT(r, ::testing::Not(HasSubstr("'^build'")));
}

}  // namespace
}  // namespace strata

namespace strata {
namespace {

// The root search reads package.json before any configuration: it keeps
// to the same limits (a deeply nested one no longer counts as a root).
TEST(ConfigFile, RootSearchKeepsToTheNestingLimit) {
  TestWorkspace w;
  w.write("pkg/package.json", "{\"workspaces\": [\"a/*\"], \"x\": " + std::string(300, '[') +
                                  std::string(300, ']') + "}");
  auto found = find_workspace_root(w.root() / "pkg");
  EXPECT_TRUE(!found.ok() || *found != w.root() / "pkg");
  w.write("ok/package.json", "{\"workspaces\": [\"a/*\"]}");
  auto ok = find_workspace_root(w.root() / "ok");
  ASSERT_TRUE(ok.ok());
  EXPECT_EQ(*ok, std::filesystem::weakly_canonical(w.root() / "ok"));
}

}  // namespace
}  // namespace strata
