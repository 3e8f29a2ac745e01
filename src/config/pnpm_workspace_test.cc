#include "config/pnpm_workspace.h"

#include <gtest/gtest.h>

namespace strata {
namespace {

using Globs = std::vector<std::string>;

TEST(PnpmPackages, AFlowListMaySpanLines) {
  EXPECT_EQ(parse_pnpm_packages("packages: [\n  'apps/*',\n  \"libs/**\"\n]\n"),
            (Globs{"apps/*", "libs/**"}));
  EXPECT_EQ(parse_pnpm_packages("packages:\n  ['apps/*', 'libs/*']\nonlyBuiltDependencies: [x]\n"),
            (Globs{"apps/*", "libs/*"}));
}

TEST(PnpmPackages, QuotedCommasAndHashesStayInTheGlob) {
  EXPECT_EQ(parse_pnpm_packages("packages:\n  - 'a #1/*'\n  - \"b,c/*\" # why\n"),
            (Globs{"a #1/*", "b,c/*"}));
}

TEST(PnpmPackages, CrlfLineEndings) {
  EXPECT_EQ(parse_pnpm_packages("packages:\r\n  - apps/*\r\n  - 'libs/*'\r\n"),
            (Globs{"apps/*", "libs/*"}));
}

TEST(PnpmPackages, ListsUnderOtherKeysAreNotPackages) {
  EXPECT_EQ(parse_pnpm_packages("catalog:\n  - react\npackagesExtra:\n  - x\n"), Globs{});
  EXPECT_EQ(parse_pnpm_packages("overrides: ['a']\npackages:\n  - apps/*\n"), Globs{"apps/*"});
}

TEST(PnpmPackages, EmptyOrAbsent) {
  EXPECT_EQ(parse_pnpm_packages(""), Globs{});
  EXPECT_EQ(parse_pnpm_packages("packages: []\n"), Globs{});
  EXPECT_EQ(parse_pnpm_packages("packages:\n  -\n  - ''\n"), Globs{});
}

TEST(PnpmPackages, AnUnterminatedQuoteTakesTheRestOfTheLine) {
  EXPECT_EQ(parse_pnpm_packages("packages:\n  - 'apps/*\n"), Globs{"apps/*"});
}

}  // namespace
}  // namespace strata
