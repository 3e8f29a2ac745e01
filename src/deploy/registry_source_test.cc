#include "deploy/registry_source.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>

namespace strata::deploy {
namespace {

namespace fs = std::filesystem;

class RegistrySourceTest : public ::testing::Test {
 protected:
  void SetUp() override {
    m_dir = fs::temp_directory_path() /
            ("strata-deploy-" + std::to_string(::getpid()) + "-" +
             ::testing::UnitTest::GetInstance()->current_test_info()->name());
    fs::remove_all(m_dir);
    fs::create_directories(m_dir / "export");
    std::ofstream(m_dir / "export/strata-model.json")
        << R"({"format_version": 1, "name": "iris", "version": "0", "backend": "python", "file": "model.py", "inputs": [], "outputs": []})";
    std::ofstream(m_dir / "export/model.py") << "def predict(inputs): return inputs\n";
    auto db = db::open_database("sqlite:" + (m_dir / "registry.sqlite").string());
    ASSERT_TRUE(db) << db.error().message;
    m_db = std::move(*db);
    m_registry = std::make_unique<registry::ModelRegistry>(
        *m_db, registry::ArtifactStore(m_dir / "artifacts"));
    ASSERT_TRUE(m_registry->open());
  }
  void TearDown() override {
    std::error_code ec;
    for (const auto& e : fs::recursive_directory_iterator(m_dir, ec))
      fs::permissions(e.path(), fs::perms::owner_write, fs::perm_options::add, ec);
    fs::remove_all(m_dir, ec);
  }

  std::string add(const std::string& body) {
    std::ofstream(m_dir / "export/model.py") << body;
    registry::RegisterRequest r;
    r.name = "iris";
    r.framework = "sklearn";
    r.export_dir = (m_dir / "export").string();
    r.training_key = "key";
    auto v = m_registry->register_model(r);
    EXPECT_TRUE(v) << v.error().message;
    return v ? v->version : "";
  }
  void promote(const std::string& version) {
    ASSERT_TRUE(m_registry->promote({"iris", "production", version, "test", ""}));
  }

  fs::path m_dir;
  std::unique_ptr<db::DatabaseManager> m_db;
  std::unique_ptr<registry::ModelRegistry> m_registry;
};

TEST_F(RegistrySourceTest, AnAliasResolvesToItsHolderNowAndFollowsEveryMove) {
  add("def predict(inputs): return inputs\n");
  add("def predict(inputs): return dict(inputs)\n");
  RegistrySource source(*m_registry);
  promote("1");
  auto r = source.resolve("iris", "@production");
  ASSERT_TRUE(r) << r.error().message;
  EXPECT_EQ(r->version, "1");
  EXPECT_TRUE(fs::exists(r->directory / "strata-model.json"));
  promote("2");
  EXPECT_EQ(source.resolve("iris", "@production")->version, "2");
  ASSERT_TRUE(m_registry->rollback("iris", "production", "test", ""));
  EXPECT_EQ(source.resolve("iris", "@production")->version, "1");
}

TEST_F(RegistrySourceTest, AVersionOrNothingNamesThatVersionOrTheLatest) {
  add("a = 1\n");
  add("a = 2\n");
  RegistrySource source(*m_registry);
  EXPECT_EQ(source.resolve("iris", "1")->version, "1");
  EXPECT_EQ(source.resolve("iris", "")->version, "2");
}

TEST_F(RegistrySourceTest, AnAliasWithNoHolderOrAnUnknownModelIsNotFound) {
  add("a = 1\n");
  RegistrySource source(*m_registry);
  auto none = source.resolve("iris", "@production");
  ASSERT_FALSE(none);
  EXPECT_EQ(none.error().kind, ErrorKind::k_not_found);
  EXPECT_NE(none.error().hint.find("promote"), std::string::npos);
  EXPECT_FALSE(source.resolve("other", "@production"));
  EXPECT_FALSE(source.resolve("iris", "7"));
}

TEST_F(RegistrySourceTest, ArtefactsChangedAfterRegistrationAreNotServed) {
  add("a = 1\n");
  auto v = m_registry->get("iris", "1");
  ASSERT_TRUE(v);
  fs::path file = fs::path(v->artifacts_path) / "model.py";
  fs::permissions(file, fs::perms::owner_write, fs::perm_options::add);
  std::ofstream(file) << "a = 2\n";
  RegistrySource source(*m_registry);
  auto r = source.resolve("iris", "1");
  ASSERT_FALSE(r);
  EXPECT_NE(r.error().message.find("not served"), std::string::npos) << r.error().message;
}

}  // namespace
}  // namespace strata::deploy
