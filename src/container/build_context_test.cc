#include "container/build_context.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "util/temp_dir.h"

namespace strata::container {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;

class NoTools : public ToolRunner {
 public:
  Result<ProcessOutput> capture(const std::vector<std::string>& argv) override {
    calls.push_back(argv);
    return ProcessOutput{1, "", "ERROR: no index\n"};
  }
  Result<int> stream(const std::vector<std::string>&) override { return 1; }
  bool available(const std::string&) override { return false; }
  std::vector<std::vector<std::string>> calls;
};

TEST(BuildContext, CopiesOnlyTheSpecFoldersWithoutTestsCachesOrKeys) {
  testutil::TempDir dir;
  dir.write("contexts/a/service/src/a_service/__main__.py", "main\n");
  dir.write("contexts/a/service/src/a_service/__pycache__/x.pyc", "");
  dir.write("contexts/a/service/src/a_service/server.pem", "key\n");
  dir.write("contexts/a/service/tests/test_x.py", "t\n");
  dir.write("contexts/b/domain/src/b/__init__.py", "other context\n");
  ImageSpec spec;
  spec.language = "python";
  spec.copy_dirs = {"contexts/a/service/src"};
  ImageSettings s = default_image_settings();
  s.python_dependencies = "pip";
  NoTools tools;
  auto ctx = dir.path("out/context");
  auto st = assemble_context(dir.root(), spec, s, {"FROM x:1\n", "**/.git\n"}, ctx, tools);
  ASSERT_TRUE(st.ok()) << st.error().str();
  EXPECT_TRUE(std::filesystem::exists(ctx / "contexts/a/service/src/a_service/__main__.py"));
  EXPECT_FALSE(std::filesystem::exists(ctx / "contexts/a/service/src/a_service/__pycache__"));
  EXPECT_FALSE(std::filesystem::exists(ctx / "contexts/a/service/src/a_service/server.pem"));
  EXPECT_FALSE(std::filesystem::exists(ctx / "contexts/a/service/tests"));
  EXPECT_FALSE(std::filesystem::exists(ctx / "contexts/b"));
  EXPECT_EQ(dir.read("out/context/Dockerfile"), "FROM x:1\n");
  EXPECT_EQ(dir.read("out/context/.dockerignore"), "**/.git\n");
  EXPECT_TRUE(tools.calls.empty());  // pip runs in the build stage
}

TEST(BuildContext, VendoringFailureSaysWhatToDo) {
  testutil::TempDir dir;
  dir.write("svc/src/m.py", "");
  ImageSpec spec;
  spec.language = "python";
  spec.copy_dirs = {"svc/src"};
  spec.requirements = {"fastapi>=0.110"};
  NoTools tools;
  auto st = assemble_context(dir.root(), spec, default_image_settings(), {"", ""}, dir.path("ctx"),
                             tools);
  ASSERT_FALSE(st.ok());
  EXPECT_THAT(st.error().message, HasSubstr("pip could not vendor"));
  EXPECT_THAT(st.error().message, HasSubstr("ERROR: no index"));
  ASSERT_EQ(tools.calls.size(), 1u);
  EXPECT_EQ(tools.calls[0][0], "python3");
  EXPECT_EQ(dir.read("ctx/requirements.txt"), "fastapi>=0.110\n");
}

TEST(BuildContext, PipVendorsForTheRuntimePlatform) {
  ImageSettings s = default_image_settings();
  auto argv = pip_vendor_argv("r.txt", "out", s);
  std::string line;
  for (const auto& a : argv) line += a + " ";
  EXPECT_THAT(line, HasSubstr("--only-binary=:all: --implementation cp --python-version 3.11"));
  EXPECT_THAT(line, HasSubstr("--target out"));
  EXPECT_THAT(line, HasSubstr("--platform manylinux2014_x86_64"));
  EXPECT_THAT(line, HasSubstr("-r r.txt"));
}

}  // namespace
}  // namespace strata::container
