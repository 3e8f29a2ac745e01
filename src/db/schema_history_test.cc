#include "db/schema_history.h"

#include <gtest/gtest.h>
#include <stdlib.h>

#include <regex>

#include "db/sqlite_database.h"
#include "db/test_db_dir.h"

namespace strata::db {
namespace {

class SchemaHistoryTest : public ::testing::Test {
 protected:
  void SetUp() override {
    m_db = std::move(SqliteDatabase::open((m_dir.path() / "app.db").string()).value());
  }
  HistoryRow row(std::string version, HistoryState state = HistoryState::k_applied) {
    return {version, "m" + version, "sum" + version, "2026-01-02T03:04:05Z", 12, "ci", state};
  }
  std::vector<std::string> versions() {
    std::vector<std::string> out;
    auto rows = SchemaHistory(*m_db).rows();
    if (rows)
      for (const auto& r : *rows) out.push_back(r.version);
    return out;
  }

  TestDbDir m_dir;
  std::unique_ptr<SqliteDatabase> m_db;
};

TEST_F(SchemaHistoryTest, NoTableMeansNoRowsAndNothingIsCreatedByReading) {
  SchemaHistory h(*m_db);
  EXPECT_FALSE(*h.exists());
  auto rows = h.rows();
  ASSERT_TRUE(rows.ok());
  EXPECT_TRUE(rows->empty());
  EXPECT_FALSE(*h.exists());
}

TEST_F(SchemaHistoryTest, EnsureIsIdempotent) {
  SchemaHistory h(*m_db);
  ASSERT_TRUE(h.ensure().ok());
  ASSERT_TRUE(h.insert(row("1")).ok());
  ASSERT_TRUE(h.ensure().ok());
  EXPECT_TRUE(*h.exists());
  EXPECT_EQ(versions(), std::vector<std::string>{"1"});
}

TEST_F(SchemaHistoryTest, RowsComeBackInNumericVersionOrderWithEveryField) {
  SchemaHistory h(*m_db);
  ASSERT_TRUE(h.ensure().ok());
  for (const char* v : {"10", "9", "100", "20240101000000"}) ASSERT_TRUE(h.insert(row(v)).ok());
  ASSERT_TRUE(h.insert(row("2", HistoryState::k_dirty)).ok());
  EXPECT_EQ(versions(), (std::vector<std::string>{"2", "9", "10", "100", "20240101000000"}));
  auto rows = h.rows();
  const HistoryRow& dirty = rows->front();
  EXPECT_EQ(dirty.state, HistoryState::k_dirty);
  EXPECT_EQ(dirty.name, "m2");
  EXPECT_EQ(dirty.checksum, "sum2");
  EXPECT_EQ(dirty.applied_at, "2026-01-02T03:04:05Z");
  EXPECT_EQ(dirty.duration_ms, 12);
  EXPECT_EQ(dirty.applied_by, "ci");
}

TEST_F(SchemaHistoryTest, MarkApplyChecksumAndRemoveTouchOneRow) {
  SchemaHistory h(*m_db);
  ASSERT_TRUE(h.ensure().ok());
  ASSERT_TRUE(h.insert(row("1", HistoryState::k_dirty)).ok());
  ASSERT_TRUE(h.insert(row("2", HistoryState::k_dirty)).ok());
  ASSERT_TRUE(h.mark_applied("1", 345).ok());
  ASSERT_TRUE(h.set_checksum("2", "new").ok());
  auto rows = h.rows();
  EXPECT_EQ((*rows)[0].state, HistoryState::k_applied);
  EXPECT_EQ((*rows)[0].duration_ms, 345);
  EXPECT_EQ((*rows)[1].state, HistoryState::k_dirty);
  EXPECT_EQ((*rows)[1].checksum, "new");
  ASSERT_TRUE(h.remove("1").ok());
  EXPECT_EQ(versions(), std::vector<std::string>{"2"});
  EXPECT_TRUE(h.remove("nope").ok());  // nothing to remove is no error
}

TEST_F(SchemaHistoryTest, AVersionIsRecordedOnce) {
  SchemaHistory h(*m_db);
  ASSERT_TRUE(h.ensure().ok());
  ASSERT_TRUE(h.insert(row("1")).ok());
  EXPECT_FALSE(h.insert(row("1")).ok());
}

TEST_F(SchemaHistoryTest, ANewerFormatIsRefusedAnOlderOrEqualOneAccepted) {
  ASSERT_TRUE(check_format(*m_db, "thing_format", 2).ok());  // recorded as 2
  EXPECT_TRUE(check_format(*m_db, "thing_format", 2).ok());
  EXPECT_TRUE(check_format(*m_db, "thing_format", 3).ok());  // a newer strata reads it
  Status older = check_format(*m_db, "thing_format", 1);
  ASSERT_FALSE(older.ok());
  EXPECT_NE(older.error().message.find("version 2, newer than this strata (1)"), std::string::npos)
      << older.error().message;
  EXPECT_EQ(older.error().hint, "upgrade strata");
}

TEST_F(SchemaHistoryTest, FormatsAreKeptPerKey) {
  ASSERT_TRUE(check_format(*m_db, "a_format", 5).ok());
  EXPECT_TRUE(check_format(*m_db, "b_format", 1).ok());
}

TEST(SchemaHistoryNames, SqliteTablesAreUnqualified) {
  TestDbDir dir;
  auto db = SqliteDatabase::open((dir.path() / "x.db").string());
  ASSERT_TRUE(db.ok());
  EXPECT_EQ(strata_table(**db, "strata_meta"), "strata_meta");
}

TEST(SchemaHistoryNames, UtcTimesAreIso8601WithZ) {
  EXPECT_TRUE(std::regex_match(utc_now_iso(), std::regex(R"(\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ)")))
      << utc_now_iso();
}

TEST(SchemaHistoryNames, TheActorComesFromStrataActorFirst) {
  const char* old = std::getenv("STRATA_ACTOR");
  std::string saved = old ? old : "";
  ::setenv("STRATA_ACTOR", "release-bot", 1);
  EXPECT_EQ(current_actor(), "release-bot");
  ::setenv("STRATA_ACTOR", "", 1);  // empty: as if unset
  EXPECT_NE(current_actor(), "");
  EXPECT_NE(current_actor(), "release-bot");
  if (old)
    ::setenv("STRATA_ACTOR", saved.c_str(), 1);
  else
    ::unsetenv("STRATA_ACTOR");
}

}  // namespace
}  // namespace strata::db
