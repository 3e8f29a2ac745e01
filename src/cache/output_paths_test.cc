#include "cache/output_paths.h"

#include <gtest/gtest.h>

#include "cache/test_dir.h"

namespace strata {

using testutil::TestDir;

namespace {

Project project(std::string name, std::string root) {
  Project p;
  p.name = std::move(name);
  p.root = std::move(root);
  return p;
}

Target target_with(std::vector<std::string> outputs) {
  Target t;
  t.name = "build";
  t.outputs = std::move(outputs);
  t.loc = SourceLoc{"libs/a/project.json", 4, 7};
  return t;
}

std::vector<std::string> paths(const std::vector<OutputPath>& outs) {
  std::vector<std::string> v;
  for (const auto& o : outs) v.push_back(o.path);
  return v;
}

}  // namespace

TEST(OutputPaths, InterpolatesTokens) {
  TestDir d;
  nlohmann::json options = {{"outputPath", "dist/libs/a"}, {"nested", {{"dir", "gen"}}}};
  auto r =
      resolve_outputs(d.root(), project("a", "libs/a"),
                      target_with({"{projectRoot}/dist", "{workspaceRoot}/{options.outputPath}",
                                   "{projectRoot}/{options.nested.dir}/{projectName}.d.ts"}),
                      options);
  ASSERT_TRUE(r.ok()) << r.error().str();
  EXPECT_EQ(paths(*r),
            (std::vector<std::string>{"libs/a/dist", "dist/libs/a", "libs/a/gen/a.d.ts"}));
}

TEST(OutputPaths, UnsetOptionDropsTheOutput) {
  TestDir d;
  auto r = resolve_outputs(d.root(), project("a", "libs/a"),
                           target_with({"{options.missing}", "{projectRoot}/out"}),
                           nlohmann::json::object());
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(paths(*r), std::vector<std::string>{"libs/a/out"});
}

TEST(OutputPaths, RootProjectAndDotDotNormalise) {
  TestDir d;
  auto r = resolve_outputs(d.root(), project("root", "."),
                           target_with({"{projectRoot}/dist", "a/../b/./c/"}), {});
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(paths(*r), (std::vector<std::string>{"dist", "b/c"}));
}

TEST(OutputPaths, RefusesPathsOutsideTheWorkspace) {
  TestDir d;
  for (std::string out :
       {"{workspaceRoot}/../outside", "../x", "{projectRoot}/../../../etc", "/etc/passwd", "."}) {
    auto r = resolve_outputs(d.root(), project("a", "libs/a"), target_with({out}), {});
    ASSERT_FALSE(r.ok()) << out;
    EXPECT_EQ(r.error().loc.file, "libs/a/project.json");
    EXPECT_FALSE(r.error().hint.empty());
  }
  auto r = resolve_outputs(d.root(), project("a", "libs/a"),
                           target_with({"{workspaceRoot}/../outside"}), {});
  EXPECT_NE(r.error().message.find("outside the workspace"), std::string::npos)
      << r.error().message;
}

TEST(OutputPaths, RefusesEscapeThroughSymlink) {
  TestDir d, elsewhere;
  std::filesystem::create_directories(d.path("libs/a"));
  std::filesystem::create_directory_symlink(elsewhere.root(), d.path("libs/a/dist"));
  auto r = resolve_output_path(d.root(), "libs/a/dist/bundle");
  ASSERT_FALSE(r.ok());
  EXPECT_NE(r.error().message.find("symbolic link"), std::string::npos);
  std::filesystem::create_directory_symlink(d.path("libs/a"), d.path("inside"));
  EXPECT_TRUE(resolve_output_path(d.root(), "inside/x").ok());
}

TEST(OutputPaths, GlobOutputsKeepTheirBase) {
  TestDir d;
  auto r = resolve_output_path(d.root(), "libs/a/dist/**/*.js");
  ASSERT_TRUE(r.ok());
  EXPECT_TRUE(r->glob);
  EXPECT_EQ(r->base, "libs/a/dist");
  EXPECT_TRUE(r->covers("libs/a/dist/x/y.js"));
  EXPECT_FALSE(r->covers("libs/a/dist/x/y.map"));
  EXPECT_FALSE(resolve_output_path(d.root(), "**/*.js").ok());
}

TEST(OutputPaths, CoversOnlyWholeSegments) {
  OutputPath o{"libs/a/out", "libs/a/out", false};
  EXPECT_TRUE(o.covers("libs/a/out"));
  EXPECT_TRUE(o.covers("libs/a/out/x"));
  EXPECT_FALSE(o.covers("libs/a/outside"));
}

}  // namespace strata
