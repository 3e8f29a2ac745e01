#include "monitor/metrics_store.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <sqlite3.h>

#include <filesystem>

namespace strata::monitor {
namespace {

using ::testing::HasSubstr;

class MetricsStoreTest : public ::testing::Test {
 protected:
  void SetUp() override {
    m_dir = std::filesystem::temp_directory_path() /
            ("strata-metrics-" + std::to_string(::getpid()) + "-" +
             ::testing::UnitTest::GetInstance()->current_test_info()->name());
    std::filesystem::remove_all(m_dir);
  }
  void TearDown() override { std::filesystem::remove_all(m_dir); }
  std::filesystem::path path() const { return m_dir / ".strata" / "metrics.db"; }

  std::filesystem::path m_dir;
};

Sample sample(std::string id, int64_t at, int64_t ms, std::string cache = "miss",
              std::string outcome = "success") {
  Sample s;
  s.subject = id;
  s.project = id.substr(0, id.find(':'));
  s.target = id.substr(id.find(':') + 1);
  s.kind = kind_of_target(s.target);
  s.started_ms = at;
  s.duration_ms = ms;
  s.cache = std::move(cache);
  s.outcome = std::move(outcome);
  s.run_id = "r" + std::to_string(at);
  return s;
}

TEST_F(MetricsStoreTest, AppendsAndSelectsByProjectTargetAndTime) {
  auto store = MetricsStore::open(path());
  ASSERT_TRUE(store) << store.error().str();
  ASSERT_TRUE(store->append(
      {sample("web:build", 100, 30), sample("web:test", 110, 40), sample("api:build", 120, 50)}));
  ASSERT_TRUE(store->append({sample("web:build", 200, 35)}));
  auto all = store->select({});
  ASSERT_TRUE(all);
  EXPECT_EQ(all->size(), 4u);
  auto web = store->select({"web", "", 0});
  EXPECT_EQ(web->size(), 3u);
  auto builds = store->select({"", "build", 150});
  ASSERT_EQ(builds->size(), 1u);
  EXPECT_EQ((*builds)[0].duration_ms, 35);
  EXPECT_EQ((*builds)[0].kind, RecordKind::k_build);
  EXPECT_EQ((*builds)[0].run_id, "r200");
}

TEST_F(MetricsStoreTest, KeepsRowsAcrossOpens) {
  {
    ASSERT_TRUE(MetricsStore::open(path())->append({sample("a:lint", 1, 2)}));
  }
  auto again = MetricsStore::open(path());
  ASSERT_TRUE(again);
  EXPECT_EQ(again->select({})->size(), 1u);
  EXPECT_EQ((*again->select({}))[0].kind, RecordKind::k_task);
}

TEST_F(MetricsStoreTest, RecentMediansSkipCacheHitsAndFailures) {
  auto store = MetricsStore::open(path());
  ASSERT_TRUE(store->append({sample("a:build", 1, 100), sample("a:build", 2, 300),
                             sample("a:build", 3, 200), sample("a:build", 4, 1, "local"),
                             sample("a:build", 5, 9000, "miss", "failure"),
                             sample("b:build", 6, 7, "remote")}));
  auto medians = store->recent_medians();
  ASSERT_TRUE(medians);
  EXPECT_EQ(medians->size(), 1u);
  EXPECT_EQ(medians->at("a:build"), 200);
}

TEST_F(MetricsStoreTest, RecentMediansLookOnlyAtTheLastRuns) {
  auto store = MetricsStore::open(path());
  std::vector<Sample> rows;
  for (int i = 0; i < 10; ++i) rows.push_back(sample("a:build", i, 1000));
  for (int i = 10; i < 13; ++i) rows.push_back(sample("a:build", i, 10));
  ASSERT_TRUE(store->append(rows));
  EXPECT_EQ(store->recent_medians(3)->at("a:build"), 10);
}

TEST_F(MetricsStoreTest, RefusesANewerSchema) {
  {
    ASSERT_TRUE(MetricsStore::open(path()));
  }
  sqlite3* db = nullptr;
  ASSERT_EQ(sqlite3_open(path().c_str(), &db), SQLITE_OK);
  sqlite3_exec(db, "PRAGMA user_version = 99", nullptr, nullptr, nullptr);
  sqlite3_close(db);
  auto store = MetricsStore::open(path());
  ASSERT_FALSE(store);
  EXPECT_THAT(store.error().message, HasSubstr("schema version 99 is newer"));
}

TEST_F(MetricsStoreTest, MovesADamagedFileAsideAndStartsAgain) {
  std::filesystem::create_directories(path().parent_path());
  {
    std::FILE* f = std::fopen(path().c_str(), "wb");
    std::fputs("this is not a database, but long enough to look like a header of one......", f);
    std::fclose(f);
  }
  auto store = MetricsStore::open(path());
  ASSERT_TRUE(store) << store.error().str();
  EXPECT_TRUE(store->append({sample("a:build", 1, 2)}));
  EXPECT_TRUE(std::filesystem::exists(path().string() + ".damaged"));
}

TEST_F(MetricsStoreTest, OpenWithoutCreateReportsAMissingFile) {
  auto store = MetricsStore::open(path(), false);
  ASSERT_FALSE(store);
  EXPECT_EQ(store.error().kind, ErrorKind::k_not_found);
}

Sample batch(int64_t at, int64_t us, int64_t rows, std::string outcome = "success") {
  Sample s;
  s.kind = RecordKind::k_inference;
  s.subject = "iris:2";
  s.project = "iris";
  s.target = "2";
  s.started_ms = at;
  s.duration_us = us;
  s.duration_ms = us / 1000;
  s.batch_size = rows;
  s.outcome = std::move(outcome);
  return s;
}

TEST_F(MetricsStoreTest, InferenceBatchesKeepTheirSizeAndMicroseconds) {
  auto store = MetricsStore::open(path());
  ASSERT_TRUE(store) << store.error().str();
  ASSERT_TRUE(store->append({batch(100, 180, 8), batch(101, 2500, 32, "failure")}));
  auto all = store->select({"iris", "", 0});
  ASSERT_TRUE(all);
  ASSERT_EQ(all->size(), 2u);
  EXPECT_EQ((*all)[0].kind, RecordKind::k_inference);
  EXPECT_EQ((*all)[0].duration_us, 180);
  EXPECT_EQ((*all)[0].batch_size, 8);
  EXPECT_EQ((*all)[1].outcome, "failure");
  // --shard balances tasks: inference batches are not among its medians.
  auto medians = store->recent_medians();
  ASSERT_TRUE(medians);
  EXPECT_EQ(medians->count("iris:2"), 0u);
}

// A version-1 file (before inference batches) is migrated in place on open;
// its rows read back with a batch size and microseconds of 0.
TEST_F(MetricsStoreTest, MigratesAVersion1File) {
  std::filesystem::create_directories(path().parent_path());
  sqlite3* db = nullptr;
  ASSERT_EQ(sqlite3_open(path().c_str(), &db), SQLITE_OK);
  sqlite3_exec(db,
               "CREATE TABLE samples (id INTEGER PRIMARY KEY, kind TEXT NOT NULL, subject TEXT NOT "
               "NULL, project TEXT NOT NULL DEFAULT '', target TEXT NOT NULL DEFAULT '', "
               "started_ms INTEGER NOT NULL, duration_ms INTEGER NOT NULL, outcome TEXT NOT NULL, "
               "cache TEXT NOT NULL DEFAULT '', run_id TEXT NOT NULL DEFAULT '');"
               "INSERT INTO samples (kind, subject, project, target, started_ms, duration_ms, "
               "outcome) VALUES ('build', 'web:build', 'web', 'build', 5, 40, 'success');"
               "PRAGMA user_version = 1;",
               nullptr, nullptr, nullptr);
  sqlite3_close(db);
  auto store = MetricsStore::open(path());
  ASSERT_TRUE(store) << store.error().str();
  ASSERT_TRUE(store->append({batch(10, 300, 4)}));
  auto all = store->select({});
  ASSERT_TRUE(all);
  ASSERT_EQ(all->size(), 2u);
  EXPECT_EQ((*all)[0].duration_ms, 40);
  EXPECT_EQ((*all)[0].batch_size, 0);
  EXPECT_EQ((*all)[1].batch_size, 4);
  EXPECT_EQ(k_metrics_schema_version, 4);
  // Version 3 starts its estimates from the rows the file already held.
  auto estimates = store->estimates();
  ASSERT_TRUE(estimates) << estimates.error().str();
  EXPECT_EQ(estimates->at("web:build"), 40);
}

// The scheduler's estimates move only with runs that executed the task: a
// cache hit's restore time or a failure says nothing about its cost.
TEST_F(MetricsStoreTest, EstimatesFollowExecutedRunsOnly) {
  auto store = MetricsStore::open(path());
  ASSERT_TRUE(store) << store.error().str();
  ASSERT_TRUE(store->append({sample("web:build", 100, 400), sample("web:lint", 100, 20)}));
  ASSERT_TRUE(
      store->append({sample("web:build", 200, 3, "local"), sample("web:lint", 200, 2, "remote"),
                     sample("web:build", 210, 1, "miss", "failure")}));
  auto est = store->estimates();
  ASSERT_TRUE(est) << est.error().str();
  EXPECT_EQ(est->at("web:build"), 400);
  EXPECT_EQ(est->at("web:lint"), 20);
  // An executed run moves the estimate a quarter of the way, not all of it.
  ASSERT_TRUE(store->append({sample("web:build", 300, 800)}));
  est = store->estimates();
  EXPECT_EQ(est->at("web:build"), 500);
  EXPECT_EQ(est->size(), 2u);
}

TEST_F(MetricsStoreTest, EstimatesLeaveOutInferenceBatches) {
  auto store = MetricsStore::open(path());
  ASSERT_TRUE(store) << store.error().str();
  ASSERT_TRUE(store->append({batch(10, 300, 4), sample("api:test", 5, 70, "")}));
  auto est = store->estimates();
  ASSERT_TRUE(est) << est.error().str();
  EXPECT_EQ(est->count("iris:2"), 0u);
  EXPECT_EQ(est->at("api:test"), 70);  // not cacheable ("") still executed
}

// A version-2 file (before estimates) starts them from the mean of its
// executed runs, so the first run after an upgrade is already ordered.
TEST_F(MetricsStoreTest, MigratesAVersion2FileWithEstimatesFromItsHistory) {
  {
    auto store = MetricsStore::open(path());
    ASSERT_TRUE(store) << store.error().str();
  }
  sqlite3* db = nullptr;
  ASSERT_EQ(sqlite3_open(path().c_str(), &db), SQLITE_OK);
  ASSERT_EQ(sqlite3_exec(db,
                         "DROP TABLE estimates;"
                         "INSERT INTO samples (kind, subject, started_ms, duration_ms, outcome, "
                         "cache) VALUES ('build', 'a:build', 1, 100, 'success', 'miss'),"
                         "('build', 'a:build', 2, 300, 'success', 'miss'),"
                         "('build', 'a:build', 3, 1, 'success', 'local'),"
                         "('build', 'b:build', 3, 9, 'failure', 'miss');"
                         "PRAGMA user_version = 2;",
                         nullptr, nullptr, nullptr),
            SQLITE_OK);
  sqlite3_close(db);
  auto store = MetricsStore::open(path());
  ASSERT_TRUE(store) << store.error().str();
  auto est = store->estimates();
  ASSERT_TRUE(est) << est.error().str();
  EXPECT_EQ(est->at("a:build"), 200);
  EXPECT_EQ(est->count("b:build"), 0u);
}

// Version 4 indexes executed runs alone by task: recent_medians reads
// through that index, and a cache hit's row is in no per-task index.
TEST_F(MetricsStoreTest, IndexesOnlyExecutedRunsByTask) {
  {
    auto store = MetricsStore::open(path());
    ASSERT_TRUE(store) << store.error().str();
    ASSERT_TRUE(store->append({sample("a:build", 1, 100), sample("a:build", 2, 3, "local")}));
  }
  sqlite3* db = nullptr;
  ASSERT_EQ(sqlite3_open(path().c_str(), &db), SQLITE_OK);
  auto scalar = [&](const char* sql) {
    sqlite3_stmt* st = nullptr;
    std::string out;
    if (sqlite3_prepare_v2(db, sql, -1, &st, nullptr) == SQLITE_OK)
      while (sqlite3_step(st) == SQLITE_ROW) {
        const unsigned char* t = sqlite3_column_text(st, sqlite3_column_count(st) - 1);
        out += (out.empty() ? "" : "|") + std::string(t ? reinterpret_cast<const char*>(t) : "");
      }
    sqlite3_finalize(st);
    return out;
  };
  EXPECT_EQ(scalar("SELECT count(*) FROM samples"), "2");
  EXPECT_EQ(scalar("SELECT name FROM sqlite_master WHERE type = 'index' AND name LIKE 'samples_%'"
                   " ORDER BY name"),
            "samples_executed_subject_time|samples_time");
  // The index holds the executed row only (counted through it).
  EXPECT_EQ(scalar("SELECT count(*) FROM samples INDEXED BY samples_executed_subject_time"
                   " WHERE outcome = 'success' AND cache NOT IN ('local', 'remote')"
                   " AND kind != 'inference'"),
            "1");
  EXPECT_NE(scalar("EXPLAIN QUERY PLAN SELECT subject, duration_ms FROM samples WHERE outcome = "
                   "'success' AND cache NOT IN ('local', 'remote') AND kind != 'inference' ORDER "
                   "BY subject, started_ms DESC, id DESC")
                .find("samples_executed_subject_time"),
            std::string::npos);
  sqlite3_close(db);
  auto store = MetricsStore::open(path());
  ASSERT_TRUE(store);
  auto medians = store->recent_medians();
  ASSERT_TRUE(medians);
  EXPECT_EQ(medians->at("a:build"), 100);
}

TEST(RecordKind, NamesRoundTripAndTargetsMapToKinds) {
  for (auto k : {RecordKind::k_task, RecordKind::k_build, RecordKind::k_test,
                 RecordKind::k_deployment, RecordKind::k_inference})
    EXPECT_EQ(parse_record_kind(to_string(k)), k);
  EXPECT_EQ(kind_of_target("build"), RecordKind::k_build);
  EXPECT_EQ(kind_of_target("test-unit"), RecordKind::k_test);
  EXPECT_EQ(kind_of_target("e2e"), RecordKind::k_test);
  EXPECT_EQ(kind_of_target("deploy"), RecordKind::k_deployment);
  EXPECT_EQ(kind_of_target("image"), RecordKind::k_build);  // strata image build's target
  EXPECT_EQ(kind_of_target("lint"), RecordKind::k_task);
}

}  // namespace
}  // namespace strata::monitor
