#include "gen/install_plan.h"

#include <gtest/gtest.h>

#include <set>

#include "gen/context_generator.h"
#include "gen/scratch_dir.h"
#include "gen/workspace_generator.h"

namespace strata::gen {
namespace {

using testing::ScratchDir;

// A machine with exactly the programs and headers a test lists.
class FakeProbe final : public ToolProbe {
 public:
  FakeProbe(std::set<std::string> programs, std::set<std::string> headers)
      : m_programs(std::move(programs)), m_headers(std::move(headers)) {}
  bool has_program(std::string_view name) const override {
    return m_programs.count(std::string(name)) > 0;
  }
  bool has_header(std::string_view relative) const override {
    return m_headers.count(std::string(relative)) > 0;
  }

 private:
  std::set<std::string> m_programs;
  std::set<std::string> m_headers;
};

const FakeProbe k_everything({"npm", "python3", "cmake", "c++", "make", "pkg-config", "protoc",
                              "grpc_cpp_plugin"},
                             {"gtest/gtest.h", "sqlite3.h", "nlohmann/json.hpp", "httplib.h",
                              "openssl/hmac.h", "grpcpp/grpcpp.h", "google/protobuf/message.h"});

std::vector<std::string> names(const InstallPlan& p) {
  std::vector<std::string> out;
  for (const auto& s : p.steps) out.push_back(s.name);
  return out;
}

std::vector<std::string> packages(const InstallPlan& p) {
  std::vector<std::string> out;
  for (const auto& m : p.missing) out.push_back(m.package);
  return out;
}

WritePlan context_plan(const ScratchDir& dir, const std::string& lang) {
  auto plan = plan_context(dir.root(), {"billing", lang, {}, false});
  EXPECT_TRUE(plan) << plan.error().message;
  return std::move(*plan);
}

TEST(InstallPlan, ANewWorkspaceNeedsNothing) {
  ScratchDir dir;
  auto plan = plan_workspace({dir.root() / "ws", "", false});
  ASSERT_TRUE(plan);
  EXPECT_TRUE(plan_installs(*plan, k_everything).empty());
}

TEST(InstallPlan, ATypeScriptContextRunsNpmOnceAtTheRoot) {
  ScratchDir dir;
  auto installs = plan_installs(context_plan(dir, "typescript"), k_everything);
  ASSERT_EQ(installs.steps.size(), 1u);  // the layers are npm workspaces of the root
  EXPECT_EQ(installs.steps[0].name, "npm packages");
  EXPECT_EQ(installs.steps[0].cwd, dir.root() / "");
  EXPECT_EQ(installs.steps[0].commands[0][0], "npm");
  EXPECT_TRUE(installs.missing.empty());
}

TEST(InstallPlan, NpmRunsAgainOnlyWhenAPackageJsonChangedOrNothingIsInstalled) {
  ScratchDir dir;
  ASSERT_TRUE(context_plan(dir, "typescript").apply());
  // Applied but never installed: the packages are still missing.
  EXPECT_EQ(plan_installs(context_plan(dir, "typescript"), k_everything).steps.size(), 1u);
  dir.write("node_modules/.package-lock.json", "{}");
  EXPECT_TRUE(plan_installs(context_plan(dir, "typescript"), k_everything).empty());
}

TEST(InstallPlan, APackageOutsideTheRootWorkspacesInstallsInItsOwnFolder) {
  ScratchDir dir;
  dir.write("package.json", R"({"workspaces": {"packages": ["libs/*"]}})");
  dir.write("node_modules/x", "");
  WritePlan plan(dir.root());
  plan.add("libs/a/package.json", "{}");
  plan.add("tools/b/package.json", "{}");
  auto installs = plan_installs(plan, k_everything);
  EXPECT_EQ(names(installs), (std::vector<std::string>{"npm packages", "npm packages (tools/b)"}));
  EXPECT_EQ(installs.steps[1].cwd, dir.root() / "tools/b");
}

TEST(InstallPlan, APythonContextMakesTheVenvAndInstallsTheRequirements) {
  ScratchDir dir;
  auto installs = plan_installs(context_plan(dir, "python"), k_everything);
  ASSERT_EQ(names(installs), (std::vector<std::string>{"Python tools (.venv)"}));
  const auto& step = installs.steps[0];
  ASSERT_EQ(step.commands.size(), 2u);
  EXPECT_EQ(step.commands[0], (std::vector<std::string>{"python3", "-m", "venv", ".venv"}));
  EXPECT_EQ(step.commands[1].back(), "requirements-dev.txt");
  EXPECT_EQ(step.stamp_path, k_venv_stamp);
  EXPECT_NE(step.stamp_content.find("ruff"), std::string::npos);
}

TEST(InstallPlan, TheVenvIsInstalledAgainOnlyWhenTheRequirementsChanged) {
  ScratchDir dir;
  auto plan = context_plan(dir, "python");
  ASSERT_TRUE(plan.apply());
  dir.write(".venv/bin/python", "");
  dir.write(".venv/bin/pip", "");
  dir.write(k_venv_stamp, dir.read(k_python_requirements));
  EXPECT_TRUE(plan_installs(context_plan(dir, "python"), k_everything).empty());

  dir.write(k_python_requirements, dir.read(k_python_requirements) + "hypothesis\n");
  auto installs = plan_installs(context_plan(dir, "python"), k_everything);
  ASSERT_EQ(installs.steps.size(), 1u);
  EXPECT_EQ(installs.steps[0].commands.size(), 1u);  // the venv exists: pip only
  EXPECT_NE(installs.steps[0].stamp_content.find("hypothesis"), std::string::npos);

  // A venv without pip (ensurepip failed) is made again.
  std::filesystem::remove(dir.root() / ".venv/bin/pip");
  EXPECT_EQ(plan_installs(context_plan(dir, "python"), k_everything).steps[0].commands.size(), 2u);
}

TEST(InstallPlan, ACppContextChecksTheToolchainAndNamesDebianPackages) {
  ScratchDir dir;
  EXPECT_TRUE(plan_installs(context_plan(dir, "cpp"), k_everything).empty());
  FakeProbe bare({"make"}, {"sqlite3.h"});
  auto installs = plan_installs(context_plan(dir, "cpp"), bare);
  EXPECT_TRUE(installs.steps.empty());
  EXPECT_EQ(packages(installs),
            (std::vector<std::string>{"cmake", "g++", "libgtest-dev", "nlohmann-json3-dev"}));
}

TEST(InstallPlan, AGeneratedCppServiceAlsoNeedsHttplibOpenSslAndPkgConfig) {
  std::string cmake =
      "find_package(OpenSSL REQUIRED)\nfind_package(PkgConfig REQUIRED)\n"
      "pkg_check_modules(HTTPLIB REQUIRED IMPORTED_TARGET cpp-httplib)\n";
  FakeProbe compilers({"cmake", "c++", "make"}, {});
  std::vector<std::string> found;
  for (const auto& m : missing_cpp_tools(cmake, compilers)) found.push_back(m.package);
  EXPECT_EQ(found, (std::vector<std::string>{"libcpp-httplib-dev", "libssl-dev", "pkg-config"}));
  EXPECT_TRUE(missing_cpp_tools(cmake, k_everything).empty());
}

TEST(InstallPlan, AGrpcCppServiceAlsoNeedsDebiansGrpcAndProtobuf) {
  std::string cmake = "find_package(Protobuf REQUIRED)\nfind_package(gRPC CONFIG REQUIRED)\n";
  FakeProbe compilers({"cmake", "c++", "make"}, {});
  std::vector<std::string> found;
  for (const auto& m : missing_cpp_tools(cmake, compilers)) found.push_back(m.package);
  EXPECT_EQ(found, (std::vector<std::string>{"libgrpc++-dev", "libprotobuf-dev",
                                             "protobuf-compiler", "protobuf-compiler-grpc"}));
  EXPECT_TRUE(missing_cpp_tools(cmake, k_everything).empty());
  // An http service names none of them.
  EXPECT_EQ(missing_cpp_tools("pkg_check_modules(HTTPLIB cpp-httplib)\n", compilers).size(), 1u);
}

TEST(InstallPlan, MissingProgramsAreNamedInsteadOfRun) {
  ScratchDir dir;
  FakeProbe none({}, {});
  EXPECT_EQ(packages(plan_installs(context_plan(dir, "typescript"), none)),
            (std::vector<std::string>{"npm"}));
  EXPECT_EQ(packages(plan_installs(context_plan(dir, "python"), none)),
            (std::vector<std::string>{"python3-venv"}));
}

TEST(InstallPlan, ShellLineSaysHowToRunAStepByHand) {
  InstallStep step{"x", "/w/a b/", {{"npm", "install"}, {"echo", "it's"}}, "", "", ""};
  EXPECT_EQ(shell_line(step), "cd '/w/a b' && npm install && echo 'it'\\''s'");
}

}  // namespace
}  // namespace strata::gen
