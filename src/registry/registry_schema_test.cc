#include "registry/registry_schema.h"

#include <gtest/gtest.h>

#include "db/sqlite_database.h"
#include "util/temp_dir.h"

namespace strata::registry {
namespace {

class RegistrySchemaTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto db = db::SqliteDatabase::open((m_dir.root() / "registry.db").string());
    ASSERT_TRUE(db.ok()) << db.error().str();
    m_db = std::move(*db);
  }
  std::vector<std::string> recorded() {
    std::vector<std::string> out;
    auto r = m_db->query("SELECT version FROM ml_registry_schema ORDER BY version");
    if (r)
      for (const auto& row : r->rows) out.push_back(row[0].value_or(""));
    return out;
  }
  bool has_table(const std::string& name) {
    auto r = m_db->query("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = $1", {name});
    return r && !r->rows.empty();
  }

  testutil::TempDir m_dir;
  std::unique_ptr<db::SqliteDatabase> m_db;
};

TEST_F(RegistrySchemaTest, AFreshDatabaseGetsEveryMigrationOnce) {
  ASSERT_TRUE(migrate_registry(*m_db).ok());
  EXPECT_EQ(recorded().size(), static_cast<size_t>(registry_schema_version()));
  for (const char* t :
       {"ml_models", "ml_model_lineage", "ml_alias_events", "ml_webhooks", "ml_webhook_deliveries"})
    EXPECT_TRUE(has_table(t)) << t;
  ASSERT_TRUE(migrate_registry(*m_db).ok());  // idempotent
  EXPECT_EQ(recorded().size(), static_cast<size_t>(registry_schema_version()));
}

TEST_F(RegistrySchemaTest, AnOlderRegistryGetsOnlyTheMissingMigrations) {
  ASSERT_TRUE(migrate_registry(*m_db).ok());
  ASSERT_TRUE(m_db->exec("DELETE FROM ml_registry_schema WHERE version > 1").ok());
  ASSERT_TRUE(m_db->exec("DROP TABLE ml_alias_events").ok());
  ASSERT_TRUE(m_db->exec("DROP TABLE ml_webhook_deliveries").ok());
  ASSERT_TRUE(m_db->exec("DROP TABLE ml_webhooks").ok());
  ASSERT_TRUE(migrate_registry(*m_db).ok());
  EXPECT_TRUE(has_table("ml_alias_events"));
  EXPECT_EQ(recorded().size(), static_cast<size_t>(registry_schema_version()));
}

TEST_F(RegistrySchemaTest, ANewerRegistryIsRefused) {
  ASSERT_TRUE(migrate_registry(*m_db).ok());
  ASSERT_TRUE(m_db->exec("INSERT INTO ml_registry_schema (version, name, applied_at) VALUES "
                         "(99, 'future', '2099-01-01T00:00:00Z')")
                  .ok());
  Status st = migrate_registry(*m_db);
  ASSERT_FALSE(st.ok());
  EXPECT_EQ(st.error().kind, ErrorKind::k_conflict);
  EXPECT_NE(st.error().message.find("version 99"), std::string::npos) << st.error().message;
  EXPECT_EQ(st.error().hint, "upgrade strata");
}

TEST_F(RegistrySchemaTest, AFailingMigrationIsNamedAndLeavesNothingHalfDone) {
  // A table in the way of migration 2: it fails, and neither its other
  // changes nor its version row stay behind.
  ASSERT_TRUE(m_db->exec("CREATE TABLE ml_alias_events (x INTEGER)").ok());
  Status st = migrate_registry(*m_db);
  ASSERT_FALSE(st.ok());
  EXPECT_NE(st.error().message.find("model registry migration 2 (alias events)"), std::string::npos)
      << st.error().message;
  EXPECT_EQ(recorded(), std::vector<std::string>{"1"});
  EXPECT_FALSE(has_table("ml_webhooks"));
  ASSERT_TRUE(m_db->exec("DROP TABLE ml_alias_events").ok());
  ASSERT_TRUE(migrate_registry(*m_db).ok());  // fixed, it carries on from 2
  EXPECT_EQ(recorded().size(), static_cast<size_t>(registry_schema_version()));
}

}  // namespace
}  // namespace strata::registry
