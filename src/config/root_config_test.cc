#include "config/root_config.h"

#include <gtest/gtest.h>

#include "config/test_workspace.h"
#include "util/json_limits.h"

namespace strata {
namespace {

using testing::TestWorkspace;

struct Read {
  RootConfig config;
  Diagnostics diags;
  std::string report;
};

Read read(TestWorkspace& w, const std::map<std::string, nlohmann::json>* inferred = nullptr) {
  Read r;
  r.config = read_root_config(w.root(), w.files(), r.diags, inferred);
  for (const auto& d : r.diags.items())
    r.report += std::string(d.severity == Severity::k_error ? "error: " : "warning: ") +
                d.error.str() + "\n";
  return r;
}

TEST(RootConfig, NoConfigFileIsAnEmptyConfigurationWithoutProblems) {
  TestWorkspace w;
  w.write("README.md", "");
  Read r = read(w);
  EXPECT_EQ(r.report, "");
  EXPECT_EQ(r.config.config.config_file, "");
  EXPECT_EQ(r.config.file, nullptr);
  EXPECT_EQ(r.config.config.default_base, "main");
  EXPECT_EQ(r.config.config.cache_directory, ".strata/cache");
}

TEST(RootConfig, StrataJsonWinsOverNxJsonWithAWarning) {
  TestWorkspace w;
  w.write("strata.json", R"({"defaultBase": "trunk"})");
  w.write("nx.json", R"({"defaultBase": "develop"})");
  Read r = read(w);
  EXPECT_EQ(r.config.config.config_file, "strata.json");
  EXPECT_EQ(r.config.config.default_base, "trunk");
  EXPECT_NE(r.report.find("both strata.json and nx.json exist; nx.json is ignored"),
            std::string::npos)
      << r.report;
}

TEST(RootConfig, TopLevelDefaultBaseOverridesAffected) {
  TestWorkspace w;
  w.write("nx.json", R"({"affected": {"defaultBase": "develop"}, "defaultBase": "trunk"})");
  EXPECT_EQ(read(w).config.config.default_base, "trunk");
  w.write("nx.json", R"({"affected": {"defaultBase": "develop"}})");
  EXPECT_EQ(read(w).config.config.default_base, "develop");
}

TEST(RootConfig, MaxCacheSizeIsAStringOrAByteCount) {
  TestWorkspace w;
  w.write("nx.json", R"({"maxCacheSize": "10GB"})");
  EXPECT_EQ(read(w).config.config.max_cache_size, "10GB");
  w.write("nx.json", R"({"maxCacheSize": 1048576})");
  EXPECT_EQ(read(w).config.config.max_cache_size, "1048576");
}

TEST(RootConfig, ANegativeOrFractionalMaxCacheSizeIsAnErrorAtItsKey) {
  TestWorkspace w;
  w.write("nx.json", "{\n  \"maxCacheSize\": -5\n}");
  Read r = read(w);
  EXPECT_EQ(r.config.config.max_cache_size, "");
  EXPECT_NE(r.report.find("error: nx.json:2:3: 'maxCacheSize' must be a size"), std::string::npos)
      << r.report;
  w.write("nx.json", R"({"maxCacheSize": 1.5})");
  EXPECT_TRUE(read(w).diags.has_errors());
}

TEST(RootConfig, ParallelMustBeANonNegativeCount) {
  TestWorkspace w;
  w.write("nx.json", R"({"parallel": 3})");
  EXPECT_EQ(read(w).config.config.parallel, 3);
  for (const char* bad : {"-1", "\"4\"", "2.5", "10000000000"}) {
    w.write("nx.json", std::string(R"({"parallel": )") + bad + "}");
    Read r = read(w);
    EXPECT_TRUE(r.diags.has_errors()) << bad;
    EXPECT_EQ(r.config.config.parallel, 0) << bad;
  }
}

TEST(RootConfig, LegacyRunnerOptionsAreReadAndTopLevelKeysWin) {
  TestWorkspace w;
  w.write("nx.json", R"({"tasksRunnerOptions": {"default": {"options": {
    "cacheableOperations": ["build", "test"], "parallel": 2, "cacheDirectory": "tmp/cache"}}}})");
  Read r = read(w);
  EXPECT_EQ(r.report, "");
  EXPECT_EQ(r.config.cacheable_operations, (std::vector<std::string>{"build", "test"}));
  EXPECT_EQ(r.config.config.parallel, 2);
  EXPECT_EQ(r.config.config.cache_directory, "tmp/cache");
  w.write("nx.json", R"({"parallel": 5, "cacheDirectory": ".c",
    "tasksRunnerOptions": {"default": {"options": {"parallel": 2, "cacheDirectory": "tmp"}}}})");
  r = read(w);
  EXPECT_EQ(r.config.config.parallel, 5);
  EXPECT_EQ(r.config.config.cache_directory, ".c");
}

TEST(RootConfig, LegacyParallelIsCheckedLikeTheTopLevelOne) {
  TestWorkspace w;
  for (const char* bad : {"-2", "10000000000"}) {
    w.write("nx.json",
            std::string(R"({"tasksRunnerOptions": {"default": {"options": {"parallel": )") + bad +
                "}}}}");
    Read r = read(w);
    EXPECT_TRUE(r.diags.has_errors()) << bad;
    EXPECT_EQ(r.config.config.parallel, 0) << bad;
  }
}

TEST(RootConfig, ImplicitDependenciesMapToStarOrNames) {
  TestWorkspace w;
  w.write("nx.json", R"({"implicitDependencies": {"tsconfig.base.json": "*",
    "tools/**": ["web", "api"], "bad": "web", "mixed": ["a", 1]}})");
  Read r = read(w);
  const auto& deps = r.config.config.implicit_dependencies;
  EXPECT_EQ(deps.at("tsconfig.base.json"), std::vector<std::string>{"*"});
  EXPECT_EQ(deps.at("tools/**"), (std::vector<std::string>{"web", "api"}));
  EXPECT_EQ(deps.count("bad"), 0u);
  EXPECT_EQ(deps.count("mixed"), 0u);
  EXPECT_EQ(std::count(r.report.begin(), r.report.end(), '\n'), 2) << r.report;
}

TEST(RootConfig, NamedInputsMayReferToEachOtherButNotToUnknownNames) {
  TestWorkspace w;
  w.write("nx.json", R"({"namedInputs": {
    "production": ["default", "!{projectRoot}/**/*.spec.ts"],
    "ci": ["production", "prodution"]}})");
  Read r = read(w);
  EXPECT_EQ(r.config.config.named_inputs.at("production").size(), 2u);
  EXPECT_EQ(r.config.config.named_inputs.at("ci").size(), 1u);
  EXPECT_NE(r.report.find("named input 'ci' refers to unknown named input 'prodution'"),
            std::string::npos)
      << r.report;
}

TEST(RootConfig, TargetDefaultsAreCheckedAndKept) {
  TestWorkspace w;
  w.write("nx.json", R"({"targetDefaults": {"build": {"cache": true, "dependsOn": ["^build"]},
    "test": {"cache": "yes"}}})");
  Read r = read(w);
  EXPECT_EQ(r.config.config.target_defaults.at("build")["cache"], true);
  EXPECT_FALSE(r.config.config.target_defaults.at("test").contains("cache"));
  EXPECT_NE(r.report.find("'cache' must be true or false"), std::string::npos) << r.report;
}

TEST(RootConfig, PluginsWarnOnlyWhenNxDidNotInferTheirTargets) {
  TestWorkspace w;
  w.write("nx.json", R"({"plugins": ["@nx/jest/plugin"]})");
  EXPECT_NE(read(w).report.find("warning: nx.json"), std::string::npos);
  std::map<std::string, nlohmann::json> inferred;
  EXPECT_EQ(read(w, &inferred).report, "");
}

TEST(RootConfig, ASyntaxErrorIsLocatedAndNothingElseIsRead) {
  TestWorkspace w;
  w.write("nx.json", "{\n  \"parallel\": 4,\n  oops\n}");
  Read r = read(w);
  ASSERT_TRUE(r.diags.has_errors());
  EXPECT_EQ(r.diags.first_error().loc.file, "nx.json");
  EXPECT_EQ(r.diags.first_error().loc.line, 3);
  EXPECT_EQ(r.config.config.parallel, 0);
}

TEST(RootConfig, ANonObjectDocumentIsAnError) {
  TestWorkspace w;
  w.write("nx.json", "[]");
  Read r = read(w);
  EXPECT_NE(r.report.find("nx.json must hold a JSON object"), std::string::npos) << r.report;
}

TEST(RootConfig, PackageGlobsComeFromPackageJsonAndPnpm) {
  TestWorkspace w;
  w.write("package.json", R"({"name": "root", "workspaces": ["apps/*"]})");
  w.write("pnpm-workspace.yaml", "packages:\n  - 'libs/*'\n");
  Read r = read(w);
  EXPECT_TRUE(r.config.has_package_workspaces);
  EXPECT_EQ(r.config.config.package_globs, (std::vector<std::string>{"apps/*", "libs/*"}));
  ASSERT_NE(r.config.package_json, nullptr);
}

TEST(RootConfig, APackageJsonWithoutWorkspacesHasNone) {
  TestWorkspace w;
  w.write("package.json", R"({"name": "root"})");
  Read r = read(w);
  EXPECT_FALSE(r.config.has_package_workspaces);
  EXPECT_TRUE(r.config.config.package_globs.empty());
}

TEST(RootConfig, GlobalFilesAreRootConfigsLockfilesAndRootRequirements) {
  TestWorkspace w;
  for (const char* f :
       {"nx.json", "package.json", "yarn.lock", "requirements-dev.txt", "requirements.txt",
        "apps/api/requirements.txt", "tsconfig.json", "apps/web/package.json", "README.md"})
    w.write(f, std::string(f).ends_with(".json") ? "{}" : "");
  Read r = read(w);
  EXPECT_EQ(r.config.config.global_files,
            (std::vector<std::string>{"nx.json", "package.json", "requirements-dev.txt",
                                      "requirements.txt", "tsconfig.json", "yarn.lock"}));
}

TEST(RootConfig, AnOversizedConfigFileIsRefusedUnparsed) {
  TestWorkspace w;
  w.write("nx.json", "{\"x\": \"" + std::string(k_config_max_bytes, 'a') + "\"}");
  Read r = read(w);
  ASSERT_TRUE(r.diags.has_errors());
  EXPECT_NE(r.report.find("nx.json:1:1: file is"), std::string::npos) << r.report.substr(0, 200);
}

}  // namespace
}  // namespace strata
