#include "gen/write_plan.h"

#include <gtest/gtest.h>
#include <sys/stat.h>

#include "gen/scratch_dir.h"

namespace strata::gen {
namespace {

using testing::ScratchDir;

TEST(WritePlan, CreatesNewFilesOnApply) {
  ScratchDir dir;
  WritePlan plan(dir.root());
  plan.add("a/b.txt", "hello");
  ASSERT_EQ(plan.files().size(), 1u);
  EXPECT_EQ(plan.files()[0].action, FileAction::k_create);
  EXPECT_FALSE(dir.exists("a/b.txt"));  // planning writes nothing
  ASSERT_TRUE(plan.apply());
  EXPECT_EQ(dir.read("a/b.txt"), "hello");
}

TEST(WritePlan, ASecondRunChangesNothing) {
  ScratchDir dir;
  WritePlan first(dir.root());
  first.add("x.txt", "same");
  ASSERT_TRUE(first.apply());
  WritePlan second(dir.root());
  second.add("x.txt", "same");
  EXPECT_EQ(second.files()[0].action, FileAction::k_unchanged);
  EXPECT_TRUE(second.changes_nothing());
}

TEST(WritePlan, ExistingFilesAreKeptUnlessForced) {
  ScratchDir dir;
  dir.write("x.txt", "edited by hand");
  WritePlan plain(dir.root());
  plain.add("x.txt", "generated");
  EXPECT_EQ(plain.files()[0].action, FileAction::k_skip);
  ASSERT_TRUE(plain.apply());
  EXPECT_EQ(dir.read("x.txt"), "edited by hand");

  WritePlan forced(dir.root(), true);
  forced.add("x.txt", "generated");
  EXPECT_EQ(forced.files()[0].action, FileAction::k_overwrite);
  ASSERT_TRUE(forced.apply());
  EXPECT_EQ(dir.read("x.txt"), "generated");
}

TEST(WritePlan, SharedRootFilesAreNeverOverwritten) {
  ScratchDir dir;
  dir.write("ruff.toml", "mine");
  WritePlan forced(dir.root(), true);
  forced.add("ruff.toml", "generated", Existing::k_keep_always);
  EXPECT_EQ(forced.files()[0].action, FileAction::k_skip);
}

TEST(WritePlan, TheFirstContentForAPathWins) {
  ScratchDir dir;
  WritePlan plan(dir.root());
  plan.add("x.txt", "first");
  plan.add("x.txt", "second");
  ASSERT_EQ(plan.files().size(), 1u);
  EXPECT_EQ(plan.files()[0].content, "first");
}

TEST(WritePlan, ScriptsBecomeExecutable) {
  ScratchDir dir;
  WritePlan plan(dir.root());
  plan.add("hook", "#!/bin/sh\necho hi\n");
  plan.add("data", "plain");
  ASSERT_TRUE(plan.apply());
  struct stat st{};
  ASSERT_EQ(::stat((dir.root() / "hook").c_str(), &st), 0);
  EXPECT_TRUE(st.st_mode & S_IXUSR);
  ASSERT_EQ(::stat((dir.root() / "data").c_str(), &st), 0);
  EXPECT_FALSE(st.st_mode & S_IXUSR);
}

TEST(WritePlan, JsonCountsEachAction) {
  ScratchDir dir;
  dir.write("old.txt", "x");
  WritePlan plan(dir.root());
  plan.add("new.txt", "y");
  plan.add("old.txt", "z");
  auto j = plan.to_json(true);
  EXPECT_EQ(j["dryRun"], true);
  EXPECT_EQ(j["created"], 1);
  EXPECT_EQ(j["skipped"], 1);
  EXPECT_EQ(j["files"][1]["action"], "skip");
}

}  // namespace
}  // namespace strata::gen
