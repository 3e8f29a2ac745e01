#include "cli/project_filter.h"

#include <gtest/gtest.h>

namespace strata::cli {
namespace {

using Names = std::vector<std::string>;

Project project(std::string name, std::string root, std::vector<std::string> tags = {}) {
  Project p;
  p.name = std::move(name);
  p.root = std::move(root);
  p.tags = std::move(tags);
  return p;
}

// Sorted by name, as a loaded workspace is.
Workspace workspace() {
  Workspace ws;
  ws.projects = {project("api", "apps/api", {"type:app", "scope:server"}),
                 project("libs-core", "libs/core", {"type:lib", "scope:shared"}),
                 project("libs-ui", "libs/ui", {"type:lib", "scope:client"}),
                 project("web", "apps/web", {"type:app", "scope:client"})};
  return ws;
}

Names select(const Names& include, const Names& exclude = {}) {
  auto r = select_projects(workspace(), include, exclude);
  EXPECT_TRUE(r.ok()) << r.error().str();
  return r.ok() ? *r : Names{};
}

TEST(SplitList, SplitsAtCommasAndDropsEmptyEntries) {
  EXPECT_EQ(split_list({"a,b", "c"}), (Names{"a", "b", "c"}));
  EXPECT_EQ(split_list({",a,,b,"}), (Names{"a", "b"}));
  EXPECT_EQ(split_list({"", ","}), Names{});
  EXPECT_EQ(split_list({}), Names{});
}

TEST(SplitList, KeepsEverythingButCommasAsWritten) {
  EXPECT_EQ(split_list({"tag:scope:shared, libs/*"}), (Names{"tag:scope:shared", " libs/*"}));
}

TEST(SelectProjects, NothingToIncludeMeansEveryProjectInOrder) {
  EXPECT_EQ(select({}), (Names{"api", "libs-core", "libs-ui", "web"}));
}

TEST(SelectProjects, ExactNamesAndRoots) {
  EXPECT_EQ(select({"web"}), Names{"web"});
  EXPECT_EQ(select({"libs/ui"}), Names{"libs-ui"});
  EXPECT_EQ(select({"web", "api"}), (Names{"api", "web"}));  // workspace order, not argument order
}

TEST(SelectProjects, NameGlobsAndDirectoryGlobs) {
  EXPECT_EQ(select({"libs-*"}), (Names{"libs-core", "libs-ui"}));
  EXPECT_EQ(select({"apps/**"}), (Names{"api", "web"}));
  EXPECT_EQ(select({"*"}), (Names{"api", "libs-core", "libs-ui", "web"}));
}

TEST(SelectProjects, TagsAndTagGlobs) {
  EXPECT_EQ(select({"tag:type:lib"}), (Names{"libs-core", "libs-ui"}));
  EXPECT_EQ(select({"tag:scope:*"}), (Names{"api", "libs-core", "libs-ui", "web"}));
  EXPECT_EQ(select({"tag:scope:nowhere"}), Names{});
}

TEST(SelectProjects, ATagIsNotAName) {
  // "type:app" without "tag:" is a project name, and no project has it.
  auto r = select_projects(workspace(), {"type:app"}, {});
  EXPECT_FALSE(r.ok());
}

TEST(SelectProjects, ExcludeWinsOverInclude) {
  EXPECT_EQ(select({"libs-*"}, {"libs-ui"}), Names{"libs-core"});
  EXPECT_EQ(select({}, {"tag:type:app"}), (Names{"libs-core", "libs-ui"}));
  EXPECT_EQ(select({"web"}, {"*"}), Names{});
}

TEST(SelectProjects, SelectingTwiceGivesEachProjectOnce) {
  EXPECT_EQ(select({"web", "apps/web", "tag:scope:client"}), (Names{"libs-ui", "web"}));
}

TEST(SelectProjects, AnUnknownNameIsAnErrorWithADidYouMean) {
  auto r = select_projects(workspace(), {"web", "wbe"}, {});
  ASSERT_FALSE(r.ok());
  EXPECT_NE(r.error().message.find("'wbe'"), std::string::npos) << r.error().message;
  EXPECT_NE(r.error().hint.find("web"), std::string::npos) << r.error().hint;
}

TEST(SelectProjects, AGlobMatchingNothingIsAnEmptySelectionNotAnError) {
  EXPECT_EQ(select({"svc-*"}), Names{});
}

TEST(SelectProjects, NamesAreCaseSensitive) {
  EXPECT_FALSE(select_projects(workspace(), {"Web"}, {}).ok());
}

}  // namespace
}  // namespace strata::cli
