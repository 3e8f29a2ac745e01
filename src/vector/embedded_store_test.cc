#include "vector/embedded_store.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <atomic>
#include <cmath>
#include <filesystem>
#include <fstream>
#include <random>
#include <thread>

namespace strata::vec {
namespace {

namespace fs = std::filesystem;
using json = nlohmann::json;

class EmbeddedStoreTest : public ::testing::Test {
 protected:
  void SetUp() override {
    m_root = fs::temp_directory_path() /
             ("strata-vec-test-" + std::to_string(::getpid()) + "-" +
              ::testing::UnitTest::GetInstance()->current_test_info()->name());
    fs::remove_all(m_root);
  }
  void TearDown() override { fs::remove_all(m_root); }

  std::vector<Record> random_records(size_t n, int dim, unsigned seed = 7) {
    std::mt19937 rng(seed);
    std::normal_distribution<float> g;
    std::vector<Record> out;
    for (size_t i = 0; i < n; ++i) {
      Record r{"r" + std::to_string(i),
               std::vector<float>(dim),
               {{"i", i}, {"group", static_cast<int>(i % 10)}}};
      for (float& x : r.embedding) x = g(rng);
      out.push_back(std::move(r));
    }
    return out;
  }

  // Brute force over `records` with the same score definitions.
  std::vector<std::string> truth(const std::vector<Record>& records, const std::vector<float>& q,
                                 Metric m, size_t k, const Filter& f = {}) {
    std::vector<std::pair<double, std::string>> scored;
    for (const auto& r : records) {
      if (!filter_matches(f, r.metadata)) continue;
      double dot = 0, l2 = 0, nq = 0, nr = 0;
      for (size_t i = 0; i < q.size(); ++i) {
        dot += q[i] * r.embedding[i];
        l2 += (q[i] - r.embedding[i]) * (q[i] - r.embedding[i]);
        nq += q[i] * q[i];
        nr += r.embedding[i] * r.embedding[i];
      }
      double s = m == Metric::k_l2       ? std::sqrt(l2)
                 : m == Metric::k_cosine ? 1 - dot / std::sqrt(nq * nr)
                                         : -dot;
      scored.emplace_back(s, r.id);
    }
    std::sort(scored.begin(), scored.end());
    std::vector<std::string> ids;
    for (size_t i = 0; i < std::min(k, scored.size()); ++i) ids.push_back(scored[i].second);
    return ids;
  }

  static std::vector<std::string> ids_of(const std::vector<Hit>& hits) {
    std::vector<std::string> ids;
    for (const auto& h : hits) ids.push_back(h.id);
    return ids;
  }

  fs::path m_root;
};

TEST_F(EmbeddedStoreTest, UpsertGetCountQueryForEachMetric) {
  for (Metric m : {Metric::k_cosine, Metric::k_l2, Metric::k_inner_product}) {
    EmbeddedStore store(m_root, Access::k_write);
    std::string name = "c_" + std::string(metric_name(m));
    ASSERT_TRUE(store.create_collection({name, 8, m}).ok());
    auto records = random_records(200, 8);
    ASSERT_TRUE(store.upsert(name, records).ok());
    EXPECT_EQ(*store.count(name, {}), 200u);
    auto q = records[5].embedding;
    auto hits = store.query(name, {q, 5, {}, 200});
    ASSERT_TRUE(hits.ok());
    EXPECT_EQ(ids_of(*hits), truth(records, q, m, 5)) << metric_name(m);
    std::vector<std::string> want = {"r3", "missing", "r1"};
    auto got = store.get(name, want);
    ASSERT_EQ(got->size(), 2u);
    EXPECT_EQ((*got)[0].id, "r3");
    EXPECT_EQ((*got)[0].embedding, records[3].embedding);
    EXPECT_EQ((*got)[1].metadata["i"], 1);
  }
}

TEST_F(EmbeddedStoreTest, ScoresAreDistancesAsPgvectorDefinesThem) {
  EmbeddedStore store(m_root, Access::k_write);
  ASSERT_TRUE(store.create_collection({"l2", 2, Metric::k_l2}).ok());
  ASSERT_TRUE(store.create_collection({"cos", 2, Metric::k_cosine}).ok());
  ASSERT_TRUE(store.create_collection({"ip", 2, Metric::k_inner_product}).ok());
  std::vector<Record> r = {{"a", {3, 4}, json::object()}};
  for (const char* c : {"l2", "cos", "ip"}) ASSERT_TRUE(store.upsert(c, r).ok());
  EXPECT_NEAR(store.query("l2", {{0, 0}, 1, {}, 0})->at(0).score, 5.0, 1e-5);
  EXPECT_NEAR(store.query("cos", {{0, 1}, 1, {}, 0})->at(0).score, 1 - 0.8, 1e-5);
  EXPECT_NEAR(store.query("ip", {{1, 1}, 1, {}, 0})->at(0).score, -7.0, 1e-5);
}

TEST_F(EmbeddedStoreTest, ReplaceAndDelete) {
  EmbeddedStore store(m_root, Access::k_write);
  ASSERT_TRUE(store.create_collection({"c", 4, Metric::k_l2}).ok());
  ASSERT_TRUE(store
                  .upsert("c", std::vector<Record>{{"a", {1, 0, 0, 0}, {{"v", 1}}},
                                                   {"b", {0, 1, 0, 0}, {}}})
                  .ok());
  ASSERT_TRUE(store.upsert("c", std::vector<Record>{{"a", {0, 0, 0, 1}, {{"v", 2}}}}).ok());
  EXPECT_EQ(*store.count("c", {}), 2u);
  auto hits = store.query("c", {{0, 0, 0, 1}, 1, {}, 0});
  ASSERT_EQ(hits->size(), 1u);
  EXPECT_EQ(hits->at(0).id, "a");
  EXPECT_EQ(hits->at(0).metadata["v"], 2);
  std::vector<std::string> gone = {"a", "zzz"};
  EXPECT_EQ(*store.remove("c", gone), 1u);
  hits = store.query("c", {{0, 0, 0, 1}, 5, {}, 0});
  EXPECT_EQ(ids_of(*hits), std::vector<std::string>{"b"});
}

TEST_F(EmbeddedStoreTest, FilteredQueriesReturnKWhenKMatch) {
  EmbeddedStore store(m_root, Access::k_write, IndexParams{16, 64, 32, 100});
  ASSERT_TRUE(store.create_collection({"c", 16, Metric::k_l2}).ok());
  auto records = random_records(3000, 16);
  ASSERT_TRUE(store.upsert("c", records).ok());
  // 10% selectivity takes the filtered HNSW path (300 > exact_below),
  // a 1-record filter the exact path.
  for (const char* where :
       {R"({"group": 3})", R"({"i": {"$lt": 1}})", R"({"group": {"$in": [1, 2]}})"}) {
    Filter f = *parse_filter(json::parse(where));
    size_t matching = *store.count("c", f);
    for (int qi = 0; qi < 20; ++qi) {
      auto q = records[static_cast<size_t>(qi) * 7].embedding;
      auto hits = store.query("c", {q, 10, f, 64});
      ASSERT_TRUE(hits.ok());
      ASSERT_EQ(hits->size(), std::min<size_t>(10, matching)) << where;
      for (const auto& h : *hits) EXPECT_TRUE(filter_matches(f, h.metadata)) << where;
      auto want = truth(records, q, Metric::k_l2, 10, f);
      size_t found = 0;
      for (const auto& id : ids_of(*hits)) found += std::count(want.begin(), want.end(), id);
      EXPECT_GE(found, want.size() - 1) << where;
    }
  }
}

TEST_F(EmbeddedStoreTest, FilteredQueriesEqualBruteForceAcrossUpdatesDeletesAndReopening) {
  // Equality filters take their rows from the metadata index and, this
  // few, scan them exactly: the answers are the brute-force ones, after
  // replacements (new metadata), deletions, and loading the snapshot.
  auto records = random_records(1500, 12);
  for (size_t i = 0; i < records.size(); ++i)
    records[i].metadata["bucket"] = static_cast<int>(i % 100);
  const char* filters[] = {R"({"bucket": 7})",
                           R"({"group": 3.0})",
                           R"({"group": {"$in": [1, 4]}})",
                           R"({"$and": [{"group": 2}, {"i": {"$lt": 700}}]})",
                           R"({"$or": [{"bucket": 5}, {"group": "5"}]})",
                           R"({"group": {"$gte": 8}})"};
  auto check = [&](EmbeddedStore& store, const std::vector<Record>& live) {
    for (const char* where : filters) {
      Filter f = *parse_filter(json::parse(where));
      for (int qi = 0; qi < 10; ++qi) {
        auto q = records[static_cast<size_t>(qi) * 13].embedding;
        auto hits = store.query("c", {q, 10, f, 32});
        ASSERT_TRUE(hits.ok());
        EXPECT_EQ(ids_of(*hits), truth(live, q, Metric::k_l2, 10, f)) << where;
      }
    }
  };
  std::vector<Record> live = records;
  {
    EmbeddedStore store(m_root, Access::k_write);
    ASSERT_TRUE(store.create_collection({"c", 12, Metric::k_l2}).ok());
    ASSERT_TRUE(store.upsert("c", records).ok());
    std::vector<Record> moved;
    for (size_t i = 0; i < 1500; i += 9) {
      live[i].metadata["group"] = static_cast<int>((i + 1) % 10);
      moved.push_back(live[i]);
    }
    ASSERT_TRUE(store.upsert("c", moved).ok());
    std::vector<std::string> gone;
    for (size_t i = 3; i < 1500; i += 11) gone.push_back(live[i].id);
    ASSERT_TRUE(store.remove("c", gone).ok());
    std::erase_if(live,
                  [&](const Record& r) { return std::count(gone.begin(), gone.end(), r.id) > 0; });
    check(store, live);
  }
  EmbeddedStore reader(m_root, Access::k_read);
  check(reader, live);
}

TEST_F(EmbeddedStoreTest, TheFilteredScanOfLongVectorsEqualsBruteForce) {
  // 300 dimensions: the L2 scan sums blocks of 128 and drops rows part-way.
  for (Metric m : {Metric::k_l2, Metric::k_inner_product}) {
    EmbeddedStore store(m_root / metric_name(m), Access::k_write);
    ASSERT_TRUE(store.create_collection({"c", 300, m}).ok());
    auto records = random_records(600, 300, 9);
    ASSERT_TRUE(store.upsert("c", records).ok());
    Filter f = *parse_filter(json::parse(R"({"group": 4})"));
    for (int qi = 0; qi < 10; ++qi) {
      auto q = records[static_cast<size_t>(qi) * 31].embedding;
      auto hits = store.query("c", {q, 7, f, 16});
      ASSERT_TRUE(hits.ok());
      EXPECT_EQ(ids_of(*hits), truth(records, q, m, 7, f)) << metric_name(m);
    }
  }
}

TEST_F(EmbeddedStoreTest, ReaderReplaysRowsNewerThanTheSnapshot) {
  auto records = random_records(300, 8);
  EmbeddedStore writer(m_root, Access::k_write);
  ASSERT_TRUE(writer.create_collection({"c", 8, Metric::k_cosine}).ok());
  ASSERT_TRUE(writer.upsert("c", std::span(records).first(200)).ok());
  {
    EmbeddedStore closing(m_root / "other", Access::k_write);  // unrelated store, nothing shared
  }
  // No snapshot yet: the reader builds the index from the table alone.
  EmbeddedStore reader1(m_root, Access::k_read);
  EXPECT_EQ(reader1.info("c")->at("records"), 200);
  ASSERT_TRUE(writer.upsert("c", std::span(records).subspan(200)).ok());
  EmbeddedStore reader2(m_root, Access::k_read);
  auto hits = reader2.query("c", {records[250].embedding, 1, {}, 0});
  ASSERT_EQ(hits->size(), 1u);
  EXPECT_EQ(hits->at(0).id, "r250");
  EXPECT_FALSE(reader2.upsert("c", records).ok());
}

TEST_F(EmbeddedStoreTest, SnapshotIsUsedAndADamagedOneIsRebuilt) {
  auto records = random_records(100, 8);
  {
    EmbeddedStore writer(m_root, Access::k_write);
    ASSERT_TRUE(writer.create_collection({"c", 8, Metric::k_l2}).ok());
    ASSERT_TRUE(writer.upsert("c", records).ok());
    std::vector<std::string> gone = {"r0"};
    ASSERT_TRUE(writer.remove("c", gone).ok());
  }  // closing saves the snapshot
  ASSERT_TRUE(fs::exists(m_root / "c" / "index.hnsw"));
  {
    EmbeddedStore reader(m_root, Access::k_read);
    auto info = *reader.info("c");
    EXPECT_EQ(info["records"], 99);
    EXPECT_EQ(info["tombstones"], 1);
    EXPECT_FALSE(info.contains("snapshot_note"));
  }
  {
    std::fstream f(m_root / "c" / "index.hnsw", std::ios::in | std::ios::out | std::ios::binary);
    f.seekp(100);
    f.put('\x7f');
  }
  EmbeddedStore reader(m_root, Access::k_read);
  auto info = *reader.info("c");
  EXPECT_EQ(info["records"], 99);
  EXPECT_NE(info["snapshot_note"].get<std::string>().find("checksum"), std::string::npos);
  EXPECT_EQ(reader.query("c", {records[7].embedding, 1, {}, 0})->at(0).id, "r7");
}

TEST_F(EmbeddedStoreTest, SecondWriterIsRefused) {
  EmbeddedStore first(m_root, Access::k_write);
  ASSERT_TRUE(first.create_collection({"c", 4, Metric::k_l2}).ok());
  EmbeddedStore second(m_root, Access::k_write);
  auto st = second.upsert("c", std::vector<Record>{{"a", {1, 2, 3, 4}, {}}});
  ASSERT_FALSE(st.ok());
  EXPECT_NE(st.error().message.find("collection 'c' is locked for writing by pid " +
                                    std::to_string(::getpid())),
            std::string::npos)
      << st.error().message;
}

TEST_F(EmbeddedStoreTest, ConcurrentUpsertsAreGroupCommittedAndAllKept) {
  EmbeddedStore store(m_root, Access::k_write);
  ASSERT_TRUE(store.create_collection({"c", 8, Metric::k_l2}).ok());
  auto records = random_records(400, 8);
  std::vector<std::thread> threads;
  std::atomic<int> failures = 0;
  for (int t = 0; t < 8; ++t)
    threads.emplace_back([&, t] {
      for (size_t i = static_cast<size_t>(t); i < records.size(); i += 8)
        if (!store.upsert("c", std::span(records).subspan(i, 1)).ok()) ++failures;
    });
  for (auto& th : threads) th.join();
  EXPECT_EQ(failures, 0);
  EXPECT_EQ(*store.count("c", {}), 400u);
  for (size_t i = 0; i < records.size(); i += 37)
    EXPECT_EQ(store.query("c", {records[i].embedding, 1, {}, 0})->at(0).id, records[i].id);
}

TEST_F(EmbeddedStoreTest, ClearErrors) {
  EmbeddedStore store(m_root, Access::k_write);
  ASSERT_TRUE(store.create_collection({"docs", 3, Metric::k_l2}).ok());
  auto missing = store.count("dcos", {});
  ASSERT_FALSE(missing.ok());
  EXPECT_NE(missing.error().hint.find("docs"), std::string::npos);
  auto bad_dim = store.upsert("docs", std::vector<Record>{{"a", {1, 2}, {}}});
  EXPECT_NE(bad_dim.error().message.find("has dimension 3"), std::string::npos);
  EXPECT_FALSE(store.create_collection({"docs", 4, Metric::k_l2}).ok());
  EXPECT_TRUE(store.create_collection({"docs", 3, Metric::k_l2}).ok());
  EXPECT_FALSE(store.create_collection({"Bad-Name", 3, Metric::k_l2}).ok());
  EXPECT_FALSE(store.query("docs", {{1, 2}, 3, {}, 0}).ok());
}

TEST_F(EmbeddedStoreTest, ErrorsCarryKindsAndNoPaths) {
  EmbeddedStore store(m_root, Access::k_write);
  ASSERT_TRUE(store.create_collection({"docs", 3, Metric::k_l2}).ok());
  auto missing = store.collection("dcos");
  ASSERT_FALSE(missing.ok());
  EXPECT_EQ(missing.error().kind, ErrorKind::k_not_found);
  EXPECT_EQ(missing.error().str().find(m_root.string()), std::string::npos)
      << missing.error().str();
  auto conflict = store.create_collection({"docs", 4, Metric::k_l2});
  ASSERT_FALSE(conflict.ok());
  EXPECT_EQ(conflict.error().kind, ErrorKind::k_conflict);
}

TEST_F(EmbeddedStoreTest, DropRemovesACollectionAndItsFiles) {
  {
    EmbeddedStore store(m_root, Access::k_write);
    ASSERT_TRUE(store.create_collection({"docs", 3, Metric::k_l2}).ok());
    ASSERT_TRUE(store.create_collection({"keep", 3, Metric::k_l2}).ok());
    ASSERT_TRUE(store.upsert("docs", random_records(20, 3)).ok());
    ASSERT_TRUE(store.drop_collection("docs").ok());
    EXPECT_FALSE(fs::exists(m_root / "docs"));
    EXPECT_EQ(store.collection("docs").error().kind, ErrorKind::k_not_found);
    EXPECT_EQ(store.drop_collection("docs").error().kind, ErrorKind::k_not_found);
    ASSERT_TRUE(
        store.create_collection({"docs", 5, Metric::k_cosine}).ok());  // the name is free again
  }
  EmbeddedStore reader(m_root, Access::k_read);
  EXPECT_EQ(reader.collection("docs")->dim, 5);
  EXPECT_FALSE(reader.drop_collection("keep").ok());  // read-only
}

}  // namespace
}  // namespace strata::vec
