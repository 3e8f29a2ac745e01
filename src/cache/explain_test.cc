#include "cache/explain.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

namespace strata {

namespace {

HashInput in(InputKind kind, std::string name, std::string_view content, std::string value = {}) {
  return HashInput{kind, std::move(name), hash_bytes(content), std::move(value)};
}

TaskHash task_hash(std::vector<HashInput> inputs) {
  normalise_inputs(inputs);
  return TaskHash{combine_inputs(inputs), std::move(inputs)};
}

const TaskHash k_before = task_hash(
    {in(InputKind::k_command, "commands[0]", "tsc", "tsc -p libs/a"),
     in(InputKind::k_file, "libs/a/src/x.ts", "1"), in(InputKind::k_file, "libs/a/src/old.ts", "1"),
     in(InputKind::k_env, "MODE", "dev")});
const TaskHash k_after = task_hash(
    {in(InputKind::k_command, "commands[0]", "tsc -b", "tsc -b libs/a"),
     in(InputKind::k_file, "libs/a/src/x.ts", "2"), in(InputKind::k_file, "libs/a/src/new.ts", "1"),
     in(InputKind::k_env, "MODE", "dev")});

}  // namespace

TEST(Explain, TextListsInputsAndExactChanges) {
  Explanation e = explain("a:build", k_after, true, RunRecord{"a:build", 1700000000000, k_before});
  std::string text = explain_text(e);
  EXPECT_THAT(text, ::testing::HasSubstr("a:build  hash " + k_after.digest.hex()));
  EXPECT_THAT(text, ::testing::HasSubstr("(in the local cache)"));
  EXPECT_THAT(text, ::testing::HasSubstr("Inputs (4)"));
  EXPECT_THAT(text, ::testing::ContainsRegex(
                        "changed +command +commands\\[0\\] +tsc -p libs/a -> tsc -b libs/a"));
  EXPECT_THAT(text, ::testing::ContainsRegex("changed +file +libs/a/src/x.ts"));
  EXPECT_THAT(text, ::testing::ContainsRegex("added +file +libs/a/src/new.ts"));
  EXPECT_THAT(text, ::testing::ContainsRegex("removed +file +libs/a/src/old.ts"));
  EXPECT_THAT(text, ::testing::Not(::testing::ContainsRegex("(changed|added|removed) +env")));
}

TEST(Explain, UnchangedAndFirstRun) {
  EXPECT_THAT(explain_text(explain("a:build", k_after, false, RunRecord{"a:build", 1, k_after})),
              ::testing::HasSubstr("Unchanged since the last run"));
  EXPECT_THAT(explain_text(explain("a:build", k_after, false, std::nullopt)),
              ::testing::HasSubstr("No earlier run"));
}

TEST(Explain, JsonCarriesInputsAndChanges) {
  nlohmann::json j =
      explain_json(explain("a:build", k_after, false, RunRecord{"a:build", 5, k_before}));
  EXPECT_EQ(j["task"], "a:build");
  EXPECT_EQ(j["hash"], k_after.digest.hex());
  EXPECT_EQ(j["inputs"].size(), 4u);
  EXPECT_EQ(j["previous"]["hash"], k_before.digest.hex());
  ASSERT_EQ(j["previous"]["changes"].size(), 4u);
  for (const auto& c : j["previous"]["changes"]) {
    EXPECT_TRUE(c.contains("change") && c.contains("kind") && c.contains("name"));
    if (c["change"] == "changed") {
      EXPECT_TRUE(c.contains("before") && c.contains("after"));
    }
  }
  EXPECT_TRUE(explain_json(explain("a:build", k_after, false, std::nullopt))["previous"].is_null());
}

}  // namespace strata
