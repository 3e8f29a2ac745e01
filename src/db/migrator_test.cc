#include "db/migrator.h"

#include <gtest/gtest.h>

#include "db/sqlite_database.h"
#include "db/test_db_dir.h"

namespace strata::db {
namespace {

class MigratorTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto db = SqliteDatabase::open((m_dir.path() / "app.db").string());
    ASSERT_TRUE(db.ok());
    m_db = std::move(*db);
  }
  std::filesystem::path migrations() const { return m_dir.path() / "migrations"; }
  Migrator migrator() { return Migrator(*m_db, migrations()); }
  void write(const std::string& name, const std::string& sql) {
    m_dir.write("migrations/" + name, sql);
  }
  int count(const std::string& sql) { return std::stoi(*m_db->query(sql)->rows[0][0]); }

  TestDbDir m_dir;
  std::unique_ptr<SqliteDatabase> m_db;
};

TEST_F(MigratorTest, AppliesPendingMigrationsOnceInOrder) {
  write("20240101000000_users.sql", "CREATE TABLE users(id INTEGER PRIMARY KEY, name TEXT);\n");
  write("20240102000000_seed_admin.sql", "INSERT INTO users(name) VALUES ('admin');\n");
  auto m = migrator();
  auto applied = m.migrate({}, nullptr);
  ASSERT_TRUE(applied.ok()) << applied.error().str();
  EXPECT_EQ(applied->size(), 2u);
  auto again = m.migrate({}, nullptr);
  ASSERT_TRUE(again.ok());
  EXPECT_TRUE(again->empty());
  EXPECT_EQ(count("SELECT count(*) FROM users"), 1);
  auto st = m.status();
  ASSERT_TRUE(st.ok());
  EXPECT_EQ((*st)[1].state, MigrationState::k_applied);
  EXPECT_FALSE((*st)[1].history->applied_by.empty());
}

TEST_F(MigratorTest, AFailingMigrationRollsBackAndNamesFileAndLine) {
  write("1_a.sql", "CREATE TABLE a(x);\n");
  write("2_b.sql", "CREATE TABLE b(x);\n\nINSERT INTO nowhere VALUES (1);\n");
  auto m = migrator();
  auto r = m.migrate({}, nullptr);
  ASSERT_FALSE(r.ok());
  EXPECT_NE(r.error().loc.file.find("2_b.sql"), std::string::npos);
  EXPECT_EQ(r.error().loc.line, 3);
  EXPECT_NE(r.error().message.find("no such table: nowhere"), std::string::npos);
  EXPECT_EQ(count("SELECT count(*) FROM sqlite_master WHERE name = 'b'"), 0);
  EXPECT_EQ(count("SELECT count(*) FROM strata_schema_history"), 1);
}

TEST_F(MigratorTest, AnEditedAppliedMigrationIsDriftUntilRepaired) {
  write("1_a.sql", "CREATE TABLE a(x);\n");
  auto m = migrator();
  ASSERT_TRUE(m.migrate({}, nullptr).ok());
  write("1_a.sql", "CREATE TABLE a(x, y);\n");
  write("2_b.sql", "CREATE TABLE b(x);\n");
  auto r = m.migrate({}, nullptr);
  ASSERT_FALSE(r.ok());
  EXPECT_NE(r.error().loc.file.find("1_a.sql"), std::string::npos);
  EXPECT_EQ((*m.status())[0].state, MigrationState::k_changed);
  auto rep = m.repair();
  ASSERT_TRUE(rep.ok());
  EXPECT_EQ(rep->checksums_updated, std::vector<std::string>{"1"});
  EXPECT_TRUE(m.migrate({}, nullptr).ok());
}

TEST_F(MigratorTest, LineEndingsDoNotCountAsDrift) {
  write("1_a.sql", "CREATE TABLE a(x);\nCREATE TABLE c(x);\n");
  auto m = migrator();
  ASSERT_TRUE(m.migrate({}, nullptr).ok());
  write("1_a.sql", "CREATE TABLE a(x);\r\nCREATE TABLE c(x);\r\n");
  EXPECT_EQ((*m.status())[0].state, MigrationState::k_applied);
}

TEST_F(MigratorTest, RefusesOutOfOrderUnlessAllowed) {
  write("2_b.sql", "CREATE TABLE b(x);\n");
  auto m = migrator();
  ASSERT_TRUE(m.migrate({}, nullptr).ok());
  write("1_a.sql", "CREATE TABLE a(x);\n");
  auto r = m.migrate({}, nullptr);
  ASSERT_FALSE(r.ok());
  EXPECT_NE(r.error().hint.find("--allow-out-of-order"), std::string::npos);
  MigrateOptions allow;
  allow.allow_out_of_order = true;
  auto ok = m.migrate(allow, nullptr);
  ASSERT_TRUE(ok.ok());
  EXPECT_EQ(ok->size(), 1u);
}

TEST_F(MigratorTest, NoTransactionFailureLeavesDirtyStateForRepair) {
  write("1_a.sql",
        "-- strata:no-transaction\nCREATE TABLE a(x);\nINSERT INTO nowhere VALUES (1);\n");
  auto m = migrator();
  auto r = m.migrate({}, nullptr);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().loc.line, 3);
  EXPECT_EQ((*m.status())[0].state, MigrationState::k_dirty);
  EXPECT_FALSE(m.migrate({}, nullptr).ok());  // refused while dirty
  write("1_a.down.sql", "DROP TABLE a;\n");
  EXPECT_FALSE(m.rollback(1, false, nullptr).ok());  // and not rolled back
  write("1_a.sql", "-- strata:no-transaction\nCREATE TABLE IF NOT EXISTS a(x);\n");
  auto rep = m.repair();
  ASSERT_TRUE(rep.ok());
  EXPECT_EQ(rep->dirty_removed, std::vector<std::string>{"1"});
  EXPECT_TRUE(m.migrate({}, nullptr).ok());
  EXPECT_EQ((*m.status())[0].state, MigrationState::k_applied);
}

TEST_F(MigratorTest, RollsBackWithDownFiles) {
  write("1_a.sql", "CREATE TABLE a(x);\n");
  write("1_a.down.sql", "DROP TABLE a;\n");
  write("2_b.sql", "CREATE TABLE b(x);\n");
  auto m = migrator();
  ASSERT_TRUE(m.migrate({}, nullptr).ok());
  auto no_down = m.rollback(1, false, nullptr);
  ASSERT_FALSE(no_down.ok());
  EXPECT_NE(no_down.error().hint.find("2_b.down.sql"), std::string::npos);
  write("2_b.down.sql", "DROP TABLE b;\n");
  auto r = m.rollback(2, false, nullptr);
  ASSERT_TRUE(r.ok()) << r.error().str();
  EXPECT_EQ(r->size(), 2u);
  EXPECT_EQ(count("SELECT count(*) FROM sqlite_master WHERE name IN ('a', 'b')"), 0);
  EXPECT_EQ((*m.status())[0].state, MigrationState::k_pending);
}

TEST_F(MigratorTest, DryRunChangesNothing) {
  write("1_a.sql", "CREATE TABLE a(x);\n");
  auto m = migrator();
  MigrateOptions dry;
  dry.dry_run = true;
  auto plan = m.migrate(dry, nullptr);
  ASSERT_TRUE(plan.ok());
  EXPECT_EQ(plan->size(), 1u);
  EXPECT_EQ(count("SELECT count(*) FROM sqlite_master"), 0);
}

TEST_F(MigratorTest, StopsAtTheTargetVersion) {
  write("1_a.sql", "CREATE TABLE a(x);\n");
  write("2_b.sql", "CREATE TABLE b(x);\n");
  write("3_c.sql", "CREATE TABLE c(x);\n");
  auto m = migrator();
  MigrateOptions to;
  to.target = "2";
  auto r = m.migrate(to, nullptr);
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(r->size(), 2u);
  EXPECT_EQ((*m.status())[2].state, MigrationState::k_pending);
  to.target = "7";
  auto bad = m.migrate(to, nullptr);
  ASSERT_FALSE(bad.ok());
  EXPECT_NE(bad.error().message.find("no migration with version 7"), std::string::npos);
}

TEST_F(MigratorTest, ReportsMissingFilesInStatus) {
  write("1_a.sql", "CREATE TABLE a(x);\n");
  auto m = migrator();
  ASSERT_TRUE(m.migrate({}, nullptr).ok());
  std::filesystem::remove(migrations() / "1_a.sql");
  auto st = m.status();
  ASSERT_TRUE(st.ok());
  ASSERT_EQ(st->size(), 1u);
  EXPECT_EQ((*st)[0].state, MigrationState::k_missing);
}

TEST_F(MigratorTest, RefusesANewerHistoryFormat) {
  write("1_a.sql", "CREATE TABLE a(x);\n");
  auto m = migrator();
  ASSERT_TRUE(m.migrate({}, nullptr).ok());
  ASSERT_TRUE(
      m_db->exec("UPDATE strata_meta SET value = '99' WHERE key = 'schema_history_format'").ok());
  auto r = m.migrate({}, nullptr);
  ASSERT_FALSE(r.ok());
  EXPECT_NE(r.error().hint.find("upgrade strata"), std::string::npos);
}

TEST_F(MigratorTest, RejectsMisnamedFiles) {
  write("create_users.sql", "SELECT 1;\n");
  auto r = migrator().migrate({}, nullptr);
  ASSERT_FALSE(r.ok());
  EXPECT_NE(r.error().loc.file.find("create_users.sql"), std::string::npos);
}

TEST(MigrationFile, NewPathUsesTimestampOrNextVersion) {
  TestDbDir dir;
  auto p = new_migration_path(dir.path(), "Add Users!");
  ASSERT_TRUE(p.ok());
  EXPECT_TRUE(p->filename().string().ends_with("_add_users.sql"));
  EXPECT_EQ(p->filename().string().size(), std::string("20240101000000_add_users.sql").size());
  dir.write("99990101000000_future.sql", "");
  EXPECT_EQ(new_migration_path(dir.path(), "x")->filename(), "99990101000001_x.sql");
  EXPECT_TRUE(version_less("9", "10"));
  EXPECT_FALSE(version_less("010", "9"));
}

}  // namespace
}  // namespace strata::db
