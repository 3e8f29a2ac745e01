#include "cache/glob_set.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <set>

#include "util/glob.h"

namespace strata {
namespace {

const std::vector<std::string>& files() {
  static const std::vector<std::string> sorted = [] {
    std::vector<std::string> f = {"README.md",
                                  "apps/web/index.ts",
                                  "apps/web/src/a.ts",
                                  "apps/web/src/a.tsx",
                                  "apps/web/src/deep/b.d.ts",
                                  "apps/web/src/deep/b.ts",
                                  "apps/web/src/.hidden.ts",
                                  "apps/web-e2e/src/c.ts",
                                  "apps/webby/x.ts",
                                  "libs/a/project.json",
                                  "libs/a/src/x.py",
                                  "libs/a/src/x.pyc",
                                  "libs/a/tests/test_x.py",
                                  "libs/ab/y.py",
                                  "tsconfig.json"};
    std::sort(f.begin(), f.end());
    return f;
  }();
  return sorted;
}

// Every shape GlobSet compiles to a fast path, and some it leaves to the
// general matcher.
const std::vector<std::string> k_patterns = {"apps/web/**",
                                             "apps/web/**/*",
                                             "apps/web/**/*.ts",
                                             "apps/web/**/*.d.ts",
                                             "libs/a/src/x.py",
                                             "libs/a/**/*.{py,pyc}",
                                             "**/*.py",
                                             "**",
                                             "**/*",
                                             "apps/web*/**",
                                             "apps/*/src/*.ts",
                                             "libs/a/[st]*/**/*.py",
                                             "tsconfig.json",
                                             "apps/web/src/?.ts",
                                             "apps/web/src/*.ts*",
                                             "nothing/**",
                                             "libs/a",
                                             "apps/web/**/b.ts"};

TEST(GlobSet, AgreesWithTheGeneralMatcherOnEveryShape) {
  for (const auto& pattern : k_patterns) {
    GlobSet set;
    set.add(pattern);
    for (const auto& f : files()) {
      bool general = false;
      for (const auto& alt : expand_braces(pattern)) general = general || glob_match(alt, f);
      EXPECT_EQ(set.matches(f), general) << pattern << " on " << f;
    }
  }
}

TEST(GlobSet, SelectFindsExactlyWhatMatchesFinds) {
  for (const auto& pattern : k_patterns) {
    GlobSet set;
    set.add(pattern);
    std::vector<const std::string*> picked;
    set.select(files(), picked);
    std::set<std::string> selected;
    for (const auto* p : picked) selected.insert(*p);
    std::set<std::string> expected;
    for (const auto& f : files())
      if (set.matches(f)) expected.insert(f);
    EXPECT_EQ(selected, expected) << pattern;
  }
}

TEST(GlobSet, ADirectoryPrefixIsNotAStringPrefix) {
  GlobSet set;
  set.add("apps/web/**");
  EXPECT_TRUE(set.matches("apps/web/index.ts"));
  EXPECT_FALSE(set.matches("apps/web-e2e/src/c.ts"));
  EXPECT_FALSE(set.matches("apps/web"));  // the directory itself is no file under it
}

TEST(GlobSet, SeveralPatternsMatchWhenAnyDoes) {
  GlobSet set;
  EXPECT_TRUE(set.empty());
  EXPECT_FALSE(set.matches("README.md"));
  set.add("README.md");
  set.add("libs/**/*.py");
  EXPECT_FALSE(set.empty());
  EXPECT_TRUE(set.matches("README.md"));
  EXPECT_TRUE(set.matches("libs/a/src/x.py"));
  EXPECT_FALSE(set.matches("libs/a/src/x.pyc"));
}

TEST(GlobSet, OverlappingPatternsMaySelectAFileTwice) {
  GlobSet set;
  set.add("libs/**");
  set.add("libs/a/**/*.py");
  std::vector<const std::string*> picked;
  set.select(files(), picked);
  size_t x = std::count_if(picked.begin(), picked.end(),
                           [](const std::string* p) { return *p == "libs/a/src/x.py"; });
  EXPECT_EQ(x, 2u);
  // Pointers point into the list given, so callers can deduplicate by address.
  for (const auto* p : picked) {
    EXPECT_GE(p, files().data());
    EXPECT_LT(p, files().data() + files().size());
  }
}

TEST(GlobSet, AnExactPathNotInTheListSelectsNothing) {
  GlobSet set;
  set.add("apps/web/src/a");  // a.ts and a.tsx start with it
  std::vector<const std::string*> picked;
  set.select(files(), picked);
  EXPECT_TRUE(picked.empty());
}

}  // namespace
}  // namespace strata

namespace strata {
namespace {

// Brace groups multiply: twenty `{a,b}` made a million compiled globs. Past
// a few dozen alternatives the pattern stays one general glob, which the
// matcher takes with its braces in place.
TEST(GlobSet, ManyBraceGroupsStayOnePatternInsteadOfEveryCombination) {
  std::string pattern = "src/";
  for (int i = 0; i < 20; ++i) pattern += "{a,b}";
  GlobSet set;
  set.add(pattern);
  EXPECT_LE(set.size(), 64u);
  std::string hit = "src/" + std::string(10, 'a') + std::string(10, 'b');
  std::string miss = "src/" + std::string(19, 'a') + "c";
  EXPECT_TRUE(set.matches(hit));
  EXPECT_FALSE(set.matches(miss));
  std::vector<std::string> files = {miss, hit, "tests/" + std::string(20, 'a')};
  std::sort(files.begin(), files.end());
  std::vector<const std::string*> picked;
  set.select(files, picked);
  ASSERT_EQ(picked.size(), 1u);
  EXPECT_EQ(*picked[0], hit);
}

TEST(GlobSet, AFewBraceGroupsAreStillExpandedIntoTheirShapes) {
  GlobSet set;
  set.add("{apps,libs}/**/*.{ts,py}");
  EXPECT_EQ(set.size(), 4u);
  EXPECT_TRUE(set.matches("apps/x/y.ts"));
  EXPECT_TRUE(set.matches("libs/z.py"));
  EXPECT_FALSE(set.matches("tools/z.py"));
}

}  // namespace
}  // namespace strata
