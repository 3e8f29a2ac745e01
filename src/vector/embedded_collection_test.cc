#include "vector/embedded_collection.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <atomic>
#include <filesystem>
#include <random>
#include <thread>

namespace strata::vec {
namespace {

namespace fs = std::filesystem;

class EmbeddedCollectionTest : public ::testing::Test {
 protected:
  void SetUp() override {
    m_dir = fs::temp_directory_path() /
            ("strata-coll-test-" + std::to_string(::getpid()) + "-" +
             ::testing::UnitTest::GetInstance()->current_test_info()->name());
    fs::remove_all(m_dir);
  }
  void TearDown() override { fs::remove_all(m_dir); }

  std::unique_ptr<EmbeddedCollection> create() {
    auto c = EmbeddedCollection::create(m_dir, m_spec, IndexParams{});
    EXPECT_TRUE(c.ok());
    return c.ok() ? std::move(*c) : nullptr;
  }

  std::vector<Record> random_records(size_t n, unsigned seed = 3) {
    std::mt19937 rng(seed);
    std::normal_distribution<float> g;
    std::vector<Record> out;
    for (size_t i = 0; i < n; ++i) {
      Record r{
          "r" + std::to_string(i), std::vector<float>(static_cast<size_t>(m_spec.dim)), {{"v", 1}}};
      for (float& x : r.embedding) x = g(rng);
      out.push_back(std::move(r));
    }
    return out;
  }

  fs::path m_dir;
  CollectionSpec m_spec{"c", 8, Metric::k_l2};
};

TEST_F(EmbeddedCollectionTest, QueryRightAfterUpsertFindsTheRowBeforeItIsIndexed) {
  auto c = create();
  ASSERT_TRUE(c->upsert(random_records(200)).ok());
  c->drain();
  c->hold_indexing(true);
  std::vector<Record> fresh = {{"new", std::vector<float>(8, 50.0f), {{"tag", "x"}}}};
  ASSERT_TRUE(c->upsert(fresh).ok());
  EXPECT_EQ(c->unindexed(), 1u);
  auto hits = c->query({fresh[0].embedding, 3, {}, 0});
  ASSERT_TRUE(hits.ok());
  ASSERT_EQ(hits->size(), 3u);
  EXPECT_EQ(hits->at(0).id, "new");
  EXPECT_NEAR(hits->at(0).score, 0.0f, 1e-5);
  EXPECT_EQ(hits->at(0).metadata["tag"], "x");
  EXPECT_LE(hits->at(0).score, hits->at(1).score);
  auto filtered = c->query({std::vector<float>(8, 0.0f), 5, *parse_filter({{"tag", "x"}}), 0});
  ASSERT_EQ(filtered->size(), 1u);
  EXPECT_EQ(filtered->at(0).id, "new");
  EXPECT_EQ(c->info()["records"], 201);
  EXPECT_EQ(c->unindexed(), 1u);  // the query did not index it
}

TEST_F(EmbeddedCollectionTest, ReplacedOrDeletedIdsNeverComeBackWithTheirOldVectors) {
  auto c = create();
  auto records = random_records(300);
  ASSERT_TRUE(c->upsert(records).ok());
  c->drain();
  c->hold_indexing(true);
  std::vector<float> old5 = records[5].embedding, old6 = records[6].embedding;
  std::vector<Record> replaced = {{"r5", std::vector<float>(8, -40.0f), {{"v", 2}}}};
  ASSERT_TRUE(c->upsert(replaced).ok());
  std::vector<std::string> gone = {"r6"};
  ASSERT_EQ(*c->remove(gone), 1u);
  auto check = [&](const char* when) {
    auto near_old5 = c->query({old5, 10, {}, 0});
    ASSERT_EQ(near_old5->size(), 10u) << when;
    for (const auto& h : *near_old5) EXPECT_NE(h.id, "r5") << when;  // its new vector is far away
    auto near_new5 = c->query({replaced[0].embedding, 1, {}, 0});
    ASSERT_EQ(near_new5->size(), 1u) << when;
    EXPECT_EQ(near_new5->at(0).id, "r5") << when;
    EXPECT_EQ(near_new5->at(0).metadata["v"], 2) << when;
    auto near_old6 = c->query({old6, 300, {}, 0});
    EXPECT_EQ(near_old6->size(), 299u) << when;
    for (const auto& h : *near_old6) {
      EXPECT_NE(h.id, "r6") << when;
      if (h.id == "r5") {
        EXPECT_EQ(h.metadata["v"], 2) << when;
      }
    }
    EXPECT_EQ(c->info()["records"], 299) << when;
  };
  EXPECT_EQ(c->unindexed(), 2u);
  check("pending");
  c->hold_indexing(false);
  c->drain();
  EXPECT_EQ(c->unindexed(), 0u);
  check("indexed");
}

TEST_F(EmbeddedCollectionTest, ClosingDrainsTheIndexerIntoTheSnapshot) {
  {
    auto c = create();
    c->hold_indexing(true);
    ASSERT_TRUE(c->upsert(random_records(50)).ok());
    EXPECT_EQ(c->unindexed(), 50u);
  }
  auto snap = HnswIndex::load(m_dir / "index.hnsw", m_spec, IndexParams{});
  ASSERT_TRUE(snap.ok());
  EXPECT_EQ((*snap)->last_seq(), 50);
  auto reopened = EmbeddedCollection::open(m_dir, Access::k_read);
  ASSERT_TRUE(reopened.ok());
  auto info = (*reopened)->info();
  EXPECT_EQ(info["records"], 50);
  EXPECT_EQ(info["unindexed"], 0);
  EXPECT_FALSE(info.contains("snapshot_note"));
}

TEST_F(EmbeddedCollectionTest, BackgroundIndexerCatchesUpWhileQueriesRun) {
  auto c = create();
  auto records = random_records(2000, 9);
  std::atomic<bool> writing = true;
  std::thread reader([&] {
    while (writing) {
      auto hits = c->query({records[0].embedding, 5, {}, 0});
      ASSERT_TRUE(hits.ok());
    }
  });
  for (size_t i = 0; i < records.size(); i += 10)
    ASSERT_TRUE(c->upsert(std::span(records).subspan(i, 10)).ok());
  // Every acknowledged row is visible at once, indexed or not.
  auto hits = c->query({records[1999].embedding, 1, {}, 0});
  ASSERT_EQ(hits->size(), 1u);
  EXPECT_EQ(hits->at(0).id, "r1999");
  writing = false;
  reader.join();
  for (int i = 0; i < 500 && c->unindexed() > 0; ++i)
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  EXPECT_EQ(c->unindexed(), 0u);
  EXPECT_EQ(c->info()["records"], 2000);
}

TEST_F(EmbeddedCollectionTest, DurabilityIsAPersistedCollectionSetting) {
  m_spec.durability = Durability::k_process;
  {
    auto c = create();
    EXPECT_EQ(c->info()["durability"], "process");
    ASSERT_TRUE(c->upsert(random_records(5)).ok());
  }
  auto reopened = EmbeddedCollection::open(m_dir, Access::k_write);
  ASSERT_TRUE(reopened.ok());
  EXPECT_EQ((*reopened)->spec().durability, Durability::k_process);
  EXPECT_EQ((*reopened)->info()["records"], 5);
  EXPECT_EQ(durability_name(*parse_durability("fsync")), "fsync");
  auto bad = parse_durability("fsyn");
  ASSERT_FALSE(bad.ok());
  EXPECT_NE(bad.error().str().find("fsync"), std::string::npos);
}

}  // namespace
}  // namespace strata::vec
