#include "serve/model_source.h"

#include <gtest/gtest.h>

#include <fstream>

namespace strata::serve {
namespace {

namespace fs = std::filesystem;

class RepositoryTest : public ::testing::Test {
 protected:
  void SetUp() override {
    m_root = fs::temp_directory_path() /
             ("strata-repo-" + std::to_string(::getpid()) + "-" +
              ::testing::UnitTest::GetInstance()->current_test_info()->name());
    fs::remove_all(m_root);
    for (const char* v : {"1", "2", "10"}) add("iris", v);
  }
  void TearDown() override { fs::remove_all(m_root); }
  void add(const std::string& name, const std::string& version) {
    fs::create_directories(m_root / name / version);
    std::ofstream(m_root / name / version / "strata-model.json") << "{}";
  }
  fs::path m_root;
};

TEST(ModelSpecTest, ParsesNameAliasAndVersion) {
  auto a = parse_model_spec("iris@production");
  ASSERT_TRUE(a);
  EXPECT_EQ(a->name, "iris");
  EXPECT_EQ(a->alias, "production");
  EXPECT_EQ(ModelSource::selector(*a), "@production");
  auto v = parse_model_spec("iris:3");
  ASSERT_TRUE(v);
  EXPECT_EQ(v->version, "3");
  EXPECT_EQ(ModelSource::selector(*v), "3");
  EXPECT_EQ(parse_model_spec("iris")->str(), "iris");
}

TEST(ModelSpecTest, RefusesPathsAndEmptyParts) {
  for (const char* bad : {"", "../x", "a/b", "iris@", "iris:", "iris:../../etc"})
    EXPECT_FALSE(parse_model_spec(bad)) << bad;
}

TEST_F(RepositoryTest, DefaultIsTheHighestNumericVersion) {
  RepositorySource source(m_root);
  auto r = source.resolve("iris", "");
  ASSERT_TRUE(r) << r.error().str();
  EXPECT_EQ(r->version, "10");
  EXPECT_EQ(r->directory, m_root / "iris" / "10");
  EXPECT_EQ(source.resolve("iris", "@latest")->version, "10");
}

TEST_F(RepositoryTest, ResolvesAVersionAndAnAlias) {
  RepositorySource source(m_root);
  EXPECT_EQ(source.resolve("iris", "2")->version, "2");
  std::ofstream(m_root / "iris" / "aliases.json") << R"({"production": "1"})";
  EXPECT_EQ(source.resolve("iris", "@production")->version, "1");
  // An alias that moves resolves anew.
  std::ofstream(m_root / "iris" / "aliases.json") << R"({"production": "2"})";
  EXPECT_EQ(source.resolve("iris", "@production")->version, "2");
}

TEST_F(RepositoryTest, MissingThingsAreNotFound) {
  RepositorySource source(m_root);
  EXPECT_EQ(source.resolve("iris", "7").error().kind, ErrorKind::k_not_found);
  EXPECT_EQ(source.resolve("other", "").error().kind, ErrorKind::k_not_found);
  EXPECT_EQ(source.resolve("iris", "@staging").error().kind, ErrorKind::k_not_found);
  EXPECT_FALSE(source.resolve("..", ""));
}

}  // namespace
}  // namespace strata::serve
