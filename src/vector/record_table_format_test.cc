// The record table as a persisted format (docs/formats/): its version is
// checked on read, a file without one or of another version is refused
// with a hint, a read-only table refuses writes, and sequence numbers never
// go back, even when the newest row is deleted.

#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <sqlite3.h>

#include "util/temp_dir.h"
#include "vector/filter.h"
#include "vector/record_table.h"

namespace strata::vec {
namespace {

using ::testing::HasSubstr;

Record record(std::string id, std::vector<float> embedding,
              nlohmann::json metadata = nlohmann::json::object()) {
  return {std::move(id), std::move(embedding), std::move(metadata)};
}

class RecordTableFormatTest : public ::testing::Test {
 protected:
  std::filesystem::path file() const { return m_dir.path("records.db"); }
  std::unique_ptr<RecordTable> create() {
    auto t = RecordTable::create(file(), {{"dim", "2"}, {"metric", "l2"}});
    EXPECT_TRUE(t.ok()) << t.error().str();
    return t ? std::move(*t) : nullptr;
  }
  // Changes the file behind the table's back, as another build would.
  void sql(const std::string& statement) {
    sqlite3* db = nullptr;
    ASSERT_EQ(sqlite3_open(file().c_str(), &db), SQLITE_OK);
    char* message = nullptr;
    int rc = sqlite3_exec(db, statement.c_str(), nullptr, nullptr, &message);
    std::string what = message ? message : "";
    sqlite3_free(message);
    sqlite3_close(db);
    ASSERT_EQ(rc, SQLITE_OK) << what;
  }
  testutil::TempDir m_dir{"strata-vector-format"};
};

TEST_F(RecordTableFormatTest, ANewerFormatVersionIsRefusedWithAHint) {
  create().reset();
  sql("UPDATE strata_vector_meta SET value = '2' WHERE key = 'format_version'");
  auto t = RecordTable::open(file(), false);
  ASSERT_TRUE(t.ok()) << t.error().str();
  auto meta = (*t)->meta();
  ASSERT_FALSE(meta.ok());
  EXPECT_THAT(meta.error().message, HasSubstr("collection format version 2 is not supported"));
  EXPECT_THAT(meta.error().message, HasSubstr(file().string()));
  EXPECT_EQ(meta.error().hint, "upgrade strata");
}

TEST_F(RecordTableFormatTest, AFileWithoutAFormatVersionIsRefused) {
  create().reset();
  sql("DELETE FROM strata_vector_meta WHERE key = 'format_version'");
  auto t = RecordTable::open(file(), false);
  ASSERT_TRUE(t.ok()) << t.error().str();
  auto meta = (*t)->meta();
  ASSERT_FALSE(meta.ok());
  EXPECT_THAT(meta.error().message, HasSubstr("no format version"));
}

TEST_F(RecordTableFormatTest, ASqliteFileOfAnotherProgramIsNotACollection) {
  sql("CREATE TABLE other(x INTEGER)");
  auto t = RecordTable::open(file(), false);
  ASSERT_TRUE(t.ok()) << t.error().str();
  auto meta = (*t)->meta();
  ASSERT_FALSE(meta.ok());
  EXPECT_THAT(meta.error().message, HasSubstr("not a Strata vector collection"));
}

TEST_F(RecordTableFormatTest, OpeningAMissingFileReadOnlyFailsNamingIt) {
  auto t = RecordTable::open(m_dir.path("absent.db"), false);
  ASSERT_FALSE(t.ok());
  EXPECT_THAT(t.error().message, HasSubstr("absent.db: cannot open"));
  EXPECT_FALSE(std::filesystem::exists(m_dir.path("absent.db")));
}

TEST_F(RecordTableFormatTest, CreateKeepsEveryMetaEntryAndTheVersionWins) {
  auto t = RecordTable::create(file(), {{"dim", "3"}, {"format_version", "99"}});
  ASSERT_TRUE(t.ok()) << t.error().str();
  auto meta = (*t)->meta();
  ASSERT_TRUE(meta.ok()) << meta.error().str();
  EXPECT_EQ(meta->at("format_version"), std::to_string(RecordTable::k_format_version));
  EXPECT_EQ(meta->at("dim"), "3");
}

TEST_F(RecordTableFormatTest, AReadOnlyTableRefusesWritesAndKeepsItsRows) {
  auto w = create();
  std::vector<Record> batch{record("a", {1, 0})};
  ASSERT_TRUE(w->upsert(batch).ok());
  w.reset();
  auto r = RecordTable::open(file(), false);
  ASSERT_TRUE(r.ok()) << r.error().str();
  std::vector<Record> more{record("b", {0, 1})};
  auto up = (*r)->upsert(more);
  ASSERT_FALSE(up.ok());
  EXPECT_THAT(up.error().message, HasSubstr("cannot write record 'b'"));
  std::vector<std::string> ids{"a"};
  EXPECT_FALSE((*r)->remove(ids).ok());
  auto n = (*r)->count(Filter{});
  ASSERT_TRUE(n.ok()) << n.error().str();
  EXPECT_EQ(*n, 1u);
}

TEST_F(RecordTableFormatTest, SequenceNumbersNeverGoBackAfterTheNewestRowIsDeleted) {
  auto t = create();
  std::vector<Record> first{record("a", {1, 0}), record("b", {0, 1})};
  auto s1 = t->upsert(first);
  ASSERT_TRUE(s1.ok());
  std::vector<std::string> gone{"b"};
  ASSERT_EQ(t->remove(gone)->size(), 1u);
  std::vector<Record> next{record("c", {1, 1})};
  auto s2 = t->upsert(next);
  ASSERT_TRUE(s2.ok());
  EXPECT_GT((*s2)[0], (*s1)[1]) << "a reused seq would hide c from an index replay";
}

TEST_F(RecordTableFormatTest, AnIdRepeatedInOneBatchKeepsTheLastAndGetsTwoSeqs) {
  auto t = create();
  std::vector<Record> batch{record("a", {1, 0}, {{"v", 1}}), record("a", {0, 1}, {{"v", 2}})};
  auto seqs = t->upsert(batch);
  ASSERT_TRUE(seqs.ok()) << seqs.error().str();
  ASSERT_EQ(seqs->size(), 2u);
  EXPECT_LT((*seqs)[0], (*seqs)[1]);
  std::vector<std::string> ids{"a"};
  auto got = t->get(ids);
  ASSERT_TRUE(got.ok());
  ASSERT_EQ(got->size(), 1u);
  EXPECT_EQ((*got)[0].metadata["v"], 2);
  EXPECT_EQ((*got)[0].embedding, (std::vector<float>{0, 1}));
  EXPECT_EQ(*t->count(Filter{}), 1u);
}

TEST_F(RecordTableFormatTest, NullMetadataIsStoredAsAnEmptyObject) {
  auto t = create();
  std::vector<Record> batch{record("a", {1, 0}, nullptr)};
  ASSERT_TRUE(t->upsert(batch).ok());
  std::vector<std::string> ids{"a"};
  auto got = t->get(ids);
  ASSERT_TRUE(got.ok());
  EXPECT_EQ((*got)[0].metadata, nlohmann::json::object());
}

TEST_F(RecordTableFormatTest, CountFiltersOnMetadataInSql) {
  auto t = create();
  std::vector<Record> batch{record("a", {1, 0}, {{"lang", "en"}, {"year", 2001}}),
                            record("b", {0, 1}, {{"lang", "de"}, {"year", 1999}}),
                            record("c", {1, 1}, {{"lang", "en"}, {"year", 2020}})};
  ASSERT_TRUE(t->upsert(batch).ok());
  auto en = parse_filter({{"lang", "en"}});
  ASSERT_TRUE(en.ok());
  EXPECT_EQ(*t->count(*en), 2u);
  auto recent = parse_filter({{"year", {{"$gt", 2000}}}, {"lang", "de"}});
  ASSERT_TRUE(recent.ok());
  EXPECT_EQ(*t->count(*recent), 0u);
}

TEST_F(RecordTableFormatTest, ProcessDurabilityStillPersistsAcrossReopen) {
  auto t = create();
  ASSERT_TRUE(t->set_durability(Durability::k_process).ok());
  std::vector<Record> batch{record("a", {1, 0})};
  ASSERT_TRUE(t->upsert(batch).ok());
  t.reset();
  auto again = RecordTable::open(file(), true);
  ASSERT_TRUE(again.ok()) << again.error().str();
  std::vector<StoredRow> rows;
  ASSERT_TRUE((*again)->scan(0, [&](StoredRow&& r) { rows.push_back(std::move(r)); }).ok());
  ASSERT_EQ(rows.size(), 1u);
  EXPECT_EQ(rows[0].id, "a");
  EXPECT_EQ(rows[0].embedding, (std::vector<float>{1, 0}));
}

}  // namespace
}  // namespace strata::vec
