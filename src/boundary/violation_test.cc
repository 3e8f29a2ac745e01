#include "boundary/violation.h"

#include <gtest/gtest.h>

namespace strata {
namespace {

TEST(BoundaryRuleName, EveryRuleParsesBackFromItsName) {
  for (int i = 0; i <= static_cast<int>(BoundaryRule::k_context_cycle); ++i) {
    auto rule = static_cast<BoundaryRule>(i);
    BoundaryRule back = BoundaryRule::k_layer;
    ASSERT_TRUE(parse_boundary_rule(boundary_rule_name(rule), back)) << i;
    EXPECT_EQ(back, rule) << boundary_rule_name(rule);
  }
}

TEST(BoundaryRuleName, UnknownNamesAreRefusedAndLeaveTheOutputAlone) {
  BoundaryRule out = BoundaryRule::k_not_tags;
  EXPECT_FALSE(parse_boundary_rule("Layer", out));
  EXPECT_FALSE(parse_boundary_rule("", out));
  EXPECT_FALSE(parse_boundary_rule("layer ", out));
  EXPECT_EQ(out, BoundaryRule::k_not_tags);
}

TEST(CyclePath, FollowsTheEdgesBackToTheStart) {
  std::vector<CycleEdge> c = {{"a", "b", "x.py", 1}, {"b", "c", "y.py", 2}, {"c", "a", "z.py", 3}};
  EXPECT_EQ(cycle_path(c), "a → b → c → a");
  EXPECT_EQ(cycle_path({}), "");
}

// A broken tag constraint at libs/a/x.py:3.
Violation import_violation(std::string importer, std::string imported) {
  Violation v;
  v.rule = BoundaryRule::k_only_tags;
  v.file = "libs/a/x.py";
  v.line = 3;
  v.importer = std::move(importer);
  v.imported = std::move(imported);
  return v;
}

TEST(ViolationKey, LeavesOutTheLineSoEditsAboveDoNotUnfreeze) {
  Violation v = import_violation("a", "b");
  Violation moved = v;
  moved.line = 40;
  moved.message = "other words";
  EXPECT_EQ(v.key(), moved.key());
  EXPECT_EQ(v.key().rule, "only-tags");
  Violation other = v;
  other.imported = std::string("c");
  EXPECT_NE(v.key(), other.key());
}

TEST(ViolationKey, ACycleIsKeyedByItsPathNotItsFile) {
  Violation v;
  v.rule = BoundaryRule::k_project_cycle;
  v.file = "libs/a/x.py";
  v.cycle = {{"a", "b", "libs/a/x.py", 1}, {"b", "a", "libs/b/y.py", 9}};
  Violation::Key k = v.key();
  EXPECT_EQ(k.file, "");
  EXPECT_EQ(k.importer, "a");
  EXPECT_EQ(k.imported, "a → b → a");
  Violation elsewhere = v;
  elsewhere.file = "libs/a/z.py";
  elsewhere.cycle[0].file = "libs/a/z.py";
  EXPECT_EQ(v.key(), elsewhere.key());
}

}  // namespace
}  // namespace strata
