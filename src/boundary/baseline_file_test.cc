// The baseline as a file: saved and loaded back, refused when it is missing
// or its entries are not what the format says (docs/formats/boundary-baseline.md),
// and applied count by count.
#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>

#include "boundary/baseline.h"
#include "util/fs.h"

namespace strata {
namespace {

namespace fs = std::filesystem;
using ::testing::HasSubstr;

Violation at(std::string file, std::string imported, BoundaryRule rule = BoundaryRule::k_layer) {
  Violation x;
  x.rule = rule;
  x.file = std::move(file);
  x.line = 7;
  x.importer = "web";
  x.imported = std::move(imported);
  return x;
}

std::string with_entries(const std::string& entries) {
  return R"({"format": "strata-boundary-baseline", "version": 1, "violations": [)" + entries + "]}";
}

class BaselineFileTest : public ::testing::Test {
 protected:
  void SetUp() override {
    m_dir = fs::temp_directory_path() /
            ("strata-baseline-" + std::to_string(::getpid()) + "-" +
             ::testing::UnitTest::GetInstance()->current_test_info()->name());
    fs::remove_all(m_dir);
    fs::create_directories(m_dir);
  }
  void TearDown() override { fs::remove_all(m_dir); }
  fs::path m_dir;
};

TEST_F(BaselineFileTest, SavedAndLoadedBackItFreezesTheSameViolations) {
  std::vector<Violation> found{at("a.ts", "db"), at("a.ts", "db"),
                               at("b.ts", "lodash", BoundaryRule::k_banned_import)};
  ASSERT_TRUE(Baseline::of(found).save(m_dir / "baseline.json"));
  auto loaded = Baseline::load(m_dir / "baseline.json");
  ASSERT_TRUE(loaded) << loaded.error().str();
  EXPECT_EQ(loaded->size(), 3u);
  EXPECT_EQ(loaded->apply(found), 0u);
  for (const auto& v : found) EXPECT_TRUE(v.frozen);
  EXPECT_EQ(*read_file(m_dir / "baseline.json"), Baseline::of(found).serialize());
}

TEST_F(BaselineFileTest, AMissingFileSaysHowToCreateIt) {
  auto r = Baseline::load(m_dir / "nope.json");
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().loc.file, (m_dir / "nope.json").string());
  EXPECT_THAT(r.error().hint, HasSubstr("--update-baseline"));
}

TEST(BaselineFormat, AnEmptyBaselineRoundTripsAndFreezesNothing) {
  Baseline empty = Baseline::of({});
  EXPECT_EQ(empty.serialize(),
            "{\n  \"format\": \"strata-boundary-baseline\",\n  \"version\": 1,\n  \"violations\": "
            "[]\n}\n");
  auto back = Baseline::parse(empty.serialize(), "b.json");
  ASSERT_TRUE(back) << back.error().str();
  EXPECT_EQ(back->size(), 0u);
  std::vector<Violation> found{at("a.ts", "db")};
  EXPECT_EQ(back->apply(found), 1u);
  EXPECT_FALSE(found[0].frozen);
}

TEST(BaselineFormat, RepeatedEntriesAddTheirCounts) {
  auto b = Baseline::parse(
      with_entries(
          R"({"rule": "layer", "file": "a.ts", "importer": "web", "imported": "db", "count": 1},
                   {"rule": "layer", "file": "a.ts", "importer": "web", "imported": "db", "count": 2})"),
      "b.json");
  ASSERT_TRUE(b) << b.error().str();
  EXPECT_EQ(b->size(), 3u);
  EXPECT_THAT(b->serialize(), HasSubstr("\"count\":3"));
}

TEST(BaselineFormat, CountsMustBePositiveWholeNumbers) {
  for (const char* count : {"0", "-1", "1.5", "\"2\"", "null"}) {
    auto r = Baseline::parse(with_entries(R"({"rule": "layer", "file": "a.ts", "importer": "web",
                                              "imported": "db", "count": )" +
                                          std::string(count) + "}"),
                             "b.json");
    ASSERT_FALSE(r) << count;
    EXPECT_THAT(r.error().message, HasSubstr("positive count")) << count;
    EXPECT_EQ(r.error().hint, "rewrite the baseline with --update-baseline");
  }
}

TEST(BaselineFormat, EntriesNeedAnImporterAndAnImported) {
  auto r = Baseline::parse(
      with_entries(R"({"rule": "layer", "file": "a.ts", "importer": "web", "count": 1},
                      {"rule": "layer", "file": "a.ts", "imported": "db", "count": 1})"),
      "b.json");
  ASSERT_FALSE(r);
  EXPECT_THAT(r.error().message, HasSubstr("baseline entry 0"));
}

TEST(BaselineFormat, ABaselineWithoutViolationsOrWithAnObjectIsRefused) {
  auto none = Baseline::parse(R"({"format": "strata-boundary-baseline", "version": 1})", "b.json");
  ASSERT_FALSE(none);
  EXPECT_THAT(none.error().message, HasSubstr("'violations' array"));
  auto object = Baseline::parse(
      R"({"format": "strata-boundary-baseline", "version": 1, "violations": {}})", "b.json");
  EXPECT_FALSE(object);
  auto truncated = Baseline::parse(with_entries("").substr(0, 40), "b.json");
  ASSERT_FALSE(truncated);
  EXPECT_THAT(truncated.error().str(), HasSubstr("b.json: not a boundary baseline"));
}

TEST(BaselineFormat, AMissingVersionIsNamedAsNull) {
  auto r = Baseline::parse(R"({"format": "strata-boundary-baseline", "violations": []})", "b.json");
  ASSERT_FALSE(r);
  EXPECT_THAT(r.error().message, HasSubstr("unsupported boundary baseline version null"));
}

TEST(BaselineApply, OnlyTheFrozenNumberOfCopiesIsFrozenInOrder) {
  Baseline b = Baseline::of({at("a.ts", "db")});
  std::vector<Violation> found{at("a.ts", "db"), at("a.ts", "db"), at("a.ts", "cache")};
  EXPECT_EQ(b.apply(found), 2u);
  EXPECT_TRUE(found[0].frozen);
  EXPECT_FALSE(found[1].frozen);
  EXPECT_FALSE(found[2].frozen);
  // Applying twice gives the same answer: the baseline is not used up.
  EXPECT_EQ(b.apply(found), 2u);
  EXPECT_EQ(b.stale(found), 0u);
}

TEST(BaselineApply, TheRuleIsPartOfTheKey) {
  Baseline b = Baseline::of({at("a.ts", "db", BoundaryRule::k_layer)});
  std::vector<Violation> found{at("a.ts", "db", BoundaryRule::k_not_tags)};
  EXPECT_EQ(b.apply(found), 1u);
  EXPECT_EQ(b.stale(found), 1u);
}

}  // namespace
}  // namespace strata
