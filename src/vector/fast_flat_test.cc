// FastFlat against FAISS's own IndexFlat: the kernels chosen for this CPU
// must give FAISS's distances (L2 and inner product, odd dimensions that
// leave a SIMD tail), and swapping an HNSW index's storage must keep its
// vectors and answers, once, however often it is asked.

#include "vector/fast_flat.h"

#include <faiss/impl/DistanceComputer.h>
#include <gtest/gtest.h>

#include <memory>
#include <random>
#include <vector>

namespace strata::vec {
namespace {

std::vector<float> random_vectors(size_t n, size_t d, unsigned seed) {
  std::mt19937 rng(seed);
  std::uniform_real_distribution<float> u(-1, 1);
  std::vector<float> v(n * d);
  for (float& x : v) x = u(rng);
  return v;
}

class FastFlatTest : public ::testing::TestWithParam<std::tuple<faiss::MetricType, int>> {};

TEST_P(FastFlatTest, DistancesMatchFaissFlat) {
  auto [metric, d] = GetParam();
  const size_t n = 40;
  auto data = random_vectors(n, d, 7);
  auto query = random_vectors(1, d, 8);
  faiss::IndexFlat reference(d, metric);
  FastFlat fast(d, metric);
  reference.add(n, data.data());
  fast.add(n, data.data());
  std::unique_ptr<faiss::FlatCodesDistanceComputer> want(reference.get_FlatCodesDistanceComputer());
  std::unique_ptr<faiss::FlatCodesDistanceComputer> got(fast.get_FlatCodesDistanceComputer());
  want->set_query(query.data());
  got->set_query(query.data());
  for (faiss::Index::idx_t i = 0; i < static_cast<faiss::Index::idx_t>(n); ++i) {
    EXPECT_NEAR((*got)(i), (*want)(i), 1e-4) << "row " << i;
    EXPECT_NEAR(got->symmetric_dis(i, (i + 1) % n), want->symmetric_dis(i, (i + 1) % n), 1e-4);
  }
}

INSTANTIATE_TEST_SUITE_P(MetricsAndDimensions, FastFlatTest,
                         ::testing::Combine(::testing::Values(faiss::METRIC_L2,
                                                              faiss::METRIC_INNER_PRODUCT),
                                            ::testing::Values(1, 3, 8, 17, 128, 131)));

TEST(UseFastStorage, KeepsTheVectorsAndTheAnswers) {
  const int d = 19;
  const size_t n = 300;
  auto data = random_vectors(n, d, 1);
  auto queries = random_vectors(5, d, 2);
  faiss::IndexHNSWFlat index(d, 8, faiss::METRIC_L2);
  index.add(n, data.data());
  std::vector<float> before_d(5 * 4), after_d(5 * 4);
  std::vector<faiss::Index::idx_t> before_i(5 * 4), after_i(5 * 4);
  index.search(5, queries.data(), 4, before_d.data(), before_i.data());

  use_fast_storage(index);
  auto* fast = dynamic_cast<FastFlat*>(index.storage);
  ASSERT_NE(fast, nullptr);
  EXPECT_EQ(fast->ntotal, static_cast<faiss::Index::idx_t>(n));
  EXPECT_EQ(std::vector<float>(fast->get_xb(), fast->get_xb() + n * d), data);
  index.search(5, queries.data(), 4, after_d.data(), after_i.data());
  EXPECT_EQ(after_i, before_i);
  for (size_t i = 0; i < before_d.size(); ++i) EXPECT_NEAR(after_d[i], before_d[i], 1e-4);

  use_fast_storage(index);  // already fast: the same storage, nothing copied
  EXPECT_EQ(index.storage, fast);
  // Vectors added after the swap are searchable.
  auto more = random_vectors(1, d, 3);
  index.add(1, more.data());
  float dist;
  faiss::Index::idx_t id;
  index.search(1, more.data(), 1, &dist, &id);
  EXPECT_EQ(id, static_cast<faiss::Index::idx_t>(n));
  EXPECT_NEAR(dist, 0.0f, 1e-5);
}

}  // namespace
}  // namespace strata::vec
