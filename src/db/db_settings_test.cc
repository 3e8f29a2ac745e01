#include "db/db_settings.h"

#include <gtest/gtest.h>

#include <cstdlib>

#include "db/test_db_dir.h"

namespace strata::db {
namespace {

class DbSettingsTest : public ::testing::Test {
 protected:
  void SetUp() override { unsetenv("STRATA_DATABASE_URL"); }
  TestDbDir m_dir;
};

TEST_F(DbSettingsTest, DefaultsToSqliteAndDbFolders) {
  auto s = resolve_db_settings(m_dir.path(), {});
  ASSERT_TRUE(s.ok());
  EXPECT_EQ(s->url, "sqlite:" + (m_dir.path() / ".strata/dev.sqlite").string());
  EXPECT_EQ(s->migrations, m_dir.path() / "db/migrations");
  EXPECT_EQ(s->seeds, m_dir.path() / "db/seeds");
}

TEST_F(DbSettingsTest, DetectsTheSupabaseLayout) {
  m_dir.write("supabase/migrations/1_a.sql", "");
  auto s = resolve_db_settings(m_dir.path(), {});
  ASSERT_TRUE(s.ok());
  EXPECT_EQ(s->migrations, m_dir.path() / "supabase/migrations");
  EXPECT_EQ(s->seeds, m_dir.path() / "supabase/seed.sql");
}

TEST_F(DbSettingsTest, UsesTheLocalSupabaseDatabase) {
  m_dir.write("supabase/config.toml", "project_id = \"x\"\n[db]\nport = 6543\n");
  auto s = resolve_db_settings(m_dir.path(), {});
  ASSERT_TRUE(s.ok());
  EXPECT_EQ(s->url, "postgres://postgres:postgres@127.0.0.1:6543/postgres");
  m_dir.write("supabase/config.toml", "[db\n");
  auto bad = resolve_db_settings(m_dir.path(), {});
  ASSERT_FALSE(bad.ok());
  EXPECT_EQ(bad.error().loc.line, 1);
}

TEST_F(DbSettingsTest, FlagsBeatEnvironmentBeatsConfig) {
  m_dir.write("strata.json", R"({"db": {"url": "postgres://cfg/db", "migrations": "sql"}})");
  auto cfg = resolve_db_settings(m_dir.path(), {});
  ASSERT_TRUE(cfg.ok());
  EXPECT_EQ(cfg->url, "postgres://cfg/db");
  EXPECT_EQ(cfg->migrations, m_dir.path() / "sql");
  setenv("STRATA_DATABASE_URL", "postgres://env/db", 1);
  EXPECT_EQ(resolve_db_settings(m_dir.path(), {})->url, "postgres://env/db");
  EXPECT_EQ(resolve_db_settings(m_dir.path(), {"postgres://flag/db", "", ""})->url, "postgres://flag/db");
  unsetenv("STRATA_DATABASE_URL");
}

TEST_F(DbSettingsTest, RejectsAMistypedDbKey) {
  m_dir.write("strata.json", R"({"db": {"url": 5}})");
  auto s = resolve_db_settings(m_dir.path(), {});
  ASSERT_FALSE(s.ok());
  EXPECT_NE(s.error().loc.file.find("strata.json"), std::string::npos);
}

}  // namespace
}  // namespace strata::db
