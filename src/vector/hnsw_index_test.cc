// The embedded store's search structure on its own, without the record
// table: replacing and removing ids (tombstones never surface), compaction
// (same answers, no dead slots), filtered queries (k matches exist → k
// results on both the exact and the graph path) and the score each metric
// reports. Snapshots are covered by index_snapshot_test.cc.

#include "vector/hnsw_index.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <random>
#include <set>

namespace strata::vec {
namespace {

using json = nlohmann::json;

CollectionSpec spec(Metric metric, int dim = 2) {
  CollectionSpec s;
  s.name = "c";
  s.dim = dim;
  s.metric = metric;
  return s;
}

StoredRow row(int64_t seq, std::string id, std::vector<float> v, json meta = nullptr) {
  return {seq, std::move(id), std::move(meta), std::move(v)};
}

Query query(std::vector<float> v, int k, json where = nullptr) {
  Query q;
  q.embedding = std::move(v);
  q.k = k;
  auto f = parse_filter(where);
  EXPECT_TRUE(f) << where.dump();
  q.filter = *f;
  return q;
}

std::vector<std::string> ids(const std::vector<Hit>& hits) {
  std::vector<std::string> out;
  for (const auto& h : hits) out.push_back(h.id);
  return out;
}

// n points on a line, id "pI" at (I, 0), with {"parity": "even"|"odd", "i": I}.
std::unique_ptr<HnswIndex> line(int n, Metric metric = Metric::k_l2, IndexParams p = {}) {
  auto index = std::make_unique<HnswIndex>(spec(metric), p);
  std::vector<StoredRow> rows;
  for (int i = 0; i < n; ++i)
    rows.push_back(row(i + 1, "p" + std::to_string(i), {static_cast<float>(i), 0.0f},
                       {{"parity", i % 2 ? "odd" : "even"}, {"i", i}}));
  index->add(rows);
  return index;
}

TEST(HnswIndexTest, NearestFirstWithItsMetadata) {
  auto index = line(50);
  auto hits = index->search(query({10.2f, 0}, 3));
  EXPECT_EQ(ids(hits), (std::vector<std::string>{"p10", "p11", "p9"}));
  EXPECT_NEAR(hits[0].score, 0.2f, 1e-5);
  EXPECT_EQ(hits[0].metadata["i"], 10);
  EXPECT_EQ(index->live_count(), 50u);
  EXPECT_EQ(index->last_seq(), 50);
}

TEST(HnswIndexTest, KBeyondTheLiveRowsOrNotPositiveIsClamped) {
  auto index = line(5);
  EXPECT_EQ(index->search(query({0, 0}, 100)).size(), 5u);
  EXPECT_TRUE(index->search(query({0, 0}, 0)).empty());
  EXPECT_TRUE(index->search(query({0, 0}, -3)).empty());
  HnswIndex empty(spec(Metric::k_l2), {});
  EXPECT_TRUE(empty.search(query({0, 0}, 5)).empty());
}

TEST(HnswIndexTest, AReplacedIdAnswersOnlyWithItsNewVectorAndMetadata) {
  auto index = line(20);
  std::vector<StoredRow> again{row(21, "p3", {100, 0}, {{"v", 2}})};
  index->add(again);
  EXPECT_EQ(index->live_count(), 20u);
  EXPECT_EQ(index->slot_count(), 21u);
  EXPECT_EQ(index->last_seq(), 21);
  auto near_old = index->search(query({3, 0}, 20));
  auto found = ids(near_old);
  EXPECT_EQ(std::count(found.begin(), found.end(), "p3"), 1);
  EXPECT_EQ(near_old.back().id, "p3");
  EXPECT_EQ(near_old.back().metadata, (json{{"v", 2}}));
  // The old slot's metadata is gone from filtered queries too.
  EXPECT_TRUE(index->search(query({3, 0}, 5, {{"i", 3}})).empty());
}

TEST(HnswIndexTest, RemovedIdsNeverComeBack) {
  auto index = line(30);
  EXPECT_TRUE(index->remove("p7"));
  EXPECT_FALSE(index->remove("p7"));
  EXPECT_FALSE(index->remove("absent"));
  EXPECT_FALSE(index->contains("p7"));
  auto hits = index->search(query({7, 0}, 30));
  EXPECT_EQ(hits.size(), 29u);
  for (const auto& h : hits) EXPECT_NE(h.id, "p7");
  EXPECT_EQ(hits[0].id == "p6" || hits[0].id == "p8", true) << hits[0].id;
  EXPECT_TRUE(index->search(query({7, 0}, 3, {{"i", 7}})).empty());
}

TEST(HnswIndexTest, RemovingEveryRowLeavesNothingToFind) {
  auto index = line(4);
  for (int i = 0; i < 4; ++i) EXPECT_TRUE(index->remove("p" + std::to_string(i)));
  EXPECT_EQ(index->live_count(), 0u);
  EXPECT_TRUE(index->search(query({1, 0}, 3)).empty());
  EXPECT_TRUE(index->search(query({1, 0}, 3, {{"parity", "odd"}})).empty());
}

TEST(HnswIndexTest, CompactionDropsTombstonesAndKeepsTheAnswers) {
  auto index = line(40);
  for (int i = 0; i < 40; i += 3) index->remove("p" + std::to_string(i));
  std::vector<StoredRow> moved{row(41, "p1", {-5, 0}, {{"parity", "odd"}})};
  index->add(moved);
  auto before = index->search(query({12.3f, 0}, 10));
  auto filtered_before = index->search(query({12.3f, 0}, 4, {{"parity", "odd"}}));
  size_t live = index->live_count();
  index->compact();
  EXPECT_EQ(index->slot_count(), live);
  EXPECT_EQ(index->live_count(), live);
  EXPECT_EQ(index->last_seq(), 41);
  EXPECT_EQ(ids(index->search(query({12.3f, 0}, 10))), ids(before));
  EXPECT_EQ(ids(index->search(query({12.3f, 0}, 4, {{"parity", "odd"}}))), ids(filtered_before));
  EXPECT_EQ(index->search(query({-5, 0}, 1))[0].metadata, (json{{"parity", "odd"}}));
  index->compact();  // idempotent
  EXPECT_EQ(index->slot_count(), live);
}

TEST(HnswIndexTest, FilteredQueriesReturnKMatchesOnTheExactPath) {
  auto index = line(200);
  auto hits = index->search(query({50, 0}, 6, {{"parity", "odd"}}));
  EXPECT_EQ(ids(hits), (std::vector<std::string>{"p49", "p51", "p47", "p53", "p45", "p55"}));
  hits = index->search(query({0, 0}, 5, {{"i", {{"$gte", 198}}}}));
  EXPECT_EQ(ids(hits), (std::vector<std::string>{"p198", "p199"}));
}

TEST(HnswIndexTest, FilteredQueriesReturnKMatchesOnTheGraphPath) {
  // exact_below 0 and a tiny beam: the filtered graph walk runs, and falls
  // back to the scan if it finds fewer than k.
  IndexParams p;
  p.exact_below = 0;
  p.ef_search = 4;
  p.m = 4;
  auto index = line(400, Metric::k_l2, p);
  for (int k : {1, 10, 150}) {
    auto hits = index->search(query({100, 0}, k, {{"parity", "even"}}));
    ASSERT_EQ(hits.size(), static_cast<size_t>(k)) << k;
    for (const auto& h : hits) EXPECT_EQ(h.metadata["parity"], "even") << h.id;
  }
}

TEST(HnswIndexTest, ScoresPerMetric) {
  HnswIndex l2(spec(Metric::k_l2), {});
  HnswIndex ip(spec(Metric::k_inner_product), {});
  HnswIndex cos(spec(Metric::k_cosine), {});
  for (HnswIndex* index : {&l2, &ip, &cos}) {
    std::vector<StoredRow> rows{row(1, "a", {3, 4}), row(2, "b", {0, 2})};
    index->add(rows);
  }
  // L2: the Euclidean distance.
  auto h = l2.search(query({0, 0}, 2));
  EXPECT_EQ(ids(h), (std::vector<std::string>{"b", "a"}));
  EXPECT_NEAR(h[1].score, 5.0f, 1e-5);
  // Inner product: minus the dot product, so lower is better as for the others.
  h = ip.search(query({1, 1}, 2));
  EXPECT_EQ(ids(h), (std::vector<std::string>{"a", "b"}));
  EXPECT_NEAR(h[0].score, -7.0f, 1e-5);
  EXPECT_NEAR(h[1].score, -2.0f, 1e-5);
  // Cosine: 1 - cos, independent of length.
  h = cos.search(query({0, 10}, 2));
  EXPECT_EQ(ids(h), (std::vector<std::string>{"b", "a"}));
  EXPECT_NEAR(h[0].score, 0.0f, 1e-5);
  EXPECT_NEAR(h[1].score, 1.0f - 0.8f, 1e-5);
  // Metadata never given is an empty object, not null.
  EXPECT_EQ(h[0].metadata, json::object());
}

TEST(HnswIndexTest, SearchRowsScoresLikeTheIndexAndFilters) {
  HnswIndex cos(spec(Metric::k_cosine), {});
  StoredRow a = row(1, "a", {3, 4}, {{"t", "x"}});
  StoredRow b = row(2, "b", {0, 2});
  StoredRow c = row(3, "c", {-1, 0}, {{"t", "x"}});
  std::vector<const StoredRow*> rows{&a, &b, &c};
  auto h = cos.search_rows(query({0, 1}, 5), rows);
  EXPECT_EQ(ids(h), (std::vector<std::string>{"b", "a", "c"}));
  EXPECT_NEAR(h[1].score, 0.2f, 1e-5);
  EXPECT_NEAR(h[2].score, 1.0f, 1e-5);
  EXPECT_EQ(h[0].metadata, json::object());
  EXPECT_EQ(ids(cos.search_rows(query({0, 1}, 5, {{"t", "x"}}), rows)),
            (std::vector<std::string>{"a", "c"}));
  EXPECT_EQ(ids(cos.search_rows(query({0, 1}, 1), rows)), (std::vector<std::string>{"b"}));
  EXPECT_TRUE(cos.search_rows(query({0, 1}, 0), rows).empty());
  EXPECT_TRUE(cos.search_rows(query({0, 1}, 3), {}).empty());
  // The rows are not the index's: it stays empty.
  EXPECT_EQ(cos.live_count(), 0u);
}

TEST(HnswIndexTest, AZeroQueryUnderCosineDoesNotPoisonScores) {
  auto index = line(5, Metric::k_cosine);
  auto hits = index->search(query({0, 0}, 3));
  ASSERT_EQ(hits.size(), 3u);
  for (const auto& h : hits) EXPECT_FALSE(std::isnan(h.score)) << h.id;
}

// Filtered queries at 10 % and 1 % selectivity over clustered data, scored
// against a brute-force search of the matching rows: the scan over 8-bit
// codes re-ranks on the floats, so recall stays at least 0.99 (it is exact
// up to ties) for both metrics the codes serve.
TEST(HnswIndexTest, FilteredQueriesKeepTheirRecallOnTheQuantisedScan) {
  constexpr int d = 24, n = 4000, k = 10;
  std::mt19937 rng(9);
  std::normal_distribution<float> noise(0, 1);
  std::vector<std::vector<float>> centres(20, std::vector<float>(d));
  for (auto& c : centres)
    for (float& x : c) x = noise(rng) * 6;
  std::vector<std::vector<float>> v(n);
  for (int i = 0; i < n; ++i) {
    v[i] = centres[static_cast<size_t>(i) % centres.size()];
    for (float& x : v[i]) x += noise(rng);
  }
  for (Metric metric : {Metric::k_l2, Metric::k_cosine}) {
    auto index = std::make_unique<HnswIndex>(spec(metric, d), IndexParams{});
    std::vector<StoredRow> rows;
    for (int i = 0; i < n; ++i)
      rows.push_back(row(i + 1, std::to_string(i), v[i], {{"label", i % 10}, {"bucket", i % 100}}));
    index->add(rows);
    auto normal = [&](std::vector<float> x) {
      if (metric != Metric::k_cosine) return x;
      double s = 0;
      for (float f : x) s += static_cast<double>(f) * f;
      for (float& f : x) f = static_cast<float>(f / std::sqrt(s));
      return x;
    };
    size_t found = 0, wanted = 0;
    for (int t = 0; t < 40; ++t) {
      std::vector<float> q = v[static_cast<size_t>(t * 97 % n)];
      for (float& x : q) x += noise(rng);
      bool tenth = t % 2 == 0;
      int want = (t * 7) % (tenth ? 10 : 100);
      json where = tenth ? json{{"label", want}} : json{{"bucket", want}};
      std::vector<std::pair<double, std::string>> truth;
      auto nq = normal(q);
      for (int i = 0; i < n; ++i) {
        if ((tenth ? i % 10 : i % 100) != want) continue;
        auto nv = normal(v[i]);
        double dist = 0;
        for (int j = 0; j < d; ++j) dist += (nq[j] - nv[j]) * (nq[j] - nv[j]);
        truth.emplace_back(dist, std::to_string(i));
      }
      std::sort(truth.begin(), truth.end());
      std::set<std::string> best;
      for (int i = 0; i < k; ++i) best.insert(truth[static_cast<size_t>(i)].second);
      auto hits = index->search(query(q, k, where));
      ASSERT_EQ(hits.size(), static_cast<size_t>(k));
      for (const auto& h : hits) found += best.count(h.id);
      wanted += k;
    }
    EXPECT_GE(static_cast<double>(found) / wanted, 0.99) << static_cast<int>(metric);
  }
}

}  // namespace
}  // namespace strata::vec
