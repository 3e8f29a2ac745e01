#include "graph/import_resolver.h"

#include <gtest/gtest.h>

#include <algorithm>

#include "graph/graph_test_util.h"

namespace strata {
namespace {

using testing::project;

// Projects (index order): 0 acme (python "acme"), 1 billing (python
// "acme.billing"), 2 ui (npm "@acme/ui"), 3 web, 4 core (C++), 5 net (C++,
// include dir "libs/net/public").
struct Fixture {
  Workspace ws;
  std::vector<std::string> files;
  std::unique_ptr<ProjectRoots> roots;
  std::unique_ptr<ImportResolver> resolver;

  Fixture() {
    ws.projects = {
        project("acme", "libs/acme", "python"), project("billing", "libs/billing", "python"),
        project("ui", "libs/ui", "typescript"), project("web", "apps/web", "typescript"),
        project("core", "libs/core", "cpp"),    project("net", "libs/net", "cpp")};
    ws.projects[0].python_packages = {"acme"};
    ws.projects[1].python_packages = {"acme.billing"};
    ws.projects[2].package_name = "@acme/ui";
    ws.projects[5].include_dirs = {"libs/net/public"};
    files = {"apps/web/src/main.ts",      "apps/web/src/util.ts",
             "libs/ui/src/index.ts",      "libs/core/include/core/core.h",
             "libs/core/src/core.cc",     "libs/core/src/util.h",
             "libs/net/public/net/net.h", "libs/net/public/util.h",
             "libs/net/src/net.cc",       "README.md"};
    std::sort(files.begin(), files.end());
    roots = std::make_unique<ProjectRoots>(ws.projects);
    resolver =
        std::make_unique<ImportResolver>(ws, files, *roots, TsPaths{}, std::vector<int>{4, 5});
  }

  std::string resolve(std::string_view file, SourceLanguage lang, std::string spec,
                      ImportKind kind = ImportKind::k_static) {
    int from = roots->owner(file);
    int to = resolver->resolve(file, from, lang, {std::move(spec), kind, 1});
    return to < 0 ? "-" : ws.projects[to].name;
  }
};

TEST(ImportResolverPython, TheLongestPackageWins) {
  Fixture f;
  const auto py = SourceLanguage::k_python;
  EXPECT_EQ(f.resolve("x.py", py, "acme.billing.api"), "billing");
  EXPECT_EQ(f.resolve("x.py", py, "acme.billing"), "billing");
  EXPECT_EQ(f.resolve("x.py", py, "acme.other"), "acme");
  EXPECT_EQ(f.resolve("x.py", py, "acme"), "acme");
}

TEST(ImportResolverPython, APrefixThatIsNotAWholeSegmentIsNoMatch) {
  Fixture f;
  const auto py = SourceLanguage::k_python;
  EXPECT_EQ(f.resolve("x.py", py, "acmex"), "-");
  EXPECT_EQ(f.resolve("x.py", py, "acme_billing"), "-");
  EXPECT_EQ(f.resolve("x.py", py, "os.path"), "-");
  EXPECT_EQ(f.resolve("x.py", py, ""), "-");
  EXPECT_EQ(f.resolve("x.py", py, ".sibling"), "-");
}

TEST(ImportResolverTs, PackagesByNpmNameIncludingSubpaths) {
  Fixture f;
  const auto ts = SourceLanguage::k_typescript;
  EXPECT_EQ(f.resolve("apps/web/src/main.ts", ts, "@acme/ui"), "ui");
  EXPECT_EQ(f.resolve("apps/web/src/main.ts", ts, "@acme/ui/button"), "ui");
  EXPECT_EQ(f.resolve("apps/web/src/main.ts", ts, "@acme/uix"), "-");
  EXPECT_EQ(f.resolve("apps/web/src/main.ts", ts, "react"), "-");
  EXPECT_EQ(f.resolve("apps/web/src/main.ts", ts, "@acme"), "-");
}

TEST(ImportResolverTs, RelativeSpecifiersFollowTheDirectories) {
  Fixture f;
  const auto ts = SourceLanguage::k_typescript;
  EXPECT_EQ(f.resolve("apps/web/src/main.ts", ts, "./util"), "web");
  EXPECT_EQ(f.resolve("apps/web/src/main.ts", ts, "../../../libs/ui/src"), "ui");
  EXPECT_EQ(f.resolve("apps/web/src/main.ts", ts, "./../../../libs/ui/src/index"), "ui");
  EXPECT_EQ(f.resolve("apps/web/src/main.ts", ts, "../../../../../outside"), "-");
}

TEST(ImportResolverCpp, AQuotedIncludeBesideTheFileComesFirst) {
  Fixture f;
  const auto cpp = SourceLanguage::k_cpp;
  // util.h exists beside core.cc and in net's include dir.
  EXPECT_EQ(f.resolve("libs/core/src/core.cc", cpp, "util.h", ImportKind::k_quoted_include),
            "core");
  // An angled include never looks beside the file; util.h is in core's
  // default dir (src) and net's: the includer's own dirs decide.
  EXPECT_EQ(f.resolve("libs/core/src/core.cc", cpp, "util.h", ImportKind::k_angled_include),
            "core");
  EXPECT_EQ(f.resolve("libs/net/src/net.cc", cpp, "util.h", ImportKind::k_angled_include), "net");
}

TEST(ImportResolverCpp, IncludeDirectoriesMapHeadersToProjects) {
  Fixture f;
  const auto cpp = SourceLanguage::k_cpp;
  EXPECT_EQ(f.resolve("libs/net/src/net.cc", cpp, "core/core.h", ImportKind::k_angled_include),
            "core");
  EXPECT_EQ(f.resolve("libs/core/src/core.cc", cpp, "net/net.h", ImportKind::k_angled_include),
            "net");
  EXPECT_EQ(f.resolve("libs/core/src/core.cc", cpp, "vector", ImportKind::k_angled_include), "-");
  EXPECT_EQ(
      f.resolve("libs/core/src/core.cc", cpp, "net/../net/net.h", ImportKind::k_angled_include),
      "net");
}

TEST(ImportResolverCpp, DefaultAndDeclaredIncludeDirectories) {
  Fixture f;
  EXPECT_EQ(f.resolver->include_dirs(4),
            (std::vector<std::string>{"libs/core/include", "libs/core/src"}));
  EXPECT_EQ(f.resolver->include_dirs(5), std::vector<std::string>{"libs/net/public"});
  EXPECT_TRUE(f.resolver->include_dirs(0).empty());  // not a C++ project
  EXPECT_TRUE(f.resolver->include_dirs(-1).empty());
  EXPECT_TRUE(f.resolver->include_dirs(99).empty());
}

TEST(ImportResolver, AFileOfNoLanguageResolvesNothing) {
  Fixture f;
  EXPECT_EQ(f.resolve("README.md", SourceLanguage::k_none, "acme"), "-");
}

}  // namespace
}  // namespace strata
