#include "cache/run_record.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "cache/input_diff.h"
#include "cache/test_dir.h"
#include "util/fs.h"

namespace strata {

using testutil::TestDir;

namespace {

HashInput in(InputKind kind, std::string name, std::string_view content, std::string value = {}) {
  return HashInput{kind, std::move(name), hash_bytes(content), std::move(value)};
}

TaskHash task_hash(std::vector<HashInput> inputs) {
  normalise_inputs(inputs);
  return TaskHash{combine_inputs(inputs), std::move(inputs)};
}

}  // namespace

TEST(RunRecord, RoundTripsThroughDisk) {
  TestDir d;
  RunRecords records(d.path(".strata/cache"));
  TaskHash h = task_hash({in(InputKind::k_command, "commands[0]", "tsc", "tsc -p ."),
                          in(InputKind::k_file, "libs/a/src/index.ts", "v1")});
  ASSERT_TRUE(records.save("@scope/a:build", h).ok());
  auto back = records.load("@scope/a:build");
  ASSERT_TRUE(back.has_value());
  EXPECT_EQ(back->task_id, "@scope/a:build");
  EXPECT_EQ(back->hash.digest, h.digest);
  EXPECT_EQ(back->hash.inputs, h.inputs);
  EXPECT_GT(back->time_ms, 0);
  EXPECT_FALSE(records.load("a:test").has_value());
}

TEST(RunRecord, DamagedRecordIsIgnoredWithWarning) {
  TestDir d;
  RunRecords records(d.path("cache"));
  ASSERT_TRUE(records.save("a:build", task_hash({in(InputKind::k_env, "CI", "1")})).ok());
  std::string text = *read_file(records.path_for("a:build"));
  text[text.size() - 3] ^= 1;
  ASSERT_TRUE(write_atomic(records.path_for("a:build"), text).ok());
  ::testing::internal::CaptureStderr();
  EXPECT_FALSE(records.load("a:build").has_value());
  EXPECT_THAT(::testing::internal::GetCapturedStderr(), ::testing::HasSubstr("checksum"));
  EXPECT_FALSE(decode_run_record("strata-run 999 x\n{}").ok());
}

TEST(RunRecord, HoldsAnswersWithoutParsing) {
  TestDir d;
  RunRecords records(d.path("cache"));
  TaskHash h = task_hash({in(InputKind::k_file, "a/x.ts", "1", "has \"quotes\", and ,\"task\":")});
  TaskHash other = task_hash({in(InputKind::k_file, "a/x.ts", "2")});
  EXPECT_FALSE(records.holds("a:build", h.digest));  // no record yet
  ASSERT_TRUE(records.save("a:build", h).ok());
  EXPECT_TRUE(records.holds("a:build", h.digest));
  EXPECT_FALSE(records.holds("a:build", other.digest));
  EXPECT_FALSE(records.holds("b:build", h.digest));
  // A record whose body was damaged is not trusted, even if its hash matches.
  std::string text = *read_file(records.path_for("a:build"));
  text[text.size() - 3] ^= 1;
  ASSERT_TRUE(write_atomic(records.path_for("a:build"), text).ok());
  EXPECT_FALSE(records.holds("a:build", h.digest));
  // A record filed under another task's name (a copied file) does not count.
  ASSERT_TRUE(records.save("b:build", h).ok());
  ASSERT_TRUE(
      write_atomic(records.path_for("a:build"), *read_file(records.path_for("b:build"))).ok());
  EXPECT_FALSE(records.holds("a:build", h.digest));
}

TEST(InputDiff, ReportsAddedRemovedAndChanged) {
  TaskHash before =
      task_hash({in(InputKind::k_file, "a/x.ts", "1"), in(InputKind::k_file, "a/y.ts", "1"),
                 in(InputKind::k_env, "MODE", "dev"), in(InputKind::k_task, "b:build", "h1")});
  TaskHash after =
      task_hash({in(InputKind::k_file, "a/x.ts", "2"), in(InputKind::k_file, "a/z.ts", "1"),
                 in(InputKind::k_env, "MODE", "dev"), in(InputKind::k_task, "b:build", "h2")});
  auto changes = diff_inputs(before.inputs, after.inputs);
  std::vector<std::string> seen;
  for (const auto& c : changes)
    seen.push_back(std::string(change_type_name(c.type)) + " " + input_kind_name(c.kind) + " " +
                   c.name);
  EXPECT_THAT(seen, ::testing::UnorderedElementsAre("changed file a/x.ts", "removed file a/y.ts",
                                                    "added file a/z.ts", "changed task b:build"));
  EXPECT_TRUE(diff_inputs(after.inputs, after.inputs).empty());
}

TEST(HashInputs, ListDeterminesTheHash) {
  std::vector<HashInput> a{in(InputKind::k_file, "x", "1"), in(InputKind::k_env, "E", "v")};
  std::vector<HashInput> b{in(InputKind::k_env, "E", "v"), in(InputKind::k_file, "x", "1")};
  normalise_inputs(a);
  normalise_inputs(b);
  EXPECT_EQ(combine_inputs(a), combine_inputs(b)) << "order of discovery does not matter";
  b[1].name = "y";
  EXPECT_NE(combine_inputs(a), combine_inputs(b));
  // The same name and digest under another kind is another input.
  std::vector<HashInput> c{in(InputKind::k_global, "x", "1"), in(InputKind::k_env, "E", "v")};
  normalise_inputs(c);
  EXPECT_NE(combine_inputs(a), combine_inputs(c));
}

TEST(HashInputs, KindNamesRoundTrip) {
  for (int k = 0; k <= static_cast<int>(InputKind::k_task); ++k) {
    auto kind = static_cast<InputKind>(k);
    EXPECT_EQ(parse_input_kind(input_kind_name(kind)), kind);
  }
  EXPECT_FALSE(parse_input_kind("nope").has_value());
}

}  // namespace strata
