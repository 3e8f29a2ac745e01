#include "gen/workspace_generator.h"

#include <gtest/gtest.h>

#include "gen/scratch_dir.h"

namespace strata::gen {
namespace {

using testing::ScratchDir;

FileAction action_of(const WritePlan& plan, const std::string& path) {
  for (const auto& f : plan.files())
    if (f.path == path) return f.action;
  ADD_FAILURE() << path << " not planned";
  return FileAction::k_create;
}

TEST(WorkspaceGenerator, ANonEmptyDirectoryNeedsForce) {
  ScratchDir dir;
  dir.write("notes.txt", "mine");
  EXPECT_FALSE(plan_workspace({dir.root(), "", false}));
  EXPECT_TRUE(plan_workspace({dir.root(), "", true}));
}

TEST(WorkspaceGenerator, ForceAddsWhatIsMissingAndNeverOverwritesAUsersFile) {
  ScratchDir dir;
  dir.write("Makefile", "all:\n\techo ours\n");
  dir.write("tools/schemas/strata.schema.json", "{}");
  auto plan = plan_workspace({dir.root(), "", true});
  ASSERT_TRUE(plan);
  EXPECT_EQ(action_of(*plan, "Makefile"), FileAction::k_skip);
  EXPECT_EQ(action_of(*plan, "tools/schemas/strata.schema.json"), FileAction::k_skip);
  EXPECT_EQ(action_of(*plan, "strata.json"), FileAction::k_create);
  EXPECT_EQ(plan->count(FileAction::k_overwrite), 0u);
  ASSERT_TRUE(plan->apply());
  EXPECT_EQ(dir.read("Makefile"), "all:\n\techo ours\n");
}

TEST(WorkspaceGenerator, TheCiScriptsAreExecutable) {
  ScratchDir dir;
  auto plan = plan_workspace({dir.root() / "ws", "", false});
  ASSERT_TRUE(plan);
  for (const auto& f : plan->files()) {
    if (f.path.starts_with("tools/ci/")) {
      EXPECT_TRUE(f.executable) << f.path;
    }
  }
  EXPECT_EQ(action_of(*plan, "tools/ci/affected.sh"), FileAction::k_create);
  EXPECT_EQ(action_of(*plan, "tools/ci/install-strata.sh"), FileAction::k_create);
}

}  // namespace
}  // namespace strata::gen
