#include "vector/record_table.h"

#include <gtest/gtest.h>

#include "util/temp_dir.h"
#include "vector/filter.h"

namespace strata::vec {
namespace {

Record record(std::string id, std::vector<float> embedding,
              nlohmann::json metadata = nlohmann::json::object()) {
  return {std::move(id), std::move(embedding), std::move(metadata)};
}

class RecordTableTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto t = RecordTable::create(m_dir.path("records.db"), {{"dim", "2"}});
    ASSERT_TRUE(t.ok()) << t.error().str();
    m_table = std::move(*t);
  }
  std::vector<StoredRow> rows(int64_t embeddings_after = 0) {
    std::vector<StoredRow> out;
    EXPECT_TRUE(
        m_table->scan(embeddings_after, [&](StoredRow&& r) { out.push_back(std::move(r)); }).ok());
    return out;
  }
  testutil::TempDir m_dir{"strata-vector-test"};
  std::unique_ptr<RecordTable> m_table;
};

TEST_F(RecordTableTest, KeepsItsMetaWithTheFormatVersion) {
  auto meta = m_table->meta();
  ASSERT_TRUE(meta.ok());
  EXPECT_EQ(meta->at("dim"), "2");
  EXPECT_EQ(meta->size(), 2u) << "dim and the format version";
}

TEST_F(RecordTableTest, UpsertReturnsGrowingSequenceNumbers) {
  std::vector<Record> batch = {record("a", {1, 0}), record("b", {0, 1})};
  auto seqs = m_table->upsert(batch);
  ASSERT_TRUE(seqs.ok()) << seqs.error().str();
  ASSERT_EQ(seqs->size(), 2u);
  EXPECT_LT((*seqs)[0], (*seqs)[1]);
  std::vector<Record> again = {record("a", {0.5f, 0.5f})};
  auto replaced = m_table->upsert(again);
  ASSERT_TRUE(replaced.ok());
  EXPECT_GT((*replaced)[0], (*seqs)[1]) << "a replaced row is a new row";
}

TEST_F(RecordTableTest, GetReturnsWhatWasWrittenAndSkipsUnknownIds) {
  std::vector<Record> batch = {record("a", {1, 2}, {{"lang", "en"}}), record("b", {3, 4})};
  ASSERT_TRUE(m_table->upsert(batch).ok());
  std::vector<std::string> ids = {"b", "missing", "a"};
  auto got = m_table->get(ids);
  ASSERT_TRUE(got.ok());
  ASSERT_EQ(got->size(), 2u);
  for (const auto& r : *got) {
    if (r.id == "a") {
      EXPECT_EQ(r.embedding, (std::vector<float>{1, 2}));
      EXPECT_EQ(r.metadata["lang"], "en");
    } else {
      EXPECT_EQ(r.id, "b");
      EXPECT_EQ(r.embedding, (std::vector<float>{3, 4}));
    }
  }
}

TEST_F(RecordTableTest, RemoveReturnsTheIdsThatExisted) {
  std::vector<Record> batch = {record("a", {1, 0}), record("b", {0, 1})};
  ASSERT_TRUE(m_table->upsert(batch).ok());
  std::vector<std::string> ids = {"a", "zzz"};
  auto removed = m_table->remove(ids);
  ASSERT_TRUE(removed.ok());
  EXPECT_EQ(*removed, std::vector<std::string>{"a"});
  auto count = m_table->count(Filter{});
  ASSERT_TRUE(count.ok());
  EXPECT_EQ(*count, 1u);
}

TEST_F(RecordTableTest, CountAppliesTheFilter) {
  std::vector<Record> batch = {record("a", {1, 0}, {{"year", 2019}}),
                               record("b", {0, 1}, {{"year", 2021}}),
                               record("c", {1, 1}, {{"year", 2023}})};
  ASSERT_TRUE(m_table->upsert(batch).ok());
  auto filter = parse_filter({{"year", {{"$gte", 2020}}}});
  ASSERT_TRUE(filter.ok());
  auto n = m_table->count(*filter);
  ASSERT_TRUE(n.ok()) << n.error().str();
  EXPECT_EQ(*n, 2u);
}

TEST_F(RecordTableTest, ScanIsInSequenceOrderWithEmbeddingsOnlyAfterTheMark) {
  std::vector<Record> first = {record("a", {1, 0})};
  std::vector<Record> second = {record("b", {0, 1})};
  auto s1 = m_table->upsert(first);
  ASSERT_TRUE(s1.ok());
  ASSERT_TRUE(m_table->upsert(second).ok());
  auto all = rows((*s1)[0]);
  ASSERT_EQ(all.size(), 2u);
  EXPECT_EQ(all[0].id, "a");
  EXPECT_TRUE(all[0].embedding.empty()) << "at or before the mark: no embedding";
  EXPECT_EQ(all[1].id, "b");
  EXPECT_EQ(all[1].embedding, (std::vector<float>{0, 1}));
}

TEST_F(RecordTableTest, ReopenedReadOnlyItStillHoldsTheRows) {
  std::vector<Record> batch = {record("a", {1, 0})};
  ASSERT_TRUE(m_table->upsert(batch).ok());
  m_table.reset();
  auto reopened = RecordTable::open(m_dir.path("records.db"), false);
  ASSERT_TRUE(reopened.ok()) << reopened.error().str();
  auto n = (*reopened)->count(Filter{});
  ASSERT_TRUE(n.ok());
  EXPECT_EQ(*n, 1u);
}

TEST_F(RecordTableTest, AFileThatIsNotARecordTableFailsByItsFirstRead) {
  m_dir.write("junk.db", "this is not SQLite");
  // SQLite opens lazily: open() may succeed, the first read may not.
  auto t = RecordTable::open(m_dir.path("junk.db"), false);
  EXPECT_TRUE(!t.ok() || !(*t)->meta().ok());
}

}  // namespace
}  // namespace strata::vec
