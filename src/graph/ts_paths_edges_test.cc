// TypeScript path aliases at their edges: catch-all and suffix patterns,
// targets that climb out of the config's directory, files that are not
// what a tsconfig should be, and JSONC stripping that keeps lines in place.

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <algorithm>
#include <nlohmann/json.hpp>

#include "graph/ts_paths.h"
#include "util/temp_dir.h"

namespace strata {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::IsEmpty;

TsPaths parsed(const std::string& paths, std::string_view dir = "") {
  auto p = TsPaths::parse(R"({"compilerOptions": {"paths": )" + paths + "}}", dir, "tsconfig.json");
  EXPECT_TRUE(p.ok()) << p.error().str();
  return p.ok() ? *p : TsPaths{};
}

TEST(TsPathsEdges, ACatchAllLosesToAnyLongerPrefix) {
  TsPaths p = parsed(R"({"*": ["types/*"], "@a/*": ["libs/a/*"]})");
  EXPECT_THAT(p.map("@a/x"), ElementsAre("libs/a/x"));
  EXPECT_THAT(p.map("lodash"), ElementsAre("types/lodash"));
  // The order in the file does not matter.
  TsPaths q = parsed(R"({"@a/*": ["libs/a/*"], "*": ["types/*"]})");
  EXPECT_THAT(q.map("@a/x"), ElementsAre("libs/a/x"));
}

TEST(TsPathsEdges, APatternMayHaveASuffixAfterTheStar) {
  TsPaths p = parsed(R"({"@a/*/styles": ["libs/*/src/styles.css"]})");
  EXPECT_THAT(p.map("@a/ui/styles"), ElementsAre("libs/ui/src/styles.css"));
  EXPECT_THAT(p.map("@a/ui/other"), IsEmpty());
  EXPECT_THAT(p.map("@a/styles"), IsEmpty()) << "prefix and suffix may not overlap";
}

TEST(TsPathsEdges, TargetsAreNormalisedRelativeToTheConfig) {
  TsPaths p = parsed(R"({"@s/*": ["../shared/./*"], "@x": ["./x/../y/index.ts"]})", "apps/web");
  EXPECT_THAT(p.map("@s/util"), ElementsAre("apps/shared/util"));
  EXPECT_THAT(p.map("@x"), ElementsAre("apps/web/y/index.ts"));
}

TEST(TsPathsEdges, NonStringTargetsAreSkippedAndAnObjectIsRefused) {
  TsPaths p = parsed(R"({"a": ["one", 2, null, "two"]})");
  EXPECT_THAT(p.map("a"), ElementsAre("one", "two"));
  auto bad = TsPaths::parse(R"({"compilerOptions": {"paths": {"a": "one"}}})", "", "tsconfig.json");
  ASSERT_FALSE(bad.ok());
  EXPECT_THAT(bad.error().message, HasSubstr("compilerOptions.paths[\"a\"] must be an array"));
  EXPECT_EQ(bad.error().loc.file, "tsconfig.json");
}

TEST(TsPathsEdges, ConfigsWithoutPathsHaveNoAliases) {
  for (const char* text : {"{}", R"({"compilerOptions": 5})", R"({"compilerOptions": {}})",
                           R"({"compilerOptions": {"paths": []}})"}) {
    auto p = TsPaths::parse(text, "", "tsconfig.json");
    ASSERT_TRUE(p.ok()) << text;
    EXPECT_TRUE(p->empty()) << text;
  }
  EXPECT_FALSE(TsPaths::parse("[]", "", "tsconfig.json").ok());
}

TEST(TsPathsEdges, StrippingKeepsOffsetsAndLines) {
  std::string text = "{ // a\n  \"k\": 1, /* b\n c */ \"s\": \"//not\",\n}";
  std::string plain = strip_jsonc(text);
  EXPECT_EQ(plain.size(), text.size());
  EXPECT_EQ(std::count(plain.begin(), plain.end(), '\n'), 3);
  EXPECT_NE(plain.find("\"//not\""), std::string::npos);
  EXPECT_EQ(nlohmann::json::parse(plain), nlohmann::json({{"k", 1}, {"s", "//not"}}));
}

TEST(TsPathsEdges, CommasInStringsAreNotTrailingCommas) {
  std::string plain = strip_jsonc(R"({"a": ",]", "b": [1,],})");
  EXPECT_EQ(nlohmann::json::parse(plain), nlohmann::json({{"a", ",]"}, {"b", {1}}}));
  EXPECT_EQ(strip_jsonc(R"({"e": "\",}"})"), R"({"e": "\",}"})");
}

TEST(TsPathsEdges, LoadLetsTheRootConfigOverrideTheBaseAndWarnsOnABadFile) {
  testutil::TempDir dir;
  dir.write("tsconfig.base.json",
            R"({"compilerOptions": {"paths": {"@a/*": ["base/*"], "@b": ["b"]}}})");
  dir.write("tsconfig.json", R"({"compilerOptions": {"paths": {"@a/*": ["root/*"]}}})");
  Diagnostics diags;
  TsPaths p = TsPaths::load(dir.root(), diags);
  EXPECT_TRUE(diags.items().empty());
  EXPECT_THAT(p.map("@a/x"), ElementsAre("root/x"));
  EXPECT_THAT(p.map("@b"), ElementsAre("b"));

  dir.write("tsconfig.json", "{ broken");
  Diagnostics warned;
  TsPaths kept = TsPaths::load(dir.root(), warned);
  ASSERT_EQ(warned.items().size(), 1u);
  EXPECT_EQ(warned.items()[0].severity, Severity::k_warning);
  EXPECT_EQ(warned.items()[0].error.loc.file, "tsconfig.json");
  EXPECT_THAT(kept.map("@a/x"), ElementsAre("base/x")) << "the base still counts";
}

TEST(TsPathsEdges, NoConfigsAtAllIsFine) {
  testutil::TempDir dir;
  Diagnostics diags;
  EXPECT_TRUE(TsPaths::load(dir.root(), diags).empty());
  EXPECT_TRUE(diags.items().empty());
}

}  // namespace
}  // namespace strata
