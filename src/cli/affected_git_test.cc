// `strata affected` asking real git what changed (no --files): changes in
// the working tree against the default branch, committed changes between
// --base and --head, untracked files, and the errors for a revision that
// does not exist or a workspace outside any repository. Dry runs only.

#include <gtest/gtest.h>

#include <cstdlib>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "cli/command_test_support.h"
#include "util/temp_dir.h"

namespace strata::cli {
namespace {

using nlohmann::json;
using Output = testsupport::CommandOutput;

// lib <- api (api depends on lib); tools stands alone. Committed on main.
struct Repo {
  testutil::TempDir dir;
  explicit Repo(bool with_git = true) {
    dir.write("strata.json", R"({"targetDefaults": {"build": {"dependsOn": ["^build"]}}})");
    project("libs/lib", json{{"name", "lib"}});
    project("apps/api", json{{"name", "api"}, {"implicitDependencies", {"lib"}}});
    project("tools", json{{"name", "tools"}});
    dir.write("libs/lib/src/lib.py", "X = 1\n");
    dir.write("tools/run.py", "print(1)\n");
    if (!with_git) return;
    EXPECT_EQ(git("init -q -b main ."), 0);
    EXPECT_EQ(git("add -A"), 0);
    EXPECT_EQ(git("commit -q -m initial"), 0);
  }
  void project(const std::string& root, json p) {
    p["targets"] = {{"build", {{"command", "true"}}}};
    dir.write(root + "/project.json", p.dump());
  }
  int git(const std::string& args) const {
    std::string cmd =
        "cd '" + dir.root().string() +
        "' && git -c user.email=t@example.com -c user.name=t -c commit.gpgsign=false " + args +
        " >/dev/null 2>&1";
    return std::system(cmd.c_str());
  }
  Output affected(std::vector<std::string> args) {
    args.insert(args.begin(), {"affected", "-t", "build"});
    args.insert(args.end(), {"--dry-run", "--json"});
    return testsupport::run_in(dir.root(), {}, args);
  }
  std::vector<std::string> ids(std::vector<std::string> args) {
    Output o = affected(std::move(args));
    EXPECT_EQ(o.code, 0) << o.err;
    std::vector<std::string> out;
    json doc = json::parse(o.out, nullptr, false);
    if (doc.is_discarded() || !doc.contains("tasks")) return out;
    for (const auto& t : doc["tasks"]) out.push_back(t["id"]);
    return out;
  }
};

using Ids = std::vector<std::string>;

TEST(AffectedGit, NothingChangedAffectsNothing) {
  Repo r;
  EXPECT_EQ(r.ids({}), Ids{});
}

TEST(AffectedGit, AnUncommittedEditAffectsItsProjectAndDependents) {
  Repo r;
  r.dir.write("libs/lib/src/lib.py", "X = 2\n");
  EXPECT_EQ(r.ids({}), (Ids{"lib:build", "api:build"}));
}

TEST(AffectedGit, AnUntrackedFileCountsAsAChange) {
  Repo r;
  r.dir.write("tools/new_tool.py", "print(2)\n");
  EXPECT_EQ(r.ids({}), Ids{"tools:build"});
}

TEST(AffectedGit, BaseAndHeadCompareTwoCommitsOnly) {
  Repo r;
  ASSERT_EQ(r.git("checkout -q -b feature"), 0);
  r.dir.write("tools/run.py", "print(3)\n");
  ASSERT_EQ(r.git("commit -q -am tools"), 0);
  r.dir.write("libs/lib/src/lib.py", "X = 3\n");  // uncommitted: not between the commits
  EXPECT_EQ(r.ids({"--base", "main", "--head", "HEAD"}), Ids{"tools:build"});
  EXPECT_EQ(r.ids({"--base", "main"}), (Ids{"lib:build", "api:build", "tools:build"}));
}

TEST(AffectedGit, AnUnknownBaseIsAnErrorNamingIt) {
  Repo r;
  Output o = r.affected({"--base", "no-such-branch"});
  EXPECT_EQ(o.code, 1);
  EXPECT_NE(o.err.find("no-such-branch"), std::string::npos) << o.err;
  EXPECT_EQ(o.out, "");
}

TEST(AffectedGit, OutsideARepositoryGitCannotSayButFilesStillCan) {
  Repo r(/*with_git=*/false);
  Output o = r.affected({});
  EXPECT_EQ(o.code, 1);
  EXPECT_NE(o.err.find("strata: error: "), std::string::npos) << o.err;
  EXPECT_EQ(r.ids({"--files", "tools/run.py"}), Ids{"tools:build"});
}

}  // namespace
}  // namespace strata::cli
