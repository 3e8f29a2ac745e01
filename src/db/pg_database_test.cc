// Runs against the PostgreSQL server named by STRATA_TEST_DATABASE_URL
// (tests/support/pg_server starts one); skipped when it is not set. The
// end-to-end tests start their own server and always run.

#include "db/pg_database.h"

#include <gtest/gtest.h>

#include <cstdlib>

namespace strata::db {
namespace {

std::unique_ptr<PgDatabase> connect_or_skip() {
  const char* url = std::getenv("STRATA_TEST_DATABASE_URL");
  if (!url || std::string_view(url).rfind("postgres", 0) != 0) return nullptr;
  auto db = PgDatabase::connect(url);
  EXPECT_TRUE(db.ok()) << db.error().str();
  return db ? std::move(*db) : nullptr;
}

TEST(PgDatabase, QueriesWithParametersAndNulls) {
  auto db = connect_or_skip();
  if (!db) GTEST_SKIP() << "STRATA_TEST_DATABASE_URL not set";
  auto r = db->query("SELECT $1::text AS a, $2::int AS b", {std::string("x"), std::nullopt});
  ASSERT_TRUE(r.ok()) << r.error().str();
  EXPECT_EQ(r->columns, (std::vector<std::string>{"a", "b"}));
  EXPECT_EQ(*r->rows[0][0], "x");
  EXPECT_FALSE(r->rows[0][1].has_value());
}

TEST(PgDatabase, ReportsSqlstateAndPosition) {
  auto db = connect_or_skip();
  if (!db) GTEST_SKIP() << "STRATA_TEST_DATABASE_URL not set";
  auto st = db->exec("SELECT 1;\nSELECT * FROM no_such_table_here;");
  ASSERT_FALSE(st.ok());
  EXPECT_EQ(db->last_error().sqlstate, "42P01");
  EXPECT_EQ(db->last_error().line, 2);
  EXPECT_EQ(db->last_error().col, 15);
}

// What a restarted server does to its connections: the next statement on
// one fails as the server's unavailability, not as the statement's fault.
TEST(PgDatabase, AConnectionTheServerEndedIsUnavailable) {
  auto db = connect_or_skip();
  if (!db) GTEST_SKIP() << "STRATA_TEST_DATABASE_URL not set";
  auto other = connect_or_skip();
  ASSERT_TRUE(other);
  auto pid = db->query("SELECT pg_backend_pid()");
  ASSERT_TRUE(pid.ok()) << pid.error().str();
  ASSERT_TRUE(other->query("SELECT pg_terminate_backend($1::int)", {*pid->rows[0][0]}).ok());
  for (int i = 0; i < 2; ++i) {  // the statement that meets it, and any after
    auto r = db->query("SELECT 1");
    ASSERT_FALSE(r.ok());
    EXPECT_EQ(r.error().kind, ErrorKind::k_unavailable) << i << ": " << r.error().str();
  }
}

TEST(PgDatabase, LocatesFailuresWithoutAServerPosition) {
  auto db = connect_or_skip();
  if (!db) GTEST_SKIP() << "STRATA_TEST_DATABASE_URL not set";
  auto st = db->exec("CREATE TEMP TABLE z(x int NOT NULL);\n-- note\nINSERT INTO z VALUES (NULL);");
  ASSERT_FALSE(st.ok());
  EXPECT_EQ(db->last_error().sqlstate, "23502");
  EXPECT_EQ(db->last_error().line, 3);
}

TEST(PgDatabase, RunsFunctionBodiesWithSemicolons) {
  auto db = connect_or_skip();
  if (!db) GTEST_SKIP() << "STRATA_TEST_DATABASE_URL not set";
  auto st = db->exec(
      "CREATE FUNCTION pg_temp.g() RETURNS int AS $body$ BEGIN RETURN 1; END $body$ LANGUAGE "
      "plpgsql;\n"
      "CREATE FUNCTION pg_temp.h() RETURNS int LANGUAGE sql BEGIN ATOMIC SELECT 2; END;\n"
      "SELECT pg_temp.g() + pg_temp.h();");
  ASSERT_TRUE(st.ok()) << st.error().str();
  auto r = db->query("SELECT pg_temp.g() + pg_temp.h()");
  ASSERT_TRUE(r.ok()) << r.error().str();
  EXPECT_EQ(*r->rows[0][0], "3");
}

TEST(PgDatabase, RefusesCopyFromStdinAndStaysUsable) {
  auto db = connect_or_skip();
  if (!db) GTEST_SKIP() << "STRATA_TEST_DATABASE_URL not set";
  ASSERT_TRUE(db->exec("CREATE TEMP TABLE c(x int)").ok());
  auto st = db->exec("COPY c FROM STDIN");
  ASSERT_FALSE(st.ok());
  EXPECT_NE(st.error().message.find("COPY"), std::string::npos);
  auto r = db->query("SELECT 1");
  ASSERT_TRUE(r.ok()) << r.error().str();
}

TEST(PgDatabase, AdvisoryLockExcludesOthers) {
  auto a = connect_or_skip();
  if (!a) GTEST_SKIP() << "STRATA_TEST_DATABASE_URL not set";
  auto b = connect_or_skip();
  auto held = a->lock(7001, std::chrono::milliseconds(100));
  ASSERT_TRUE(held.ok()) << held.error().str();
  EXPECT_FALSE(b->lock(7001, std::chrono::milliseconds(200)).ok());
  held->reset();
  EXPECT_TRUE(b->lock(7001, std::chrono::milliseconds(200)).ok());
}

TEST(PgDatabase, TransactionsRollBack) {
  auto db = connect_or_skip();
  if (!db) GTEST_SKIP() << "STRATA_TEST_DATABASE_URL not set";
  ASSERT_TRUE(db->exec("CREATE TEMP TABLE t(a int)").ok());
  ASSERT_TRUE(db->begin().ok());
  ASSERT_TRUE(db->exec("INSERT INTO t VALUES ($1)", {std::string("5")}).ok());
  ASSERT_TRUE(db->rollback().ok());
  EXPECT_TRUE(db->query("SELECT * FROM t")->rows.empty());
}

}  // namespace
}  // namespace strata::db
