// Which projects `strata run-many -p` picks, run in-process with --dry-run
// --json (nothing is executed): names, globs with `*` and `{a,b}` groups
// (also many of them, which the glob matcher takes in place), tag:TAG,
// --exclude, several targets at once, and how the lists are split.

#include <gtest/gtest.h>

#include <nlohmann/json.hpp>
#include <set>
#include <string>
#include <vector>

#include "cli/command_test_support.h"
#include "cli/project_filter.h"
#include "util/temp_dir.h"

namespace strata::cli {
namespace {

using nlohmann::json;
using Output = testsupport::CommandOutput;

// Four independent projects, two tagged scope:shop; each builds, two test.
struct Workspace {
  testutil::TempDir dir;
  Workspace() {
    dir.write("strata.json", "{}");
    add("shop-api", {"scope:shop"}, true);
    add("shop-web", {"scope:shop", "type:app"}, false);
    add("admin-web", {"type:app"}, true);
    add("tools", {}, false);
  }
  void add(const std::string& name, const std::vector<std::string>& tags, bool tests) {
    json targets = {{"build", {{"command", "true"}}}};
    if (tests) targets["test"] = {{"command", "true"}};
    dir.write("projects/" + name + "/project.json",
              json{{"name", name}, {"tags", tags}, {"targets", targets}}.dump());
  }
  // The task ids a dry run of `run-many ARGS` would run, sorted.
  std::set<std::string> picked(std::vector<std::string> args) {
    args.insert(args.begin(), "run-many");
    args.insert(args.end(), {"--dry-run", "--json"});
    Output o = testsupport::run_in(dir.root(), {}, args);
    EXPECT_EQ(o.code, 0) << o.err;
    std::set<std::string> ids;
    json doc = json::parse(o.out, nullptr, false);
    if (doc.is_discarded() || !doc.contains("tasks")) return ids;
    for (const auto& t : doc["tasks"]) ids.insert(t["id"].get<std::string>());
    return ids;
  }
};

using Ids = std::set<std::string>;

TEST(RunManySelection, NamesAndStarGlobs) {
  Workspace w;
  EXPECT_EQ(w.picked({"-t", "build", "-p", "tools"}), Ids{"tools:build"});
  EXPECT_EQ(w.picked({"-t", "build", "-p", "shop-*"}), (Ids{"shop-api:build", "shop-web:build"}));
  EXPECT_EQ(w.picked({"-t", "build", "-p", "*-web"}), (Ids{"admin-web:build", "shop-web:build"}));
}

// Lists are split at commas, but not at the commas of a `{a,b}` group:
// "-p '{shop,admin}-web'" used to become "{shop" and "admin}-web".
TEST(SplitList, CommasInsideBraceGroupsDoNotSplit) {
  using Names = std::vector<std::string>;
  EXPECT_EQ(split_list({"{shop,admin}-web"}), Names{"{shop,admin}-web"});
  EXPECT_EQ(split_list({"a,{b,{c,d}},e", "f"}), (Names{"a", "{b,{c,d}}", "e", "f"}));
  EXPECT_EQ(split_list({"x}", "y,z"}), (Names{"x}", "y", "z"}));  // a stray '}' is text
  EXPECT_EQ(split_list({"{open,ended"}), Names{"{open,ended"});
}

TEST(RunManySelection, BraceGroupsSelectEachAlternative) {
  Workspace w;
  EXPECT_EQ(w.picked({"-t", "build", "-p", "{shop,admin}-web"}),
            (Ids{"admin-web:build", "shop-web:build"}));
  EXPECT_EQ(w.picked({"-t", "build", "-p", "{tools,shop-{api,web}}"}),
            (Ids{"shop-api:build", "shop-web:build", "tools:build"}));
}

TEST(RunManySelection, APatternOfManyBraceGroupsStillSelects) {
  // Twenty groups: expanded, a million patterns per project.
  Workspace w;
  std::string pattern = "tools";
  for (int i = 0; i < 20; ++i) pattern += "{,}";
  EXPECT_EQ(w.picked({"-t", "build", "-p", pattern}), Ids{"tools:build"});
}

TEST(RunManySelection, TagsSelectAndExcludeRemoves) {
  Workspace w;
  EXPECT_EQ(w.picked({"-t", "build", "-p", "tag:type:app"}),
            (Ids{"admin-web:build", "shop-web:build"}));
  EXPECT_EQ(w.picked({"-t", "build", "-p", "tag:scope:shop", "--exclude", "shop-web"}),
            Ids{"shop-api:build"});
  EXPECT_EQ(w.picked({"-t", "build", "--exclude", "*-web"}),
            (Ids{"shop-api:build", "tools:build"}));
}

TEST(RunManySelection, ATargetRunsOnlyWhereProjectsHaveIt) {
  Workspace w;
  EXPECT_EQ(w.picked({"-t", "test"}), (Ids{"admin-web:test", "shop-api:test"}));
  EXPECT_EQ(w.picked({"-t", "build", "test", "-p", "shop-*"}),
            (Ids{"shop-api:build", "shop-api:test", "shop-web:build"}));
}

}  // namespace
}  // namespace strata::cli
