// `strata new` run in-process into temporary directories, always with
// --skip-install: the --json plan, refusing a non-empty directory unless
// forced (and then keeping what is there), the name given or derived, git
// initialised with the hooks switched on, and a result Strata can load.

#include <gtest/gtest.h>
#include <sys/stat.h>

#include <cstdio>
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
namespace fs = std::filesystem;

Output strata_new(const testutil::TempDir& parent, std::vector<std::string> args) {
  args.insert(args.begin(), "new");
  args.push_back("--skip-install");
  return testsupport::run_in(parent.root(), {}, args);
}

// The first line of `cmd`'s output, run in `dir`; "" when it fails.
std::string first_line(const fs::path& dir, const std::string& cmd) {
  std::string full = "cd '" + dir.string() + "' && " + cmd + " 2>/dev/null";
  std::FILE* p = ::popen(full.c_str(), "r");
  if (!p) return "";
  char buf[512] = {};
  std::string out = std::fgets(buf, sizeof buf, p) ? buf : "";
  ::pclose(p);
  while (!out.empty() && out.back() == '\n') out.pop_back();
  return out;
}

TEST(NewCommand, ADryRunJsonPlansEveryFileAndCreatesNothing) {
  testutil::TempDir parent;
  Output o = strata_new(parent, {"shop", "--dry-run", "--json"});
  ASSERT_EQ(o.code, 0) << o.err;
  json j = json::parse(o.out);
  EXPECT_EQ(j["dryRun"], true);
  EXPECT_EQ(j["created"].get<size_t>(), j["files"].size());
  EXPECT_EQ(j["overwritten"], 0);
  std::vector<std::string> paths;
  for (const auto& f : j["files"]) {
    EXPECT_EQ(f["action"], "create") << f;
    paths.push_back(f["path"]);
  }
  for (const char* f : {"strata.json", "README.md", ".githooks/pre-commit", ".gitignore",
                        "tools/schemas/project.schema.json"})
    EXPECT_NE(std::find(paths.begin(), paths.end(), f), paths.end()) << f;
  EXPECT_FALSE(parent.exists("shop"));
}

TEST(NewCommand, WritesAWorkspaceStrataLoadsWithGitAndItsHooks) {
  testutil::TempDir parent;
  Output o = strata_new(parent, {"shop"});
  ASSERT_EQ(o.code, 0) << o.err;
  EXPECT_NE(o.out.find("Workspace ready in "), std::string::npos) << o.out;
  EXPECT_EQ(parent.read("shop/README.md").rfind("# shop\n", 0), 0u);
  ASSERT_TRUE(parent.exists("shop/.git"));
  EXPECT_EQ(first_line(parent.path("shop"), "git config core.hooksPath"), ".githooks");
  EXPECT_EQ(first_line(parent.path("shop"), "git symbolic-ref --short HEAD"), "main");
  struct stat st{};
  ASSERT_EQ(::stat(parent.path("shop/.githooks/pre-commit").c_str(), &st), 0);
  EXPECT_TRUE(st.st_mode & S_IXUSR);  // a hook git can run
  Output projects = testsupport::run_in(parent.path("shop"), {}, {"show", "projects", "--json"});
  EXPECT_EQ(projects.code, 0) << projects.err;
  EXPECT_EQ(json::parse(projects.out), json::array());
}

TEST(NewCommand, TheNameIsGivenOrTakenFromTheDirectoryAndKebabCased) {
  testutil::TempDir parent;
  ASSERT_EQ(strata_new(parent, {"a", "--name", "Acme Shop", "--no-git"}).code, 0);
  EXPECT_EQ(parent.read("a/README.md").rfind("# acme-shop\n", 0), 0u) << parent.read("a/README.md");
  ASSERT_EQ(strata_new(parent, {"Order_History", "--no-git"}).code, 0);
  EXPECT_EQ(parent.read("Order_History/README.md").rfind("# order-history\n", 0), 0u);
  EXPECT_FALSE(parent.exists("a/.git"));
}

TEST(NewCommand, ANonEmptyDirectoryIsRefusedUnlessForcedAndItsFilesAreKept) {
  testutil::TempDir parent;
  parent.write("shop/README.md", "# ours\n");
  Output refused = strata_new(parent, {"shop", "--no-git"});
  EXPECT_EQ(refused.code, 1);
  EXPECT_EQ(refused.err.rfind("strata: error: ", 0), 0u) << refused.err;
  EXPECT_NE(refused.err.find("is not empty"), std::string::npos) << refused.err;
  EXPECT_NE(refused.err.find("hint: choose a new directory, or pass --force"), std::string::npos);
  EXPECT_FALSE(parent.exists("shop/strata.json"));

  Output forced = strata_new(parent, {"shop", "--no-git", "--force", "--json"});
  ASSERT_EQ(forced.code, 0) << forced.err;
  EXPECT_EQ(parent.read("shop/README.md"), "# ours\n");
  EXPECT_TRUE(parent.exists("shop/strata.json"));
  json j = json::parse(forced.out);
  EXPECT_EQ(j["overwritten"], 0);
  EXPECT_EQ(j["skipped"], 1);  // README.md

  Output again = strata_new(parent, {"shop", "--no-git", "--force", "--json"});
  ASSERT_EQ(again.code, 0) << again.err;
  json k = json::parse(again.out);
  EXPECT_EQ(k["created"], 0);
  EXPECT_EQ(k["unchanged"].get<size_t>() + 1, k["files"].size());
}

TEST(NewCommand, TheDirectoryIsRequired) {
  testutil::TempDir parent;
  Output o = testsupport::run_in(parent.root(), {}, {"new"});
  EXPECT_EQ(o.code, 2);
  EXPECT_EQ(o.err.rfind("strata: error: dir is required", 0), 0u) << o.err;
  EXPECT_EQ(testsupport::run_in(parent.root(), {}, {"new", "a", "b"}).code, 2);
}

}  // namespace
}  // namespace strata::cli
