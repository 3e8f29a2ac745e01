// What the build context leaves out, checked on real files with
// copy_filtered and against the rendered .dockerignore, so the two never
// disagree: keys, environment files of every flavour (.env.local,
// .env.production), tests, caches and tool state; ordinary sources stay.

#include <gtest/gtest.h>

#include <filesystem>

#include "container/build_context.h"
#include "container/dockerfile.h"
#include "util/temp_dir.h"

namespace strata::container {
namespace {

namespace fs = std::filesystem;

bool copied(const testutil::TempDir& dir, const std::string& rel) {
  return fs::exists(dir.path("out/" + rel));
}

// `.env.local` and `.env.production` hold the same secrets as `.env`; they
// used to be copied into the image.
TEST(ContextFilter, EveryEnvironmentFileIsLeftOut) {
  testutil::TempDir dir;
  for (const char* f : {"src/.env", "src/.env.local", "src/.env.production", "src/app.env",
                        "src/environment.py", "src/app.py", "src/.envrc.example"})
    dir.write(f, "x\n");
  auto n = copy_filtered(dir.path("src"), dir.path("out"));
  ASSERT_TRUE(n) << n.error().str();
  EXPECT_FALSE(copied(dir, ".env"));
  EXPECT_FALSE(copied(dir, ".env.local"));
  EXPECT_FALSE(copied(dir, ".env.production"));
  EXPECT_FALSE(copied(dir, "app.env"));
  EXPECT_TRUE(copied(dir, "environment.py"));
  EXPECT_TRUE(copied(dir, "app.py"));
  EXPECT_TRUE(copied(dir, ".envrc.example"));
  EXPECT_EQ(*n, 3u);
}

TEST(ContextFilter, TheDockerignoreLeavesOutTheSameEnvironmentFiles) {
  for (const char* lang : {"python", "node", "cpp"}) {
    std::string ignore = render_dockerignore(lang);
    EXPECT_NE(ignore.find("**/*.env\n"), std::string::npos) << lang;
    EXPECT_NE(ignore.find("**/.env.*\n"), std::string::npos) << lang;
  }
}

TEST(ContextFilter, KeysTestsAndToolStateAreLeftOutAtAnyDepth) {
  testutil::TempDir dir;
  for (const char* f : {"src/pkg/server.pem", "src/pkg/id.key", "src/pkg/tests/test_a.py",
                        "src/pkg/__pycache__/a.pyc", "src/.git/HEAD", "src/pkg/a.test.ts",
                        "src/pkg/mod.py", "src/node_modules/x/index.js", "src/build/out.o"})
    dir.write(f, "x\n");
  auto n = copy_filtered(dir.path("src"), dir.path("out"));
  ASSERT_TRUE(n);
  EXPECT_EQ(*n, 2u);  // pkg/mod.py and, outside C++, build/out.o
  EXPECT_TRUE(copied(dir, "pkg/mod.py"));
  EXPECT_TRUE(copied(dir, "build/out.o"));
  EXPECT_FALSE(copied(dir, "pkg/tests"));
  EXPECT_FALSE(copied(dir, "node_modules"));
  testutil::TempDir cpp;
  cpp.write("src/build/out.o", "x\n");
  cpp.write("src/main.cc", "x\n");
  auto m = copy_filtered(cpp.path("src"), cpp.path("out"), /*cpp=*/true);
  ASSERT_TRUE(m);
  EXPECT_EQ(*m, 1u);
}

TEST(ContextFilter, EveryIgnoredNameIsInTheDockerignore) {
  std::string ignore = render_dockerignore("python");
  for (const auto& d : ignored_dir_names())
    EXPECT_NE(ignore.find("**/" + d + "\n"), std::string::npos) << d;
  for (const auto& s : ignored_file_suffixes())
    EXPECT_NE(ignore.find("**/*" + s + "\n"), std::string::npos) << s;
}

}  // namespace
}  // namespace strata::container
