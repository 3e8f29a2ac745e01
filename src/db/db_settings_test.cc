#include "db/db_settings.h"

#include <gtest/gtest.h>

#include <cstdlib>

#include "db/database.h"
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
  EXPECT_EQ(resolve_db_settings(m_dir.path(), {"postgres://flag/db", "", ""})->url,
            "postgres://flag/db");
  unsetenv("STRATA_DATABASE_URL");
}

TEST_F(DbSettingsTest, RejectsAMistypedDbKey) {
  m_dir.write("strata.json", R"({"db": {"url": 5}})");
  auto s = resolve_db_settings(m_dir.path(), {});
  ASSERT_FALSE(s.ok());
  EXPECT_NE(s.error().loc.file.find("strata.json"), std::string::npos);
}

TEST_F(DbSettingsTest, AStrataJsonThatIsNotJsonIsAnErrorAtItsLine) {
  m_dir.write("strata.json", "{\n  \"db\": {\"url\": }\n}");
  auto s = resolve_db_settings(m_dir.path(), {});
  ASSERT_FALSE(s.ok());
  EXPECT_NE(s.error().loc.file.find("strata.json"), std::string::npos);
  EXPECT_EQ(s.error().loc.line, 2);
}

TEST_F(DbSettingsTest, AStrataJsonNestedPastTheLimitIsRefused) {
  m_dir.write("strata.json", "{\"db\": " + std::string(100000, '[') + "}");
  auto s = resolve_db_settings(m_dir.path(), {});
  ASSERT_FALSE(s.ok());
  EXPECT_NE(s.error().message.find("nest"), std::string::npos) << s.error().message;
}

TEST(DatabaseUrl, UnknownSchemesAreErrorsWithSuggestions) {
  auto typo = check_database_url("postgress://app@localhost/app");
  ASSERT_FALSE(typo.ok());
  EXPECT_NE(typo.error().message.find("unknown database URL scheme 'postgress://'"),
            std::string::npos);
  EXPECT_NE(typo.error().hint.find("did you mean 'postgres'"), std::string::npos);
  auto mysql = check_database_url("mysql://app@localhost/app");
  ASSERT_FALSE(mysql.ok());
  EXPECT_NE(mysql.error().hint.find("PostgreSQL and SQLite"), std::string::npos);
  for (const char* ok : {"postgres://h/d", "postgresql://h/d", "sqlite:a.db", "sqlite:///tmp/a.db",
                         "a.db", "data/app.sqlite", "host=h dbname=d"})
    EXPECT_TRUE(check_database_url(ok).ok()) << ok;
}

TEST(DatabaseUrl, AnUnencodedAtSignInThePasswordIsRefusedBeforeLibpqSeesIt) {
  auto st = check_database_url("postgres://app:pa@ss@db/app");
  ASSERT_FALSE(st.ok());
  EXPECT_EQ(st.error().str().find("pa@ss"), std::string::npos) << st.error().str();
  EXPECT_NE(st.error().hint.find("%40"), std::string::npos);
  EXPECT_TRUE(check_database_url("postgres://app:pa%40ss@db/app").ok());
}

TEST(DatabaseUrl, KeywordValueStringsArePostgres) {
  EXPECT_EQ(backend_of("host=db dbname=app password=x"), Backend::k_postgres);
  EXPECT_EQ(backend_of("  dbname = app"), Backend::k_postgres);
  EXPECT_EQ(backend_of("data/app=1.db"), Backend::k_sqlite);
  EXPECT_EQ(backend_of("app.db"), Backend::k_sqlite);
}

TEST_F(DbSettingsTest, AMisspeltSchemeIsNotAnchoredAsAFile) {
  DbFlags flags;
  flags.url = "postgress://app@localhost/app";
  auto s = resolve_db_settings(m_dir.path(), flags);
  ASSERT_FALSE(s.ok());
  EXPECT_NE(s.error().message.find("postgress://"), std::string::npos);
}

}  // namespace
}  // namespace strata::db
