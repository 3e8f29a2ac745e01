#include "gen/local_generator.h"

#include <gtest/gtest.h>

#include "gen/scratch_dir.h"

namespace strata::gen {
namespace {

using testing::ScratchDir;

void add_generator(const ScratchDir& dir, const std::string& destination) {
  dir.write("tools/generators/lib/schema.json",
            R"({"destination": ")" + destination +
                R"(", "options": {"owner": {"type": "string", "default": "core"}}})");
  dir.write("tools/generators/lib/files/__name__/README.md.tmpl", "{{Name}} by {{owner}}\n");
}

TEST(LocalGenerator, ListsFoldersWithASchema) {
  ScratchDir dir;
  add_generator(dir, "libs");
  dir.write("tools/generators/not-one/files/x.tmpl", "x");
  EXPECT_EQ(local_generators(dir.root()), std::vector<std::string>{"lib"});
}

TEST(LocalGenerator, ExpandsBelowTheDestination) {
  ScratchDir dir;
  add_generator(dir, "libs/{{owner}}");
  auto plan = plan_local(dir.root(), {"lib", "money_utils", {"--owner", "team-a"}, false});
  ASSERT_TRUE(plan) << plan.error().message;
  ASSERT_EQ(plan->files().size(), 1u);
  EXPECT_EQ(plan->files()[0].path, "libs/team-a/money_utils/README.md");
  EXPECT_EQ(plan->files()[0].content, "MoneyUtils by team-a\n");
}

TEST(LocalGenerator, StaysInsideTheWorkspace) {
  ScratchDir dir;
  add_generator(dir, "../outside");
  EXPECT_FALSE(plan_local(dir.root(), {"lib", "x", {}, false}));
  add_generator(dir, "libs/{{owner}}");
  EXPECT_FALSE(plan_local(dir.root(), {"lib", "x", {"--owner", "../../etc"}, false}));
}

TEST(LocalGenerator, ChecksTheName) {
  ScratchDir dir;
  add_generator(dir, "libs");
  EXPECT_EQ(plan_local(dir.root(), {"lib", "Money Utils", {}, false}).error().hint,
            "did you mean 'money_utils'?");
}

}  // namespace
}  // namespace strata::gen
