#include "tasks/command.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <random>

#include "tasks/arguments.h"
#include "util/temp_dir.h"

namespace strata {
namespace {

using nlohmann::json;
using ::testing::ElementsAre;
using ::testing::HasSubstr;

class CommandTest : public ::testing::Test {
 protected:
  CommandTest() {
    m_ws.root = "/ws";
    Project p;
    p.name = "app";
    p.root = "apps/app";
    m_ws.projects.push_back(p);
  }
  Target& target(const std::string& name, json options) {
    Target& t = m_ws.projects[0].targets[name];
    t.name = name;
    t.options = std::move(options);
    return t;
  }
  Result<ResolvedCommand> resolve(const std::string& target, std::vector<std::string> args = {},
                                  const std::string& config = "") {
    Task t;
    t.project = "app";
    t.target = target;
    t.id = "app:" + target;
    t.configuration = config;
    t.args = std::move(args);
    return resolve_command(m_ws, t);
  }
  Workspace m_ws;
};

TEST_F(CommandTest, SingleCommandRunsInWorkspaceRootWithArgsAppended) {
  target("build", {{"command", "tsc -p {projectRoot}/tsconfig.json"}});
  auto r = resolve("build", {"--watch", "it's"});
  ASSERT_TRUE(r.ok()) << r.error().str();
  EXPECT_THAT(r->commands, ElementsAre("tsc -p apps/app/tsconfig.json --watch 'it'\\''s'"));
  EXPECT_EQ(r->cwd, "/ws");
  EXPECT_FALSE(r->parallel);
  EXPECT_FALSE(r->noop);
}

TEST_F(CommandTest, CommandsRunInParallelByDefaultAsInNx) {
  target("ci",
         {{"commands", json::array({"lint", {{"command", "test"}, {"forwardAllArgs", false}}})}});
  auto r = resolve("ci", {"--fast"});
  ASSERT_TRUE(r.ok());
  EXPECT_THAT(r->commands, ElementsAre("lint --fast", "test"));
  EXPECT_TRUE(r->parallel);
  target("seq", {{"commands", json::array({"a", "b"})}, {"parallel", false}});
  EXPECT_FALSE(resolve("seq")->parallel);
}

TEST_F(CommandTest, ArgsPlaceholdersReplaceForwarding) {
  target("serve", {{"command", "serve --port={args.port} --env={args.myEnv}"},
                   {"args", "--port=3000 --my-env staging"}});
  auto r = resolve("serve");
  ASSERT_TRUE(r.ok());
  EXPECT_THAT(r->commands, ElementsAre("serve --port=3000 --env=staging"));
  r = resolve("serve", {"--port", "8080"});
  EXPECT_THAT(r->commands, ElementsAre("serve --port=8080 --env=staging"));
}

TEST_F(CommandTest, ArgsOptionAndUnknownOptionsAreForwarded) {
  target("test", {{"command", "jest"}, {"args", "--ci"}, {"coverage", true}});
  auto r = resolve("test", {"--bail"});
  ASSERT_TRUE(r.ok());
  EXPECT_THAT(r->commands, ElementsAre("jest --coverage=true --ci --bail"));
  target("quiet", {{"command", "jest"}, {"args", "--ci"}, {"forwardAllArgs", false}});
  EXPECT_THAT(resolve("quiet", {"--bail"})->commands, ElementsAre("jest"));
}

TEST_F(CommandTest, TokensAndOptionsInterpolation) {
  target("pack", {{"command",
                   "tar czf {options.out} -C {workspaceRoot} {projectName} ${HOME} "
                   "{unknown}"},
                  {"out", "dist/{projectName}.tgz"},
                  {"forwardAllArgs", false},
                  {"cwd", "{projectRoot}/sub/"},
                  {"env", {{"NAME", "{projectName}"}, {"N", 3}}}});
  auto r = resolve("pack");
  ASSERT_TRUE(r.ok());
  EXPECT_THAT(r->commands, ElementsAre("tar czf dist/app.tgz -C /ws app ${HOME} {unknown}"));
  EXPECT_EQ(r->cwd, "/ws/apps/app/sub");
  EXPECT_EQ(r->env.at("NAME"), "app");
  EXPECT_EQ(r->env.at("N"), "3");
}

TEST_F(CommandTest, ConfigurationsMergeOverOptions) {
  Target& t = target(
      "build",
      {{"command", "vite build --mode={args.mode}"}, {"mode", "dev"}, {"forwardAllArgs", false}});
  t.configurations["production"] = {{"mode", "prod"}};
  t.default_configuration = "production";
  EXPECT_EQ(effective_options(t, "")["mode"], "prod");
  EXPECT_EQ(effective_options(t, "production")["mode"], "prod");
  EXPECT_EQ(effective_options(t, "nope")["mode"], "dev");
  EXPECT_THAT(resolve("build", {}, "production")->commands, ElementsAre("vite build --mode=prod"));
}

TEST_F(CommandTest, NoopAndErrors) {
  Target& t = target("all", json::object());
  t.executor = "nx:noop";
  auto r = resolve("all");
  ASSERT_TRUE(r.ok());
  EXPECT_TRUE(r->noop);
  EXPECT_TRUE(r->commands.empty());
  auto e = resolve("al");
  ASSERT_FALSE(e.ok());
  EXPECT_EQ(e.error().message, "project 'app' has no target 'al'");
  EXPECT_EQ(e.error().hint, "did you mean 'all'?");
}

TEST_F(CommandTest, EnvFile) {
  testutil::TempDir dir("strata-command-test-env");
  dir.write(".env", "# comment\nexport A=1\nB=\"two words\"\n\nC=x=y\n");
  m_ws.root = dir.root();
  target("run", {{"command", "env"}, {"envFile", ".env"}, {"env", {{"A", "override"}}}});
  auto r = resolve("run");
  ASSERT_TRUE(r.ok()) << r.error().str();
  EXPECT_EQ(r->env.at("A"), "override");
  EXPECT_EQ(r->env.at("B"), "two words");
  EXPECT_EQ(r->env.at("C"), "x=y");
  target("missing", {{"command", "env"}, {"envFile", "nope.env"}});
  auto e = resolve("missing");
  ASSERT_FALSE(e.ok());
  EXPECT_THAT(e.error().message, HasSubstr("cannot read envFile 'nope.env'"));
}

TEST(Arguments, SplitParseQuote) {
  EXPECT_THAT(split_words(R"(a 'b c' "d e"f  g)"), ElementsAre("a", "b c", "d ef", "g"));
  std::map<std::string, std::string> flags;
  parse_flags({"--a=1", "--b", "2", "--c", "--no-d", "pos", "--e-f=x"}, flags);
  EXPECT_EQ(flags["a"], "1");
  EXPECT_EQ(flags["b"], "2");
  EXPECT_EQ(flags["c"], "true");
  EXPECT_EQ(flags["d"], "false");
  EXPECT_EQ(flags["eF"], "x");
  EXPECT_EQ(flags["e-f"], "x");
  EXPECT_EQ(shell_quote("--x=a/b.c"), "--x=a/b.c");
  EXPECT_EQ(shell_quote("a b"), "'a b'");
  EXPECT_EQ(shell_quote(""), "''");
}

}  // namespace
}  // namespace strata

namespace strata {
namespace {

class ForeignExecutorTest : public CommandTest {
 protected:
  ForeignExecutorTest() {
    m_ws.root = m_dir;
    Target& t = target("build", {{"tsConfig", "apps/app/tsconfig.lib.json"}});
    t.executor = "@nx/js:tsc";
    t.loc = {"apps/app/project.json", 3, 5};
    t.executor_loc = {"apps/app/project.json", 4, 7};
  }
  void install_nx() {
    std::filesystem::create_directories(m_dir / "node_modules/nx/bin");
    std::ofstream(m_dir / "node_modules/nx/package.json") << R"({"bin": {"nx": "bin/nx.js"}})";
    std::ofstream(m_dir / "node_modules/nx/bin/nx.js") << "";
  }
  testutil::TempDir m_temp{"strata-command-test"};
  std::filesystem::path m_dir = m_temp.root();
};

TEST_F(ForeignExecutorTest, WithoutNxIsAnErrorAtTheExecutorNamingWhatToInstall) {
  auto r = resolve("build");
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().loc.str(), "apps/app/project.json:4:7");
  EXPECT_THAT(r.error().message, HasSubstr("project 'app' target 'build' uses executor "
                                           "'@nx/js:tsc'"));
  EXPECT_THAT(r.error().message, HasSubstr("Nx is not installed"));
  EXPECT_THAT(r.error().hint, HasSubstr("npm install -D nx @nx/js, or use a shell command "
                                        "instead: \"build\": { \"command\": \"tsc -p "
                                        "apps/app/tsconfig.lib.json\" }"));
}

TEST_F(ForeignExecutorTest, WithNxRunsTheOneTaskThroughNx) {
  install_nx();
  auto r = resolve("build", {"--watch=false"}, "production");
  ASSERT_TRUE(r.ok()) << r.error().str();
  ASSERT_EQ(r->commands.size(), 1u);
  std::string script = (m_dir / "node_modules/nx/bin/nx.js").string();
  EXPECT_THAT(r->commands[0], HasSubstr("node '" + script +
                                        "' run 'app:build:production' "
                                        "--excludeTaskDependencies --skipNxCache"));
  EXPECT_THAT(r->commands[0], HasSubstr(" '--watch=false'"));
  EXPECT_EQ(r->cwd, m_dir.string());
  EXPECT_EQ(r->env.at("NX_DAEMON"), "false");
  EXPECT_FALSE(r->noop);
}

}  // namespace
}  // namespace strata
