#include "config/loader.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <chrono>
#include <cstdio>

#include "config/test_workspace.h"

namespace strata {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;
using testing::TestWorkspace;

const Project& project(const Workspace& ws, const std::string& name) {
  const Project* p = ws.find(name);
  EXPECT_NE(p, nullptr) << name;
  static Project none;
  return p ? *p : none;
}

TEST(Loader, ProjectJsonBasics) {
  TestWorkspace w;
  w.write("nx.json", "{}");
  w.write("libs/a/project.json", R"({
    // comments are allowed
    "name": "a", "projectType": "library", "sourceRoot": "libs/a/src",
    "tags": ["scope:shared"], "implicitDependencies": ["b", "!c"],
    "targets": {
      "build": { "command": "tsc -p tsconfig.json", "outputs": ["{projectRoot}/dist"] },
      "noop": { "executor": "nx:noop", "dependsOn": ["build"] }
    }
  })");
  w.write("libs/b/project.json", R"({"targets": {}})");
  auto ws = w.load();
  ASSERT_TRUE(ws.ok()) << w.report();
  EXPECT_EQ(w.report(), "");
  ASSERT_EQ(ws->projects.size(), 2u);
  const Project& a = project(*ws, "a");
  EXPECT_EQ(a.root, "libs/a");
  EXPECT_EQ(a.source_root, "libs/a/src");
  EXPECT_EQ(a.project_type, "library");
  EXPECT_THAT(a.tags, ElementsAre("scope:shared"));
  EXPECT_THAT(a.implicit_dependencies, ElementsAre("b", "!c"));
  EXPECT_EQ(a.config_file, "libs/a/project.json");
  const Target& build = a.targets.at("build");
  EXPECT_EQ(build.executor, "nx:run-commands");
  EXPECT_EQ(build.options["command"], "tsc -p tsconfig.json");
  EXPECT_THAT(build.outputs, ElementsAre("{projectRoot}/dist"));
  EXPECT_FALSE(build.cache);  // Nx 17+: off unless set
  EXPECT_EQ(build.loc.str(), "libs/a/project.json:6:7");
  EXPECT_EQ(a.targets.at("noop").executor, "nx:noop");
  // No name: the directory path.
  EXPECT_NE(ws->find("libs/b"), nullptr);
}

TEST(Loader, MalformedJsonReportsLineAndColumn) {
  TestWorkspace w;
  w.write("nx.json", "{}");
  w.write("libs/a/project.json", "{\n  \"name\": \"a\",\n  \"targets\": {,}\n}\n");
  w.write("libs/b/project.json", "{\n  \"name\": \"b\"\n  \"tags\": []\n}\n");
  auto ws = w.load();
  EXPECT_FALSE(ws.ok());
  std::string r = w.report();
  EXPECT_THAT(r, HasSubstr("error: libs/a/project.json:3:15: invalid JSON"));
  EXPECT_THAT(r, HasSubstr("error: libs/b/project.json:3:3: invalid JSON"));  // all reported
}

TEST(Loader, UnknownKeysWarnWithDidYouMean) {
  TestWorkspace w;
  w.write("nx.json", R"({"targetDefault": {}, "parallel": 2})");
  w.write("a/project.json", R"({
  "name": "a",
  "tag": ["x"],
  "targets": { "build": { "command": "make", "dependOn": ["^build"] } }
})");
  auto ws = w.load();
  ASSERT_TRUE(ws.ok()) << w.report();
  std::string r = w.report();
  EXPECT_THAT(r, HasSubstr("warning: nx.json:1:2: unknown key 'targetDefault' in nx.json "
                           "(ignored) (did you mean 'targetDefaults'?)"));
  EXPECT_THAT(r, HasSubstr("warning: a/project.json:3:3: unknown key 'tag'"));
  EXPECT_THAT(r, HasSubstr("did you mean 'tags'?"));
  EXPECT_THAT(r, HasSubstr("a/project.json:4:46: unknown key 'dependOn' in target 'build'"));
  EXPECT_THAT(r, HasSubstr("did you mean 'dependsOn'?"));
  EXPECT_EQ(ws->config.parallel, 2);
}

TEST(Loader, MalformedValuesAreErrorsWithLocations) {
  TestWorkspace w;
  w.write("nx.json", "{}");
  w.write("a/project.json", R"({
  "name": "a",
  "tags": "x",
  "targets": {
    "build": { "command": "make", "cache": "yes", "dependsOn": [{"projects": ["b"]}] }
  }
})");
  auto ws = w.load();
  ASSERT_FALSE(ws.ok());
  std::string r = w.report();
  EXPECT_THAT(r, HasSubstr("error: a/project.json:3:3: 'tags' must be an array of strings"));
  EXPECT_THAT(r, HasSubstr("error: a/project.json:5:35: 'cache' must be true or false"));
  EXPECT_THAT(r, HasSubstr("error: a/project.json:5:65: a dependsOn object needs a \"target\""));
}

TEST(Loader, ForeignExecutorLoadsWithItsOptionsAndLocation) {
  TestWorkspace w;
  w.write("nx.json", "{}");
  w.write("libs/a/project.json", R"({
  "name": "a",
  "targets": {
    "build": {
      "executor": "@nx/js:tsc",
      "options": { "tsConfig": "libs/a/tsconfig.lib.json" },
      "configurations": { "production": { "sourceMap": false } }
    },
    "echo": { "command": "echo hi" }
  }
})");
  auto ws = w.load();
  ASSERT_TRUE(ws.ok()) << w.report();
  EXPECT_EQ(w.report(), "");
  const Target& build = project(*ws, "a").targets.at("build");
  EXPECT_EQ(build.executor, "@nx/js:tsc");
  EXPECT_EQ(build.options["tsConfig"], "libs/a/tsconfig.lib.json");
  EXPECT_EQ(build.configurations.at("production")["sourceMap"], false);
  EXPECT_EQ(build.executor_loc.str(), "libs/a/project.json:5:7");
  EXPECT_FALSE(project(*ws, "a").targets.at("echo").executor_loc.known());
}

TEST(Loader, ForeignExecutorFromTargetDefaultsPointsAtNxJson) {
  TestWorkspace w;
  w.write("nx.json", "{\n  \"targetDefaults\": {\"test\": {\"executor\": \"@nx/jest:jest\"}}\n}");
  w.write("a/project.json", R"({"name": "a", "targets": {"test": {"dependsOn": []}}})");
  w.write("b/project.json", R"({"name": "b", "targets": {"test": {}}})");
  auto ws = w.load();
  ASSERT_TRUE(ws.ok()) << w.report();
  EXPECT_EQ(w.report(), "");
  for (const char* name : {"a", "b"}) {
    const Target& test = project(*ws, name).targets.at("test");
    EXPECT_EQ(test.executor, "@nx/jest:jest");
    EXPECT_EQ(test.executor_loc.str(), "nx.json:2:31");
  }
}

TEST(Loader, RunCommandsWithoutCommandIsStillAnError) {
  TestWorkspace w;
  w.write("nx.json", "{}");
  w.write("a/project.json", R"({"name": "a", "targets": {"t": {"executor": "nx:run-commands"}}})");
  ASSERT_FALSE(w.load().ok());
  EXPECT_THAT(w.report(), HasSubstr("uses nx:run-commands without \"command\""));
}

TEST(Loader, EveryKeyOfNxSchemasIsKnown) {
  TestWorkspace w;
  w.write("nx.json", R"({
  "$schema": "./node_modules/nx/schemas/nx-schema.json",
  "analytics": false, "release": {"projects": ["*"]}, "generators": {}, "sync": {},
  "tui": {"enabled": false}, "neverConnectToCloud": true, "nxCloudId": "x",
  "useDaemonProcess": false, "defaultProject": "a", "conformance": {"rules": []},
  "owners": {"format": "github"}, "maxCacheSize": "1GB", "migrate": {},
  "nxCloudEncryptionKey": "k", "useInferencePlugins": false, "cli": {}
})");
  w.write("a/project.json", R"({
  "name": "a", "prefix": "app", "i18n": {}, "owners": {}, "release": {}, "generators": {},
  "targets": {"s": {"command": "serve", "continuous": true, "readyWhen": "ready",
    "dependsOn": [{"target": "b", "options": "forward", "inputs": false, "waitFor": "ready"}]},
    "b": {"command": "build"}}
})");
  auto ws = w.load();
  ASSERT_TRUE(ws.ok()) << w.report();
  EXPECT_EQ(w.report(), "");
}

TEST(Loader, UnknownNxKeysStillWarnWithDidYouMean) {
  TestWorkspace w;
  w.write("nx.json", R"({"anlytics": false})");
  w.write("a/project.json", R"({"name": "a", "prefx": "app"})");
  ASSERT_TRUE(w.load().ok()) << w.report();
  EXPECT_THAT(w.report(), HasSubstr("'anlytics'"));
  EXPECT_THAT(w.report(), HasSubstr("did you mean 'analytics'?"));
  EXPECT_THAT(w.report(), HasSubstr("did you mean 'prefix'?"));
}

TEST(Loader, PluginTargetsAreTheLowestLayer) {
  TestWorkspace w;
  w.write("nx.json", R"({
  "plugins": ["@nx/jest/plugin", {"plugin": "@nx/eslint/plugin", "options": {}}],
  "targetDefaults": {"lint": {"cache": true, "dependsOn": ["^lint"]}}
})");
  w.write("libs/a/project.json", R"({"name": "a", "targets": {
    "test": {"options": {"passWithNoTests": true}},
    "build": {"executor": "@nx/js:tsc", "options": {"main": "libs/a/src/index.ts"}}
  }})");
  w.write("libs/b/package.json", R"({"name": "b", "scripts": {"lint": "eslint ."}})");
  w.write("package.json", R"({"workspaces": ["libs/*"]})");
  InferredTargets inferred;
  inferred["libs/a"] = nlohmann::json::parse(R"({
    "test": {"executor": "nx:run-commands", "options": {"command": "jest", "cwd": "libs/a"},
             "cache": true, "inputs": ["default", "^default"], "outputs": ["{projectRoot}/coverage"]},
    "lint": {"executor": "nx:run-commands", "options": {"command": "eslint .", "cwd": "libs/a"}},
    "build": {"executor": "@nx/js:tsc", "options": {"main": "libs/a/src/index.ts", "outputPath": "dist/a"}}
  })");
  inferred["libs/b"] = nlohmann::json::parse(R"({
    "lint": {"executor": "nx:run-commands", "options": {"command": "eslint libs/b", "cwd": "libs/b"}}
  })");
  inferred["libs/unknown"] = nlohmann::json::parse(R"({"x": {"command": "y"}})");
  auto ws = w.load(&inferred);
  ASSERT_TRUE(ws.ok()) << w.report();
  EXPECT_EQ(w.report(), "");  // no warning about plugins: their targets are here
  const Project& a = project(*ws, "a");
  const Target& test = a.targets.at("test");
  EXPECT_EQ(test.options["command"], "jest");
  EXPECT_EQ(test.options["passWithNoTests"], true);  // project.json over the plugin
  EXPECT_TRUE(test.cache);
  EXPECT_EQ(test.outputs, std::vector<std::string>{"{projectRoot}/coverage"});
  EXPECT_EQ(test.loc.str(), "libs/a/project.json:2:5");
  const Target& lint = a.targets.at("lint");
  EXPECT_TRUE(lint.cache);  // targetDefaults over the plugin
  ASSERT_EQ(lint.depends_on.size(), 1u);
  EXPECT_EQ(lint.loc.str(), "libs/a/project.json");  // only the plugin declared it
  const Target& build = a.targets.at("build");
  EXPECT_EQ(build.options["outputPath"], "dist/a");
  EXPECT_EQ(build.executor_loc.str(), "libs/a/project.json:3:15");
  // Nx's @nx/js/typescript plugin names file sets of the dependencies.
  inferred["libs/a"]["typecheck"] = nlohmann::json::parse(R"({"command": "tsc", "inputs": [
    "^{projectRoot}/tsconfig.lib.json", {"fileset": "{projectRoot}/**/*.d.ts", "dependencies": true}]})");
  inferred["libs/a"]["typecheck"]["executor"] = "nx:run-commands";
  inferred["libs/a"]["typecheck"]["options"] = {{"command", "tsc"}};
  ws = w.load(&inferred);
  ASSERT_TRUE(ws.ok()) << w.report();
  const auto& typecheck = *project(*ws, "a").targets.at("typecheck").inputs;
  ASSERT_EQ(typecheck.size(), 2u);
  for (const auto& in : typecheck) {
    EXPECT_EQ(in.kind, InputSpec::Kind::k_fileset);
    EXPECT_TRUE(in.dependencies);
  }
  EXPECT_EQ(typecheck[0].value, "{projectRoot}/tsconfig.lib.json");
  // Nx's graph already merged the script; its target wins over the script's.
  EXPECT_EQ(project(*ws, "b").targets.at("lint").options["command"], "eslint libs/b");
}

TEST(Loader, CommandAndExecutorTogetherIsAnError) {
  TestWorkspace w;
  w.write("nx.json", "{}");
  w.write("a/project.json",
          R"({"name": "a", "targets": {"t": {"command": "x", "executor": "@nx/jest:jest"}}})");
  ASSERT_FALSE(w.load().ok());
  EXPECT_THAT(w.report(), HasSubstr("cannot have both 'command' and 'executor'"));
}

TEST(Loader, TargetDefaultsByNameGlobAndExecutor) {
  TestWorkspace w;
  w.write("nx.json", R"({
  "targetDefaults": {
    "build": { "dependsOn": ["^build"], "cache": true, "options": { "cwd": "x", "mode": "fast" } },
    "build-*": { "cache": true, "outputs": ["{projectRoot}/short"] },
    "build-docker*": { "outputs": ["{projectRoot}/long"] },
    "nx:noop": { "dependsOn": ["lint"] }
  }
})");
  w.write("a/project.json", R"({
  "name": "a",
  "targets": {
    "build": { "command": "make", "options": { "cwd": "a" } },
    "build-docker-x": { "command": "docker build ." },
    "build-types": { "command": "tsc", "cache": false },
    "all": { "executor": "nx:noop" },
    "lint": { "command": "eslint" }
  }
})");
  auto ws = w.load();
  ASSERT_TRUE(ws.ok()) << w.report();
  const Project& a = project(*ws, "a");
  const Target& build = a.targets.at("build");
  EXPECT_TRUE(build.cache);
  ASSERT_EQ(build.depends_on.size(), 1u);
  EXPECT_TRUE(build.depends_on[0].dependencies);
  EXPECT_EQ(build.options["cwd"], "a");      // project.json wins
  EXPECT_EQ(build.options["mode"], "fast");  // defaults fill in, key by key
  // The longest matching glob key wins.
  EXPECT_THAT(a.targets.at("build-docker-x").outputs, ElementsAre("{projectRoot}/long"));
  EXPECT_FALSE(a.targets.at("build-types").cache);  // project.json wins over defaults
  EXPECT_THAT(a.targets.at("build-types").outputs, ElementsAre("{projectRoot}/short"));
  ASSERT_EQ(a.targets.at("all").depends_on.size(), 1u);  // executor-keyed default
  EXPECT_EQ(a.targets.at("all").depends_on[0].target, "lint");
  EXPECT_TRUE(a.targets.at("lint").depends_on.empty());
}

TEST(Loader, PackageJsonWorkspacesScriptsAndNxKey) {
  TestWorkspace w;
  w.write("package.json", R"({"name": "root", "workspaces": ["packages/*", "!packages/skip"],
                              "scripts": {"ci": "nx run-many -t test"}})");
  w.write("nx.json", R"({"targetDefaults": {"build": {"dependsOn": ["^build"], "cache": true}}})");
  w.write("packages/core/package.json", R"({
  "name": "@acme/core",
  "scripts": { "build": "tsc -b", "test": "vitest run", "lint": "eslint ." },
  "dependencies": { "left-pad": "1" },
  "devDependencies": { "@acme/testkit": "*" },
  "nx": {
    "tags": ["type:lib"],
    "includedScripts": ["build", "test"],
    "targets": { "test": { "dependsOn": ["build"] }, "extra": { "command": "echo hi" } }
  }
})");
  w.write("packages/testkit/package.json",
          R"({"name": "@acme/testkit", "peerDependencies": {"x": "1"}})");
  w.write("packages/skip/package.json", R"({"name": "skipped"})");
  w.write("examples/demo/package.json", R"({"name": "demo"})");
  auto ws = w.load();
  ASSERT_TRUE(ws.ok()) << w.report();
  EXPECT_THAT(ws->project_names(), ElementsAre("@acme/core", "@acme/testkit"));
  const Project& core = project(*ws, "@acme/core");
  EXPECT_EQ(core.package_name, "@acme/core");
  EXPECT_EQ(core.language, "typescript");
  EXPECT_EQ(core.project_type, "library");
  EXPECT_THAT(core.package_dependencies, ElementsAre("@acme/testkit", "left-pad"));
  EXPECT_THAT(core.tags, ElementsAre("type:lib"));
  EXPECT_EQ(core.targets.count("lint"), 0u);  // not in includedScripts
  const Target& build = core.targets.at("build");
  EXPECT_EQ(build.executor, "nx:run-commands");
  EXPECT_EQ(build.options["command"], "tsc -b");
  EXPECT_EQ(build.options["cwd"], "packages/core");
  EXPECT_TRUE(build.cache);
  EXPECT_EQ(build.loc.str(), "packages/core/package.json:3:16");
  const Target& test = core.targets.at("test");
  EXPECT_EQ(test.options["command"], "vitest run");  // merged over the script
  ASSERT_EQ(test.depends_on.size(), 1u);
  EXPECT_EQ(core.targets.at("extra").options["command"], "echo hi");
  EXPECT_THAT(ws->config.package_globs, ElementsAre("packages/*", "!packages/skip"));
  EXPECT_THAT(ws->config.global_files, ElementsAre("nx.json", "package.json"));
}

TEST(Loader, PnpmWorkspaceYaml) {
  TestWorkspace w;
  w.write("package.json", R"({"name": "root"})");
  w.write("pnpm-workspace.yaml", "packages:\n  - 'apps/*'\n");
  w.write("pnpm-lock.yaml", "lockfileVersion: 9\n");
  w.write("apps/web/package.json", R"({"name": "web", "scripts": {"dev": "vite"}})");
  w.write("libs/x/package.json", R"({"name": "x"})");
  auto ws = w.load();
  ASSERT_TRUE(ws.ok()) << w.report();
  EXPECT_THAT(ws->project_names(), ElementsAre("web"));
  EXPECT_THAT(ws->config.global_files,
              ElementsAre("package.json", "pnpm-lock.yaml", "pnpm-workspace.yaml"));
}

TEST(Loader, ProjectJsonAndPackageJsonMerge) {
  TestWorkspace w;
  w.write("nx.json", "{}");
  w.write("package.json", R"({"workspaces": []})");
  w.write("libs/both/package.json",
          R"({"name": "@s/both", "scripts": {"build": "tsc", "test": "jest"},
                                         "dependencies": {"@s/other": "*"}})");
  w.write("libs/both/project.json", R"({"name": "both", "tags": ["t"],
    "targets": {"build": {"command": "vite build"}, "test": {"options": {"ci": true}}}})");
  auto ws = w.load();
  ASSERT_TRUE(ws.ok()) << w.report();
  ASSERT_EQ(ws->projects.size(), 1u);
  const Project& p = project(*ws, "both");
  EXPECT_EQ(p.package_name, "@s/both");
  EXPECT_THAT(p.package_dependencies, ElementsAre("@s/other"));
  EXPECT_EQ(p.config_file, "libs/both/project.json");
  // A different command replaces the script (no cwd: the workspace root).
  EXPECT_EQ(p.targets.at("build").options, nlohmann::json({{"command", "vite build"}}));
  // No executor: merged over the script.
  EXPECT_EQ(p.targets.at("test").options["command"], "jest");
  EXPECT_EQ(p.targets.at("test").options["ci"], true);
}

TEST(Loader, RunScriptExecutor) {
  TestWorkspace w;
  w.write("nx.json", "{}");
  w.write("a/package.json", R"({"name": "a", "scripts": {"compile": "tsc"}})");
  w.write("a/project.json", R"({"targets": {
    "build": {"executor": "nx:run-script", "options": {"script": "compile"}},
    "bad": {"executor": "nx:run-script", "options": {"script": "compiel"}}}})");
  ASSERT_FALSE(w.load().ok());
  EXPECT_THAT(w.report(), HasSubstr("a/project.json:3:54: project 'a' has no package.json "
                                    "script 'compiel' (used by target 'bad') (did you mean "
                                    "'compile'?)"));
  w.write("a/project.json", R"({"targets": {
    "build": {"executor": "nx:run-script", "options": {"script": "compile"}}}})");
  auto ws = w.load();
  ASSERT_TRUE(ws.ok()) << w.report();
  const Target& t = project(*ws, "a").targets.at("build");
  EXPECT_EQ(t.options, nlohmann::json({{"command", "tsc"}, {"cwd", "a"}}));
}

TEST(Loader, PyprojectNamesDependenciesAndPackages) {
  TestWorkspace w;
  w.write("strata.json", "{}");
  w.write("py/core/pyproject.toml", R"(
[project]
name = "Acme-Core"
dependencies = ["requests>=2", "acme_util[extra] ; python_version>'3.8'"]

[project.optional-dependencies]
test = ["pytest"]

[tool.strata]
tags = ["lang:py"]
implicitDependencies = ["web"]

[tool.strata.targets.test]
command = "pytest"
cache = true
)");
  w.write("py/core/src/acme_core/__init__.py", "");
  w.write("py/core/src/acme_extra/__init__.py", "");
  w.write("py/core/tests/__init__.py", "");
  w.write("py/poet/pyproject.toml", R"(
[tool.poetry]
name = "poet"
[tool.poetry.dependencies]
python = "^3.11"
Acme-Core = { path = "../core" }
[tool.poetry.group.dev.dependencies]
black = "*"
)");
  auto ws = w.load();
  ASSERT_TRUE(ws.ok()) << w.report();
  const Project& core = project(*ws, "Acme-Core");
  EXPECT_EQ(core.language, "python");
  EXPECT_EQ(core.package_name, "acme-core");
  EXPECT_THAT(core.package_dependencies, ElementsAre("acme-util", "pytest", "requests"));
  EXPECT_THAT(core.python_packages, ElementsAre("acme_core", "acme_extra"));
  EXPECT_THAT(core.tags, ElementsAre("lang:py"));
  EXPECT_THAT(core.implicit_dependencies, ElementsAre("web"));
  const Target& test = core.targets.at("test");
  EXPECT_EQ(test.options["command"], "pytest");
  EXPECT_TRUE(test.cache);
  EXPECT_EQ(test.loc.str(), "py/core/pyproject.toml:13:1");
  const Project& poet = project(*ws, "poet");
  EXPECT_THAT(poet.package_dependencies, ElementsAre("acme-core", "black"));
  EXPECT_THAT(poet.python_packages, ElementsAre("poet"));
}

TEST(Loader, MalformedTomlIsLocated) {
  TestWorkspace w;
  w.write("strata.json", "{}");
  w.write("py/a/pyproject.toml", "[project]\nname = \"a\"\ndependencies = [\n");
  ASSERT_FALSE(w.load().ok());
  EXPECT_THAT(w.report(), HasSubstr("error: py/a/pyproject.toml:"));
  EXPECT_THAT(w.report(), HasSubstr("invalid TOML"));
}

TEST(Loader, DuplicateNamesNameBothFiles) {
  TestWorkspace w;
  w.write("nx.json", "{}");
  w.write("a/project.json", R"({"name": "same"})");
  w.write("b/project.json", "{\n  \"name\": \"same\"\n}");
  ASSERT_FALSE(w.load().ok());
  EXPECT_THAT(w.report(), HasSubstr("error: b/project.json:2:3: project name 'same' is used by "
                                    "both a/project.json and b/project.json"));
}

TEST(Loader, RootProjectRules) {
  {
    TestWorkspace w;  // root package.json with workspaces: not a project
    w.write("package.json", R"({"workspaces": ["p/*"], "scripts": {"x": "y"}})");
    w.write("p/a/package.json", R"({"name": "a"})");
    auto ws = w.load();
    ASSERT_TRUE(ws.ok()) << w.report();
    EXPECT_THAT(ws->project_names(), ElementsAre("a"));
  }
  {
    TestWorkspace w;  // ... unless it has an "nx" block
    w.write("package.json", R"({"name": "r", "workspaces": ["p/*"], "nx": {}})");
    auto ws = w.load();
    ASSERT_TRUE(ws.ok()) << w.report();
    ASSERT_EQ(ws->projects.size(), 1u);
    EXPECT_EQ(ws->projects[0].root, ".");
  }
  {
    TestWorkspace w;  // single-package repository
    w.write("package.json", R"({"name": "solo", "scripts": {"test": "node t.js"}})");
    auto ws = w.load();
    ASSERT_TRUE(ws.ok()) << w.report();
    EXPECT_THAT(ws->project_names(), ElementsAre("solo"));
  }
  {
    TestWorkspace w;  // root project.json
    w.write("nx.json", "{}");
    w.write("project.json", R"({"name": "root", "targets": {"fmt": {"command": "prettier"}}})");
    w.write("libs/a/project.json", R"({"name": "a"})");
    auto ws = w.load();
    ASSERT_TRUE(ws.ok()) << w.report();
    EXPECT_EQ(project(*ws, "root").root, ".");
  }
}

TEST(Loader, RootConfigKeys) {
  TestWorkspace w;
  w.write("nx.json", R"({
  "affected": {"defaultBase": "develop"},
  "cacheDirectory": "tmp/cache",
  "namedInputs": {
    "default": ["{projectRoot}/**/*", "sharedGlobals"],
    "sharedGlobals": ["{workspaceRoot}/babel.config.json"],
    "production": ["default", "!{projectRoot}/**/*.spec.ts", {"env": "NODE_ENV"}]
  },
  "implicitDependencies": {"tsconfig.base.json": "*", "tools/**": ["a"]},
  "tasksRunnerOptions": {"default": {"options": {"cacheableOperations": ["lint"]}}}
})");
  w.write("requirements-dev.txt", "");
  w.write("uv.lock", "");
  w.write("tsconfig.base.json", "{}");
  w.write("a/project.json", R"({"name": "a", "targets": {"lint": {"command": "ruff check",
                                "inputs": ["production", "^production"]}}})");
  auto ws = w.load();
  ASSERT_TRUE(ws.ok()) << w.report();
  const auto& cfg = ws->config;
  EXPECT_EQ(cfg.config_file, "nx.json");
  EXPECT_EQ(cfg.default_base, "develop");
  EXPECT_EQ(cfg.cache_directory, "tmp/cache");
  EXPECT_THAT(cfg.implicit_dependencies.at("tsconfig.base.json"), ElementsAre("*"));
  EXPECT_THAT(cfg.implicit_dependencies.at("tools/**"), ElementsAre("a"));
  const auto& prod = cfg.named_inputs.at("production");
  ASSERT_EQ(prod.size(), 3u);
  EXPECT_EQ(prod[0].kind, InputSpec::Kind::k_named);
  EXPECT_EQ(prod[1].kind, InputSpec::Kind::k_fileset);
  EXPECT_TRUE(prod[1].negated);
  EXPECT_EQ(prod[1].value, "{projectRoot}/**/*.spec.ts");
  EXPECT_EQ(prod[2].kind, InputSpec::Kind::k_env);
  EXPECT_THAT(cfg.global_files,
              ElementsAre("nx.json", "requirements-dev.txt", "tsconfig.base.json", "uv.lock"));
  const Target& lint = project(*ws, "a").targets.at("lint");
  EXPECT_TRUE(lint.cache);  // legacy cacheableOperations
  ASSERT_TRUE(lint.inputs.has_value());
  ASSERT_EQ(lint.inputs->size(), 2u);
  EXPECT_TRUE((*lint.inputs)[1].dependencies);
  EXPECT_EQ(project(*ws, "a").named_inputs.count("sharedGlobals"), 1u);
}

TEST(Loader, UnknownNamedInputIsAnError) {
  TestWorkspace w;
  w.write("nx.json", R"({"namedInputs": {"production": ["{projectRoot}/**"]}})");
  w.write("a/project.json", R"({"name": "a", "targets": {"b": {"command": "x",
    "inputs": ["producton"]}}})");
  ASSERT_FALSE(w.load().ok());
  EXPECT_THAT(w.report(), HasSubstr("unknown named input 'producton'"));
  EXPECT_THAT(w.report(), HasSubstr("did you mean 'production'?"));
}

TEST(Loader, ConfigurationsAndDependsOnForms) {
  TestWorkspace w;
  w.write("nx.json", "{}");
  w.write("a/project.json", R"({"name": "a", "targets": {"build": {
    "command": "make",
    "options": {"mode": "dev"},
    "configurations": {"production": {"mode": "prod"}},
    "defaultConfiguration": "production",
    "dependsOn": ["^build", {"target": "gen", "projects": ["b", "c*"], "params": "forward"},
                  {"target": "x", "projects": "dependencies"}, {"target": "y", "projects": "self"}]
  }}})");
  auto ws = w.load();
  ASSERT_TRUE(ws.ok()) << w.report();
  const Target& t = project(*ws, "a").targets.at("build");
  EXPECT_EQ(t.default_configuration, "production");
  EXPECT_EQ(t.configurations.at("production")["mode"], "prod");
  ASSERT_EQ(t.depends_on.size(), 4u);
  EXPECT_TRUE(t.depends_on[0].dependencies);
  EXPECT_EQ(t.depends_on[0].target, "build");
  EXPECT_THAT(t.depends_on[1].projects, ElementsAre("b", "c*"));
  EXPECT_TRUE(t.depends_on[1].forward_params);
  EXPECT_TRUE(t.depends_on[2].dependencies);
  EXPECT_TRUE(t.depends_on[2].projects.empty());
  EXPECT_FALSE(t.depends_on[3].dependencies);
  EXPECT_TRUE(t.depends_on[3].projects.empty());
}

TEST(Loader, CppLanguageAndIncludeDirs) {
  TestWorkspace w;
  w.write("strata.json", "{}");
  w.write("native/geo/project.json", R"({"name": "geo"})");
  w.write("native/geo/include/geo/point.h", "");
  w.write("native/geo/src/point.cc", "");
  w.write("native/io/project.json", R"({"name": "io", "language": "cpp", "includeDirs": ["api"]})");
  w.write("native/bad/project.json", R"({"name": "bad", "language": "rust"})");
  auto ws = w.load();
  EXPECT_THAT(w.report(), HasSubstr("native/bad/project.json:1:17: unknown language 'rust'"));
  w.write("native/bad/project.json", R"({"name": "bad"})");
  ws = w.load();
  ASSERT_TRUE(ws.ok()) << w.report();
  const Project& geo = project(*ws, "geo");
  EXPECT_EQ(geo.language, "cpp");
  EXPECT_THAT(geo.include_dirs, ElementsAre("native/geo/include", "native/geo/src", "native/geo"));
  EXPECT_THAT(project(*ws, "io").include_dirs, ElementsAre("native/io/api"));
  EXPECT_EQ(project(*ws, "bad").language, "");
}

TEST(Loader, StrataJsonWorkspacesAndPluginsWarning) {
  TestWorkspace w;
  w.write("strata.json", R"({"workspaces": ["services/*"], "plugins": ["@nx/vite/plugin"]})");
  w.write("services/api/package.json", R"({"name": "api"})");
  auto ws = w.load();
  ASSERT_TRUE(ws.ok()) << w.report();
  EXPECT_THAT(ws->project_names(), ElementsAre("api"));
  EXPECT_THAT(w.report(), HasSubstr("warning: strata.json:1:32: Nx is not installed, so the "
                                    "targets these Nx plugins infer do not exist"));
}

TEST(Loader, FindWorkspaceRoot) {
  TestWorkspace w;
  w.write("nx.json", "{}");
  w.write("a/b/package.json", R"({"workspaces": ["x"]})");
  w.write("a/b/c/file.txt", "");
  auto root = find_workspace_root(w.root() / "a/b/c");
  ASSERT_TRUE(root.ok());
  EXPECT_EQ(*root, std::filesystem::weakly_canonical(w.root()));
}

// Writing 10,000 files takes long on a slow disk, so this runs on request:
// Many files are parsed on several threads at once; every one of them must
// arrive (a packed vector<bool> of results once lost a project now and then).
TEST(Loader, ParallelLoadKeepsEveryProject) {
  TestWorkspace w;
  w.write("nx.json", "{}");
  const size_t n = 1000;
  for (size_t i = 0; i < n; ++i)
    w.write(
        "p" + std::to_string(i) + "/project.json",
        R"({"name": "p)" + std::to_string(i) + R"(", "targets": {"build": {"command": "true"}}})");
  auto files = w.files();
  for (int round = 0; round < 60; ++round) {
    Diagnostics diags;
    auto ws = load_workspace_from_files(w.root(), files, diags);
    ASSERT_TRUE(ws.ok());
    ASSERT_EQ(ws->projects.size(), n) << "round " << round;
  }
}

// config_test --gtest_also_run_disabled_tests --gtest_filter='*TenThousand*'
TEST(Loader, DISABLED_TenThousandProjectsLoadQuickly) {
  TestWorkspace w;
  w.write("nx.json", R"({"targetDefaults": {"build": {"dependsOn": ["^build"], "cache": true}}})");
  const int n = 10000;
  for (int i = 0; i < n; ++i) {
    std::string name = "p" + std::to_string(i);
    w.write("libs/" + name + "/project.json",
            R"({"name": ")" + name + R"(", "tags": ["t"], "targets": {"build": {"command": "make"},
                "test": {"command": "pytest", "dependsOn": ["build"]}}})");
  }
  auto files = w.files();
  auto start = std::chrono::steady_clock::now();
  Diagnostics diags;
  auto ws = load_workspace_from_files(w.root(), files, diags);
  auto ms = std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now() -
                                                                  start)
                .count();
  ASSERT_TRUE(ws.ok());
  EXPECT_EQ(ws->projects.size(), static_cast<size_t>(n));
  std::printf("loaded %d projects in %lld ms\n", n, static_cast<long long>(ms));
  // A measurement to read, not a verdict: timings never fail a test.
}

}  // namespace
}  // namespace strata
