#include "cli/run_selection.h"

#include <gtest/gtest.h>

#include "cli/project_filter.h"

namespace strata::cli {
namespace {

Project project(std::string name, std::string root, std::vector<std::string> tags,
                std::vector<std::string> targets) {
  Project p;
  p.name = std::move(name);
  p.root = std::move(root);
  p.tags = std::move(tags);
  for (auto& t : targets) p.targets[t].name = t;
  return p;
}

// Sorted by name, as the loader leaves them.
Workspace sample() {
  Workspace ws;
  ws.projects = {
      project("api", "apps/api", {"scope:api", "type:app"}, {"build", "test", "test:e2e"}),
      project("libs-core", "libs/core", {"scope:shared"}, {"build"}),
      project("libs-ui", "libs/ui", {"scope:shared", "type:ui"}, {"build", "lint"}),
      project("tools:gen", "tools/gen", {}, {"run"}),
      project("web", "apps/web", {"type:app"}, {"build", "serve"})};
  return ws;
}

// ---- parse_task_spec -------------------------------------------------------

TEST(TaskSpec, ProjectAndTarget) {
  auto r = parse_task_spec(sample(), "web:build", "");
  ASSERT_TRUE(r.ok()) << r.error().str();
  EXPECT_EQ(r->projects, std::vector<std::string>{"web"});
  EXPECT_EQ(r->targets, std::vector<std::string>{"build"});
  EXPECT_EQ(r->configuration, "");
}

TEST(TaskSpec, AThirdPartIsTheConfiguration) {
  auto r = parse_task_spec(sample(), "web:serve:production", "");
  ASSERT_TRUE(r.ok()) << r.error().str();
  EXPECT_EQ(r->targets, std::vector<std::string>{"serve"});
  EXPECT_EQ(r->configuration, "production");
}

TEST(TaskSpec, AnExplicitConfigurationWins) {
  auto r = parse_task_spec(sample(), "web:serve:production", "staging");
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(r->configuration, "staging");
}

TEST(TaskSpec, TargetNamesMayHoldColons) {
  auto r = parse_task_spec(sample(), "api:test:e2e", "");
  ASSERT_TRUE(r.ok()) << r.error().str();
  EXPECT_EQ(r->targets, std::vector<std::string>{"test:e2e"});
  EXPECT_EQ(r->configuration, "");
}

TEST(TaskSpec, ProjectNamesMayHoldColons) {
  auto r = parse_task_spec(sample(), "tools:gen:run", "");
  ASSERT_TRUE(r.ok()) << r.error().str();
  EXPECT_EQ(r->projects, std::vector<std::string>{"tools:gen"});
  EXPECT_EQ(r->targets, std::vector<std::string>{"run"});
}

TEST(TaskSpec, AWordWithoutAColonIsNoTask) {
  auto r = parse_task_spec(sample(), "web", "");
  ASSERT_FALSE(r.ok());
  EXPECT_NE(r.error().hint.find("PROJECT:TARGET"), std::string::npos);
}

TEST(TaskSpec, UnknownProjectsAndTargetsSuggestTheClosest) {
  auto p = parse_task_spec(sample(), "wbe:build", "");
  ASSERT_FALSE(p.ok());
  EXPECT_NE(p.error().hint.find("web"), std::string::npos) << p.error().hint;
  auto t = parse_task_spec(sample(), "web:biuld", "");
  ASSERT_FALSE(t.ok());
  EXPECT_NE(t.error().hint.find("build"), std::string::npos) << t.error().hint;
}

// ---- select_projects -------------------------------------------------------

std::vector<std::string> select(std::vector<std::string> include,
                                std::vector<std::string> exclude = {}) {
  auto r = select_projects(sample(), include, exclude);
  EXPECT_TRUE(r.ok()) << r.error().str();
  return r ? *r : std::vector<std::string>{};
}

TEST(ProjectFilter, NoPatternsSelectsEveryProject) {
  EXPECT_EQ(select({}),
            (std::vector<std::string>{"api", "libs-core", "libs-ui", "tools:gen", "web"}));
}

TEST(ProjectFilter, NamesGlobsDirectoriesAndTags) {
  EXPECT_EQ(select({"web"}), (std::vector<std::string>{"web"}));
  EXPECT_EQ(select({"libs-*"}), (std::vector<std::string>{"libs-core", "libs-ui"}));
  EXPECT_EQ(select({"apps/**"}), (std::vector<std::string>{"api", "web"}));
  EXPECT_EQ(select({"apps/web"}), (std::vector<std::string>{"web"}));
  EXPECT_EQ(select({"tag:scope:shared"}), (std::vector<std::string>{"libs-core", "libs-ui"}));
  EXPECT_EQ(select({"tag:type:*"}), (std::vector<std::string>{"api", "libs-ui", "web"}));
}

TEST(ProjectFilter, ExcludeRemovesAndTheResultIsSortedWithoutDuplicates) {
  EXPECT_EQ(select({"web", "api", "tag:type:app"}), (std::vector<std::string>{"api", "web"}));
  EXPECT_EQ(select({}, {"libs-*", "tools:gen"}), (std::vector<std::string>{"api", "web"}));
  EXPECT_EQ(select({"tag:type:app"}, {"tag:scope:api"}), (std::vector<std::string>{"web"}));
}

TEST(ProjectFilter, AnUnknownPlainNameIsAnErrorWithASuggestion) {
  auto r = select_projects(sample(), {"wbe"}, {});
  ASSERT_FALSE(r.ok());
  EXPECT_NE(r.error().hint.find("web"), std::string::npos) << r.error().hint;
}

TEST(ProjectFilter, AGlobMatchingNothingSelectsNothing) {
  auto r = select_projects(sample(), {"nothing-*"}, {});
  ASSERT_TRUE(r.ok());
  EXPECT_TRUE(r->empty());
}

TEST(SplitList, SplitsCommasAndDropsEmptyEntries) {
  EXPECT_EQ(split_list({"a,b", "c", ",e,"}), (std::vector<std::string>{"a", "b", "c", "e"}));
  EXPECT_TRUE(split_list({}).empty());
}

}  // namespace
}  // namespace strata::cli
