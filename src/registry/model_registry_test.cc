#include "registry/model_registry.h"

#include <gtest/gtest.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>

#include "registry/registry_schema.h"

namespace strata::registry {
namespace {

namespace fs = std::filesystem;

class RegistryTest : public ::testing::TestWithParam<std::string> {
 protected:
  void SetUp() override {
    const auto* info = ::testing::UnitTest::GetInstance()->current_test_info();
    std::string safe = info->name();
    for (char& c : safe)
      if (c == '/') c = '_';
    m_dir =
        fs::temp_directory_path() / ("strata-registry-" + std::to_string(::getpid()) + "-" + safe);
    fs::remove_all(m_dir);
    fs::create_directories(m_dir / "export");
    std::ofstream(m_dir / "export/strata-model.json")
        << R"({"format_version": 1, "name": "iris", "version": "1.0.0", "backend": "python", "file": "model.py", "inputs": [], "outputs": []})";
    std::ofstream(m_dir / "export/model.py") << "def predict(inputs): return inputs\n";
    if (GetParam() == "postgres") {
      const char* url = std::getenv("STRATA_TEST_DATABASE_URL");
      if (!url) GTEST_SKIP() << "STRATA_TEST_DATABASE_URL not set";
      m_url = url;
    } else {
      m_url = "sqlite:" + (m_dir / "registry.sqlite").string();
    }
    auto db = db::open_database(m_url);
    ASSERT_TRUE(db) << db.error().message;
    m_db = std::move(*db);
    if (GetParam() == "postgres") {
      ASSERT_TRUE(
          m_db->exec("DROP TABLE IF EXISTS ml_webhook_deliveries, ml_webhooks, ml_alias_events, "
                     "ml_model_lineage, "
                     "ml_models, "
                     "ml_registry_schema"));
    }
    m_registry = std::make_unique<ModelRegistry>(*m_db, ArtifactStore(m_dir / "artifacts"));
    ASSERT_TRUE(m_registry->open());
  }
  void TearDown() override { fs::remove_all(m_dir); }

  ModelVersion add(double accuracy) {
    RegisterRequest r;
    r.name = "iris";
    r.framework = "sklearn";
    r.metrics = {{"accuracy", accuracy}};
    r.export_dir = (m_dir / "export").string();
    r.training_key = "key";
    r.evaluation_data_hash = "sha256:data";
    auto v = m_registry->register_model(r);
    EXPECT_TRUE(v) << v.error().message;
    return *v;
  }

  fs::path m_dir;
  std::string m_url;
  std::unique_ptr<db::DatabaseManager> m_db;
  std::unique_ptr<ModelRegistry> m_registry;
};

TEST_P(RegistryTest, VersionsAreNumberedWithLineageAndImmutableArtefacts) {
  auto v1 = add(0.9);
  auto v2 = add(0.95);
  EXPECT_EQ(v1.version, "1");
  EXPECT_EQ(v2.version, "2");
  EXPECT_EQ(v1.id.size(), 36u);
  auto got = m_registry->get("iris", "2");
  ASSERT_TRUE(got);
  EXPECT_EQ(got->metrics["accuracy"], 0.95);
  EXPECT_EQ(got->training_key, "key");
  EXPECT_TRUE(m_registry->verify(*got));
  // The stored manifest carries the registry's version.
  std::ifstream in(fs::path(got->artifacts_path) / "strata-model.json");
  std::string text((std::istreambuf_iterator<char>(in)), {});
  EXPECT_NE(text.find("\"version\": \"2\""), std::string::npos);
  // A changed byte is found.
  fs::permissions(fs::path(got->artifacts_path) / "model.py", fs::perms::owner_all);
  std::ofstream(fs::path(got->artifacts_path) / "model.py") << "tampered\n";
  auto bad = m_registry->verify(*got);
  ASSERT_FALSE(bad);
  EXPECT_EQ(bad.error().kind, ErrorKind::k_corruption);
}

TEST_P(RegistryTest, EveryAliasMoveIsAnEventSoHistoryAndRollbackAreOneQuery) {
  add(0.9);
  add(0.95);
  std::vector<std::string> times;
  int tick = 0;
  ModelRegistry timed(*m_db, ArtifactStore(m_dir / "artifacts"),
                      [&] { return "2026-01-01T00:00:0" + std::to_string(++tick) + ".000000Z"; });
  ASSERT_TRUE(timed.promote({"iris", "production", "1", "me", "first"}));
  ASSERT_TRUE(timed.promote({"iris", "production", "2", "me", "better"}));
  EXPECT_EQ(*timed.holder("iris", "production"), std::optional<std::string>("2"));
  EXPECT_EQ(*timed.holder_at("iris", "production", "2026-01-01T00:00:01.500000Z"),
            std::optional<std::string>("1"));
  EXPECT_EQ(*timed.holder_at("iris", "production", "2025-12-31T00:00:00.000000Z"),
            std::optional<std::string>());
  auto back = timed.rollback("iris", "production", "me", "bad");
  ASSERT_TRUE(back) << back.error().message;
  EXPECT_EQ(back->version, std::optional<std::string>("1"));
  EXPECT_EQ(back->previous_version, std::optional<std::string>("2"));
  auto events = timed.history("iris", "production");
  ASSERT_TRUE(events);
  ASSERT_EQ(events->size(), 3u);
  EXPECT_EQ((*events)[2].action, "rollback");
}

TEST_P(RegistryTest, ARefusedMoveWritesNoEvent) {
  add(0.5);
  auto refused = m_registry->promote({"iris", "production", "1", "me", ""},
                                     [](const ModelVersion&, const std::optional<ModelVersion>&) {
                                       return Status(Error("gate accuracy-floor"));
                                     });
  ASSERT_FALSE(refused);
  EXPECT_TRUE(m_registry->history("iris")->empty());
  EXPECT_FALSE(m_registry->promote({"iris", "production", "9", "me", ""}));
}

TEST_P(RegistryTest, ConcurrentPromotionsFromSeveralProcessesLoseNoEvent) {
  add(0.9);
  add(0.91);
  constexpr int k_processes = 6;
  constexpr int k_moves = 5;
  std::vector<pid_t> children;
  for (int p = 0; p < k_processes; ++p) {
    pid_t pid = ::fork();
    if (pid == 0) {
      auto db = db::open_database(m_url);
      if (!db) ::_exit(2);
      ModelRegistry r(**db, ArtifactStore(m_dir / "artifacts"));
      for (int i = 0; i < k_moves; ++i)
        if (!r.promote({"iris", "production", std::to_string(1 + (p + i) % 2), "p", ""}))
          ::_exit(1);
      ::_exit(0);
    }
    children.push_back(pid);
  }
  for (pid_t pid : children) {
    int status = 0;
    ::waitpid(pid, &status, 0);
    EXPECT_TRUE(WIFEXITED(status) && WEXITSTATUS(status) == 0);
  }
  auto events = m_registry->history("iris", "production");
  ASSERT_TRUE(events);
  ASSERT_EQ(events->size(), static_cast<size_t>(k_processes * k_moves));
  for (size_t i = 1; i < events->size(); ++i)
    EXPECT_EQ((*events)[i].previous_version, (*events)[i - 1].version) << "event " << i;
}

INSTANTIATE_TEST_SUITE_P(Backends, RegistryTest, ::testing::Values("sqlite", "postgres"),
                         [](const auto& info) { return info.param; });

}  // namespace
}  // namespace strata::registry
