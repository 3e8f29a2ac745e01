#include "util/plugin.h"

#include <gtest/gtest.h>
#include <stdlib.h>

#include <filesystem>
#include <optional>

#include "util/temp_dir.h"

namespace strata {
namespace {

namespace fs = std::filesystem;

// Points STRATA_PLUGIN_PATH at a directory for the life of the object.
class PluginPath {
 public:
  explicit PluginPath(const fs::path& dir) {
    if (const char* old = std::getenv("STRATA_PLUGIN_PATH")) m_old = old;
    ::setenv("STRATA_PLUGIN_PATH", dir.c_str(), 1);
  }
  ~PluginPath() {
    if (m_old)
      ::setenv("STRATA_PLUGIN_PATH", m_old->c_str(), 1);
    else
      ::unsetenv("STRATA_PLUGIN_PATH");
  }

 private:
  std::optional<std::string> m_old;
};

// A real shared library to stand in for a plugin: the C math library.
std::optional<fs::path> libm() {
  for (const char* p : {"/lib/x86_64-linux-gnu/libm.so.6", "/usr/lib/x86_64-linux-gnu/libm.so.6",
                        "/lib/aarch64-linux-gnu/libm.so.6", "/lib64/libm.so.6"})
    if (fs::exists(p)) return fs::path(p);
  return std::nullopt;
}

TEST(LoadPlugin, AMissingPluginSaysWhereItLooked) {
  testutil::TempDir t;
  PluginPath path(t.root());
  auto p = load_plugin("no-such-thing");
  ASSERT_FALSE(p.ok());
  EXPECT_NE(p.error().message.find("plugin strata-no-such-thing.so not found (looked in " +
                                   t.root().string()),
            std::string::npos)
      << p.error().message;
  EXPECT_NE(p.error().hint.find("STRATA_PLUGIN_PATH"), std::string::npos);
}

TEST(LoadPlugin, AFileThatIsNoLibraryIsAnErrorNamingIt) {
  testutil::TempDir t;
  t.write("strata-garbage.so", "this is not an ELF file");
  PluginPath path(t.root());
  auto p = load_plugin("garbage");
  ASSERT_FALSE(p.ok());
  EXPECT_NE(p.error().message.find("cannot load plugin " + t.path("strata-garbage.so").string()),
            std::string::npos)
      << p.error().message;
}

TEST(LoadPlugin, EntryPointsAreFoundByNameAndMissingOnesNamed) {
  auto lib = libm();
  if (!lib) GTEST_SKIP() << "no libm.so.6 to load";
  testutil::TempDir t;
  fs::copy_file(*lib, t.path("strata-mathlike.so"));
  PluginPath path(t.root());
  auto p = load_plugin("mathlike");
  ASSERT_TRUE(p.ok()) << p.error().str();
  EXPECT_EQ(p->name(), "mathlike");
  EXPECT_EQ(p->path(), t.path("strata-mathlike.so").string());
  auto cosine = p->entry<double (*)(double)>("cos");
  ASSERT_TRUE(cosine.ok());
  EXPECT_DOUBLE_EQ((*cosine)(0.0), 1.0);
  auto missing = p->entry<void (*)()>("strata_plugin_main");
  ASSERT_FALSE(missing.ok());
  EXPECT_NE(missing.error().message.find("has no entry point 'strata_plugin_main'"),
            std::string::npos);
  EXPECT_NE(missing.error().hint.find("one build"), std::string::npos);
}

TEST(LoadPlugin, TheEnvironmentDirectoryIsSearched) {
  auto lib = libm();
  if (!lib) GTEST_SKIP() << "no libm.so.6 to load";
  testutil::TempDir first;
  fs::copy_file(*lib, first.path("strata-ordered.so"));
  PluginPath path(first.root());
  auto p = load_plugin("ordered");
  ASSERT_TRUE(p.ok()) << p.error().str();
  EXPECT_EQ(fs::path(p->path()).parent_path(), first.root());
}

}  // namespace
}  // namespace strata
