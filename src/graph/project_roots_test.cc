#include "graph/project_roots.h"

#include <gtest/gtest.h>

#include "graph/graph_test_util.h"

namespace strata {
namespace {

using testing::project;

// Projects in index order: 0 libs, 1 libs/a, 2 apps/web, 3 the root ".".
std::vector<Project> nested() {
  return {project("libs", "libs"), project("a", "libs/a"), project("web", "apps/web/"),
          project("root", ".")};
}

TEST(NormalizePath, DropsDotsEmptySegmentsAndResolvesParents) {
  EXPECT_EQ(normalize_path("a/./b/../c"), "a/c");
  EXPECT_EQ(normalize_path("a//b/"), "a/b");
  EXPECT_EQ(normalize_path("./a"), "a");
  EXPECT_EQ(normalize_path("a/b/../../c"), "c");
}

TEST(NormalizePath, TheRootItselfIsEmpty) {
  EXPECT_EQ(normalize_path(""), "");
  EXPECT_EQ(normalize_path("."), "");
  EXPECT_EQ(normalize_path("./"), "");
  EXPECT_EQ(normalize_path("a/.."), "");
}

TEST(NormalizePath, LeavingTheRootIsDotDot) {
  EXPECT_EQ(normalize_path(".."), "..");
  EXPECT_EQ(normalize_path("../x"), "..");
  EXPECT_EQ(normalize_path("a/../../x"), "..");
}

TEST(NormalizePath, IsIdempotent) {
  for (const char* p : {"a/./b/../c", "x//y/", "..", "", "deep/er/../../../z"})
    EXPECT_EQ(normalize_path(normalize_path(p)), normalize_path(p)) << p;
}

TEST(ProjectRoots, TheDeepestRootOwnsAPath) {
  auto ps = nested();
  ProjectRoots roots(ps);
  EXPECT_EQ(roots.owner("libs/a/src/x.py"), 1);
  EXPECT_EQ(roots.owner("libs/b/src/x.py"), 0);
  EXPECT_EQ(roots.owner("apps/web/src/main.ts"), 2);
}

TEST(ProjectRoots, ARootDirectoryBelongsToItsProject) {
  auto ps = nested();
  ProjectRoots roots(ps);
  EXPECT_EQ(roots.owner("libs/a"), 1);
  EXPECT_EQ(roots.owner("libs/a/"), 1);
  EXPECT_EQ(roots.owner("./libs/a/x"), 1);
}

TEST(ProjectRoots, ASharedPrefixIsNotAParentDirectory) {
  auto ps = nested();
  ProjectRoots roots(ps);
  EXPECT_EQ(roots.owner("libs-extra/x.py"), 3);
  EXPECT_EQ(roots.owner("libs/ab/x.py"), 0);
}

TEST(ProjectRoots, StrayFilesBelongToTheRootProjectOrNone) {
  auto ps = nested();
  EXPECT_EQ(ProjectRoots(ps).owner("README.md"), 3);
  EXPECT_EQ(ProjectRoots(ps).owner("apps/README.md"), 3);
  ps.pop_back();
  EXPECT_EQ(ProjectRoots(ps).owner("README.md"), -1);
  EXPECT_EQ(ProjectRoots(ps).owner(""), -1);
}

TEST(ProjectRoots, NoProjectsOwnNothing) {
  std::vector<Project> none;
  EXPECT_EQ(ProjectRoots(none).owner("a/b"), -1);
}

TEST(ProjectRoots, RootsAreNormalisedBeforeLookup) {
  std::vector<Project> ps = {project("x", "./tools/../libs/x/")};
  ProjectRoots roots(ps);
  EXPECT_EQ(roots.owner("libs/x/y.py"), 0);
}

// owner_below, given a correct known owner of an ancestor, agrees with
// owner() for every path and every ancestor directory of it.
TEST(ProjectRoots, OwnerBelowAgreesWithOwnerFromEveryAncestor) {
  auto ps = nested();
  ProjectRoots roots(ps);
  for (std::string path : {"libs/a/src/deep/x.py", "libs/b/y.py", "apps/web/src/main.ts",
                           "apps/api/z.ts", "top.txt"}) {
    int expected = roots.owner(path);
    for (size_t len = 0; len < path.size(); ++len) {
      if (len > 0 && path[len] != '/') continue;
      int known = roots.owner(path.substr(0, len));
      EXPECT_EQ(roots.owner_below(path, len, known), expected) << path << " from " << len;
    }
  }
}

}  // namespace
}  // namespace strata
