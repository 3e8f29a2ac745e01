#include "db/sqlite_database.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>

#include "util/temp_dir.h"

namespace strata::db {
namespace {

namespace fs = std::filesystem;

class SqliteDatabaseTest : public ::testing::Test {
 protected:
  testutil::TempDir m_temp{"strata-sqlite-test"};
  std::unique_ptr<SqliteDatabase> open() {
    auto db = SqliteDatabase::open((m_dir / "t.db").string());
    EXPECT_TRUE(db.ok());
    return std::move(*db);
  }
  fs::path m_dir = m_temp.root();
};

TEST_F(SqliteDatabaseTest, RunsScriptsAndQueriesWithParameters) {
  auto db = open();
  ASSERT_TRUE(db->exec("CREATE TABLE t(a TEXT, b INTEGER); INSERT INTO t VALUES ('x', 1);").ok());
  ASSERT_TRUE(db->exec("INSERT INTO t VALUES ($1, $2)", {std::string("y"), std::nullopt}).ok());
  auto r = db->query("SELECT a, b FROM t WHERE a >= $1 ORDER BY a", {std::string("a")});
  ASSERT_TRUE(r.ok()) << r.error().str();
  EXPECT_EQ(r->columns, (std::vector<std::string>{"a", "b"}));
  ASSERT_EQ(r->rows.size(), 2u);
  EXPECT_EQ(*r->rows[0][1], "1");
  EXPECT_FALSE(r->rows[1][1].has_value());
  EXPECT_EQ(r->column("b"), 1);
}

TEST_F(SqliteDatabaseTest, LocatesTheFailingStatement) {
  auto db = open();
  auto st = db->exec("CREATE TABLE t(a);\n\nINSERT INTO missing VALUES (1);\n");
  ASSERT_FALSE(st.ok());
  EXPECT_NE(st.error().message.find("no such table: missing"), std::string::npos);
  EXPECT_EQ(db->last_error().line, 3);
  EXPECT_FALSE(db->last_error().sqlstate.empty());
}

TEST_F(SqliteDatabaseTest, ErrorsCarryTheirKind) {
  auto db = open();
  ASSERT_TRUE(db->exec("CREATE TABLE t(id INTEGER PRIMARY KEY); INSERT INTO t VALUES (1);").ok());
  auto dup = db->exec("INSERT INTO t VALUES (1)");
  ASSERT_FALSE(dup.ok());
  EXPECT_EQ(dup.error().kind, ErrorKind::k_conflict);
  auto bad = db->exec("SELEKT 1");
  ASSERT_FALSE(bad.ok());
  EXPECT_EQ(bad.error().kind, ErrorKind::k_invalid_input);
}

TEST_F(SqliteDatabaseTest, LocatesSyntaxErrorsInsideAStatement) {
  auto db = open();
  auto st = db->exec("SELECT 1;\nSELECT 2;\nSELEC 3;");
  ASSERT_FALSE(st.ok());
  EXPECT_EQ(db->last_error().line, 3);
}

TEST_F(SqliteDatabaseTest, RollsBackTransactions) {
  auto db = open();
  ASSERT_TRUE(db->exec("CREATE TABLE t(a)").ok());
  ASSERT_TRUE(db->begin().ok());
  EXPECT_TRUE(db->in_transaction());
  ASSERT_TRUE(db->exec("INSERT INTO t VALUES (1)").ok());
  ASSERT_TRUE(db->rollback().ok());
  EXPECT_FALSE(db->in_transaction());
  EXPECT_TRUE(db->query("SELECT * FROM t")->rows.empty());
}

TEST_F(SqliteDatabaseTest, LockExcludesASecondConnection) {
  auto a = open();
  auto b = open();
  auto held = a->lock(42, std::chrono::milliseconds(100));
  ASSERT_TRUE(held.ok());
  auto second = b->lock(42, std::chrono::milliseconds(100));
  EXPECT_FALSE(second.ok());
  EXPECT_TRUE(b->lock(43, std::chrono::milliseconds(100)).ok());  // other keys are free
  held->reset();
  EXPECT_TRUE(b->lock(42, std::chrono::milliseconds(100)).ok());
}

TEST_F(SqliteDatabaseTest, RejectsMissingParameters) {
  auto db = open();
  EXPECT_FALSE(db->query("SELECT $2", {std::string("1")}).ok());
}

}  // namespace
}  // namespace strata::db
