#include "cache/input_diff.h"

#include <gtest/gtest.h>

#include "util/hash.h"

namespace strata {
namespace {

HashInput input(InputKind kind, std::string name, std::string_view content) {
  return {kind, std::move(name), hash_bytes(content), ""};
}

std::vector<std::string> described(const std::vector<InputChange>& changes) {
  std::vector<std::string> out;
  for (const auto& c : changes) out.push_back(std::string(change_type_name(c.type)) + " " + c.name);
  return out;
}

TEST(DiffInputs, SameInputsNoChanges) {
  std::vector<HashInput> a = {input(InputKind::k_executor, "executor", "x"),
                              input(InputKind::k_file, "src/a.py", "1")};
  EXPECT_TRUE(diff_inputs(a, a).empty());
  EXPECT_TRUE(diff_inputs({}, {}).empty());
}

TEST(DiffInputs, AddedRemovedAndChangedInOrder) {
  std::vector<HashInput> before = {input(InputKind::k_file, "a.py", "1"),
                                   input(InputKind::k_file, "b.py", "1"),
                                   input(InputKind::k_file, "d.py", "1")};
  std::vector<HashInput> after = {input(InputKind::k_file, "b.py", "2"),
                                  input(InputKind::k_file, "c.py", "1"),
                                  input(InputKind::k_file, "d.py", "1")};
  auto changes = diff_inputs(before, after);
  EXPECT_EQ(described(changes),
            (std::vector<std::string>{"removed a.py", "changed b.py", "added c.py"}));
  EXPECT_EQ(changes[0].after, nullptr);
  EXPECT_EQ(changes[0].before, &before[0]);
  EXPECT_EQ(changes[1].before, &before[1]);
  EXPECT_EQ(changes[1].after, &after[0]);
  EXPECT_EQ(changes[2].before, nullptr);
}

TEST(DiffInputs, TheSameNameOfAnotherKindIsAnotherInput) {
  std::vector<HashInput> before = {input(InputKind::k_env, "NODE_ENV", "production")};
  std::vector<HashInput> after = {input(InputKind::k_file, "NODE_ENV", "production")};
  auto changes = diff_inputs(before, after);
  ASSERT_EQ(changes.size(), 2u);
  EXPECT_EQ(changes[0].type, InputChange::Type::k_removed);
  EXPECT_EQ(changes[0].kind, InputKind::k_env);
  EXPECT_EQ(changes[1].type, InputChange::Type::k_added);
  EXPECT_EQ(changes[1].kind, InputKind::k_file);
}

TEST(DiffInputs, EverythingAddedOrEverythingRemoved) {
  std::vector<HashInput> some = {input(InputKind::k_file, "a", "1"),
                                 input(InputKind::k_file, "b", "2")};
  EXPECT_EQ(described(diff_inputs({}, some)), (std::vector<std::string>{"added a", "added b"}));
  EXPECT_EQ(described(diff_inputs(some, {})), (std::vector<std::string>{"removed a", "removed b"}));
}

TEST(DiffInputs, OnlyTheDigestDecidesAChange) {
  HashInput a = input(InputKind::k_options, "options", "{}");
  HashInput b = a;
  b.value = "shown differently";
  EXPECT_TRUE(diff_inputs({a}, {b}).empty());
}

TEST(ChangeTypeName, Words) {
  EXPECT_STREQ(change_type_name(InputChange::Type::k_added), "added");
  EXPECT_STREQ(change_type_name(InputChange::Type::k_removed), "removed");
  EXPECT_STREQ(change_type_name(InputChange::Type::k_changed), "changed");
}

}  // namespace
}  // namespace strata
