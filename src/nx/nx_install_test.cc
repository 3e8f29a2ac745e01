#include "nx/nx_install.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <random>

#include "util/temp_dir.h"

namespace strata {
namespace {

namespace fs = std::filesystem;
using ::testing::HasSubstr;

class TempDir : public testutil::TempDir {
 public:
  TempDir() : testutil::TempDir("strata-nx-test") {}
  const fs::path& path() const { return root(); }
};

TEST(NxInstall, AbsentWithoutNodeModulesNx) {
  TempDir dir;
  EXPECT_FALSE(find_nx(dir.path()).has_value());
  dir.write("node_modules/nx/package.json", R"({"bin": {"nx": "./dist/bin/nx.js"}})");
  EXPECT_FALSE(find_nx(dir.path()).has_value());  // the entry point is missing
}

TEST(NxInstall, FindsTheEntryPointFromPackageJsonBin) {
  TempDir dir;
  dir.write("node_modules/nx/package.json",
            R"({"version": "24.0.6", "bin": {"nx": "./dist/bin/nx.js", "nx-cloud": "x.js"}})");
  dir.write("node_modules/nx/dist/bin/nx.js", "");
  auto nx = find_nx(dir.path());
  ASSERT_TRUE(nx.has_value());
  EXPECT_EQ(nx->script, (dir.path() / "node_modules/nx/dist/bin/nx.js").string());
  EXPECT_EQ(nx->version, "24.0.6");
}

TEST(NxInstall, RunCommandRunsOneTaskWithoutNxCacheOrDependencies) {
  NxInstall nx{"/w/node_modules/nx/bin/nx.js", "23.2.1"};
  std::string cmd = nx_run_command(nx, "app", "build", "production", {"--verbose", "it's"});
  EXPECT_THAT(cmd, HasSubstr("node '/w/node_modules/nx/bin/nx.js' run 'app:build:production' "
                             "--excludeTaskDependencies --skipNxCache --skipRemoteCache --skipSync "
                             "'--verbose' 'it'\\''s'"));
  EXPECT_THAT(cmd, HasSubstr("NX_CACHE_DIRECTORY=\"$d\""));
  EXPECT_THAT(cmd, HasSubstr("rm -rf \"$d\"; exit $s"));
  EXPECT_THAT(nx_run_command(nx, "app", "build", "", {}), HasSubstr(" run 'app:build' "));
}

TEST(NxInstall, EnvironmentKeepsNxFromSchedulingOrCaching) {
  auto env = nx_environment("/w");
  EXPECT_EQ(env.at("NX_DAEMON"), "false");
  EXPECT_EQ(env.at("NX_SKIP_NX_CACHE"), "true");
  EXPECT_EQ(env.at("NX_TUI"), "false");
  EXPECT_EQ(env.at("NX_WORKSPACE_DATA_DIRECTORY"), "/w/.strata/nx/workspace-data");
}

TEST(NxInstall, ExecutorPackage) {
  EXPECT_EQ(executor_package("@nx/angular:application"), "@nx/angular");
  EXPECT_EQ(executor_package("nx:run-commands"), "nx");
  EXPECT_EQ(executor_package("@nx-go/nx-go:build"), "@nx-go/nx-go");
  EXPECT_EQ(executor_package("./tools/executors:deploy"), "");
}

}  // namespace
}  // namespace strata
