// The build context of each language: what lands beside the copied
// folders (Python's requirements and vendored wheels, Node's pruned
// packages, C++'s CMake helpers), what the host's tools are asked to do,
// and that a context is rebuilt from scratch every time.

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <algorithm>

#include "container/build_context.h"
#include "util/temp_dir.h"

namespace strata::container {
namespace {

namespace fs = std::filesystem;
using ::testing::Contains;
using ::testing::HasSubstr;

// Answers every command with `exit_code`; for pip, writes a wheel's files
// into its --target directory as pip would.
class FakeTools : public ToolRunner {
 public:
  explicit FakeTools(int exit_code = 0, std::string err = "") : m_code(exit_code), m_err(err) {}
  Result<ProcessOutput> capture(const std::vector<std::string>& argv) override {
    calls.push_back(argv);
    auto target = std::find(argv.begin(), argv.end(), "--target");
    if (m_code == 0 && target != argv.end() && target + 1 != argv.end()) {
      fs::create_directories(fs::path(target[1]) / "fastapi");
      std::ofstream(fs::path(target[1]) / "fastapi" / "__init__.py") << "# wheel\n";
    }
    return ProcessOutput{m_code, "", m_err};
  }
  Result<int> stream(const std::vector<std::string>&) override { return m_code; }
  bool available(const std::string&) override { return true; }
  std::vector<std::vector<std::string>> calls;

 private:
  int m_code;
  std::string m_err;
};

ImageSpec spec_for(const std::string& language, std::vector<std::string> dirs) {
  ImageSpec s;
  s.service = "billing-service";
  s.language = language;
  s.service_root = "svc";
  s.copy_dirs = std::move(dirs);
  s.entry = "billing_service";
  return s;
}

Status assemble(const testutil::TempDir& dir, const ImageSpec& spec, ToolRunner& tools,
                const ImageSettings& s = default_image_settings()) {
  return assemble_context(dir.root(), spec, s, {"FROM x\n", ""}, dir.path("ctx"), tools);
}

TEST(BuildContextPython, VendoredWheelsAreFetchedOnceAndReused) {
  testutil::TempDir dir;
  dir.write("svc/src/billing_service/__main__.py", "");
  ImageSpec spec = spec_for("python", {"svc/src"});
  spec.requirements = {"fastapi>=0.110", "uvicorn"};
  FakeTools tools;
  auto st = assemble(dir, spec, tools);
  ASSERT_TRUE(st.ok()) << st.error().str();
  EXPECT_EQ(dir.read("ctx/requirements.txt"), "fastapi>=0.110\nuvicorn\n");
  EXPECT_EQ(dir.read("ctx/deps/fastapi/__init__.py"), "# wheel\n");
  ASSERT_EQ(tools.calls.size(), 1u);
  EXPECT_THAT(tools.calls[0], Contains("--only-binary=:all:"));
  // A second build of the same requirements asks no index again.
  ASSERT_TRUE(assemble(dir, spec, tools).ok());
  EXPECT_EQ(tools.calls.size(), 1u);
  EXPECT_TRUE(fs::exists(dir.path("ctx/deps/fastapi/__init__.py")));
  // Other requirements are another cache entry.
  spec.requirements = {"fastapi>=0.111"};
  ASSERT_TRUE(assemble(dir, spec, tools).ok());
  EXPECT_EQ(tools.calls.size(), 2u);
}

TEST(BuildContextPython, NoRequirementsLeaveAnEmptyDepsFolderWithoutPip) {
  testutil::TempDir dir;
  dir.write("svc/src/m.py", "");
  FakeTools tools;
  ASSERT_TRUE(assemble(dir, spec_for("python", {"svc/src"}), tools).ok());
  EXPECT_TRUE(tools.calls.empty());
  EXPECT_TRUE(fs::exists(dir.path("ctx/deps/.keep")));
  EXPECT_EQ(dir.read("ctx/requirements.txt"), "");
}

TEST(BuildContextPython, AFailedVendoringIsNotCachedAndNamesPipsLastLine) {
  testutil::TempDir dir;
  dir.write("svc/src/m.py", "");
  ImageSpec spec = spec_for("python", {"svc/src"});
  spec.requirements = {"nosuchdist"};
  FakeTools failing(1, "Looking in indexes\nERROR: No matching distribution\n\n");
  auto st = assemble(dir, spec, failing);
  ASSERT_FALSE(st.ok());
  EXPECT_EQ(st.error().kind, ErrorKind::k_unavailable);
  EXPECT_THAT(st.error().message, HasSubstr(": ERROR: No matching distribution"));
  EXPECT_THAT(st.error().message, ::testing::Not(HasSubstr("Looking in indexes")));
  EXPECT_THAT(st.error().hint, HasSubstr("pythonDependencies"));
  FakeTools working;
  ASSERT_TRUE(assemble(dir, spec, working).ok());
  EXPECT_EQ(working.calls.size(), 1u);  // the failure left nothing to reuse
}

TEST(BuildContextNode, TakesThePackagesAndPrunesThemOffline) {
  testutil::TempDir dir;
  dir.write("package.json", "{}\n");
  dir.write("package-lock.json", "{}\n");
  dir.write("node_modules/left-pad/index.js", "");
  dir.write("svc/dist/main.js", "");
  dir.write("svc/src/main.test.ts", "");
  dir.write("svc/node_modules/own/index.js", "");
  FakeTools tools;
  auto st = assemble(dir, spec_for("node", {"svc"}), tools);
  ASSERT_TRUE(st.ok()) << st.error().str();
  EXPECT_EQ(dir.read("ctx/package.json"), "{}\n");
  EXPECT_TRUE(fs::exists(dir.path("ctx/package-lock.json")));
  EXPECT_TRUE(fs::exists(dir.path("ctx/node_modules/left-pad/index.js")));
  EXPECT_TRUE(fs::exists(dir.path("ctx/svc/dist/main.js")));
  EXPECT_FALSE(fs::exists(dir.path("ctx/svc/src/main.test.ts")));
  EXPECT_FALSE(fs::exists(dir.path("ctx/svc/node_modules")));  // a project's own
  ASSERT_EQ(tools.calls.size(), 1u);
  const auto& npm = tools.calls[0];
  EXPECT_EQ(npm[0], "npm");
  EXPECT_THAT(npm, Contains("--omit=dev"));
  EXPECT_THAT(npm, Contains("--offline"));
  EXPECT_THAT(npm, Contains(dir.path("ctx").string()));  // --prefix: the context, not the root
}

TEST(BuildContextNode, WithoutInstalledPackagesNpmIsNotRun) {
  testutil::TempDir dir;
  dir.write("svc/dist/main.js", "");
  FakeTools tools;
  ASSERT_TRUE(assemble(dir, spec_for("node", {"svc"}), tools).ok());
  EXPECT_TRUE(tools.calls.empty());
  EXPECT_TRUE(fs::is_directory(dir.path("ctx/node_modules")));  // the COPY needs it
}

TEST(BuildContextNode, AFailedPruneNamesPackageJsonWithAHint) {
  testutil::TempDir dir;
  dir.write("package.json", "{}\n");
  dir.write("node_modules/x/index.js", "");
  dir.write("svc/dist/main.js", "");
  FakeTools tools(1, "npm ERR! missing: y@1\nnpm ERR! more\n");
  auto st = assemble(dir, spec_for("node", {"svc"}), tools);
  ASSERT_FALSE(st.ok());
  EXPECT_EQ(st.error().str(),
            "package.json: npm prune failed in the image context: npm ERR! "
            "missing: y@1");
  EXPECT_EQ(st.error().hint, "run npm install in the workspace first");
}

TEST(BuildContextCpp, TakesTheCMakeHelpersWithoutAnyBuildTree) {
  testutil::TempDir dir;
  dir.write("CMakeLists.txt", "project(x)\n");
  dir.write("topology.json", "{}\n");
  dir.write("cmake/helpers.cmake", "");
  dir.write("cmake/build/stale.txt", "");
  dir.write("svc/CMakeLists.txt", "");
  dir.write("svc/src/main.cc", "");
  dir.write("svc/build/CMakeCache.txt", "/home/me\n");
  dir.write("svc/build-tests/t", "");
  FakeTools tools;
  auto st = assemble(dir, spec_for("cpp", {"svc"}), tools);
  ASSERT_TRUE(st.ok()) << st.error().str();
  EXPECT_TRUE(tools.calls.empty());
  EXPECT_EQ(dir.read("ctx/CMakeLists.txt"), "project(x)\n");
  EXPECT_TRUE(fs::exists(dir.path("ctx/topology.json")));
  EXPECT_TRUE(fs::exists(dir.path("ctx/cmake/helpers.cmake")));
  EXPECT_FALSE(fs::exists(dir.path("ctx/cmake/build")));
  EXPECT_TRUE(fs::exists(dir.path("ctx/svc/src/main.cc")));
  EXPECT_FALSE(fs::exists(dir.path("ctx/svc/build")));
  EXPECT_FALSE(fs::exists(dir.path("ctx/svc/build-tests")));
}

TEST(BuildContext, ABuildDirectoryIsKeptOutsideCpp) {
  testutil::TempDir dir;
  dir.write("svc/src/build/generated.py", "");
  FakeTools tools;
  ASSERT_TRUE(assemble(dir, spec_for("python", {"svc/src"}), tools).ok());
  EXPECT_TRUE(fs::exists(dir.path("ctx/svc/src/build/generated.py")));
}

TEST(BuildContext, IsRebuiltFromScratch) {
  testutil::TempDir dir;
  dir.write("svc/src/old.py", "");
  FakeTools tools;
  ASSERT_TRUE(assemble(dir, spec_for("python", {"svc/src"}), tools).ok());
  fs::remove(dir.path("svc/src/old.py"));
  dir.write("svc/src/new.py", "");
  dir.write("ctx/left-by-hand.txt", "");
  ASSERT_TRUE(assemble(dir, spec_for("python", {"svc/src"}), tools).ok());
  EXPECT_FALSE(fs::exists(dir.path("ctx/svc/src/old.py")));
  EXPECT_FALSE(fs::exists(dir.path("ctx/left-by-hand.txt")));
  EXPECT_TRUE(fs::exists(dir.path("ctx/svc/src/new.py")));
  EXPECT_EQ(dir.read("ctx/Dockerfile"), "FROM x\n");
}

TEST(CopyFiltered, CountsCopiedFilesAndRefusesAMissingSource) {
  testutil::TempDir dir;
  dir.write("from/a.py", "");
  dir.write("from/sub/b.py", "");
  dir.write("from/.env.local", "SECRET=1\n");
  dir.write("from/sub/app.log", "");
  auto n = copy_filtered(dir.path("from"), dir.path("to"));
  ASSERT_TRUE(n.ok()) << n.error().str();
  EXPECT_EQ(*n, 2u);
  EXPECT_FALSE(fs::exists(dir.path("to/.env.local")));
  auto missing = copy_filtered(dir.path("nope"), dir.path("to2"));
  ASSERT_FALSE(missing.ok());
  EXPECT_EQ(missing.error().kind, ErrorKind::k_io);
  EXPECT_THAT(missing.error().message, HasSubstr("cannot read"));
}

TEST(BuildContext, LivesUnderStrataImages) {
  EXPECT_EQ(context_dir("/ws", "billing-service"),
            fs::path("/ws/.strata/images/billing-service/context"));
}

}  // namespace
}  // namespace strata::container
