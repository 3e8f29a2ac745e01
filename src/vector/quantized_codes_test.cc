// The 8-bit codes: each row's recorded error covers its real reconstruction
// error and stays within half a step per dimension; integer pixels encode
// without error; widening the range re-encodes old rows; the bounded scan
// returns exactly what a brute-force scan of the floats returns; the
// persisted form reads back the same and refuses a truncated one.

#include "vector/quantized_codes.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <random>
#include <string>
#include <vector>

#include "vector/distance.h"

namespace strata::vec {
namespace {

std::vector<float> random_rows(size_t n, size_t d, std::mt19937& rng, float lo = -2, float hi = 5) {
  std::uniform_real_distribution<float> u(lo, hi);
  std::vector<float> v(n * d);
  for (float& x : v) x = u(rng);
  return v;
}

double reconstruction_error(const QuantizedCodes& c, const float* x, int64_t row) {
  double s = 0;
  for (size_t i = 0; i < c.dim(); ++i) {
    double e = static_cast<double>(x[i]) - c.decode(i, c.code(row)[i]);
    s += e * e;
  }
  return std::sqrt(s);
}

void expect_bounds_hold(const QuantizedCodes& c, const std::vector<float>& v) {
  size_t d = c.dim();
  for (size_t r = 0; r < c.rows(); ++r) {
    double real = reconstruction_error(c, v.data() + r * d, static_cast<int64_t>(r));
    EXPECT_GE(c.error(static_cast<int64_t>(r)), real) << "row " << r;
    EXPECT_LE(real, c.step() / 2 * std::sqrt(static_cast<double>(d)) * (1 + 1e-5)) << "row " << r;
  }
}

// The k nearest by the float kernel, ties by row: what scan_l2 must return.
std::vector<std::pair<float, int64_t>> brute_force(const float* q, const std::vector<float>& v,
                                                   size_t d, const std::vector<int64_t>& rows,
                                                   size_t k) {
  std::vector<std::pair<float, int64_t>> all;
  for (int64_t r : rows)
    all.emplace_back(active_kernels().l2_squared(q, v.data() + static_cast<size_t>(r) * d, d), r);
  std::sort(all.begin(), all.end());
  all.resize(std::min(k, all.size()));
  return all;
}

TEST(QuantizedCodes, RoundTripErrorIsRecordedAndWithinHalfAStep) {
  std::mt19937 rng(1);
  for (size_t d : {1u, 7u, 64u, 784u}) {
    auto v = random_rows(200, d, rng);
    QuantizedCodes c(d);
    c.append(v.data(), 200);
    ASSERT_EQ(c.rows(), 200u);
    EXPECT_NEAR(c.step(), 7.0f / 255, 0.1f / 255) << d;
    expect_bounds_hold(c, v);
  }
}

TEST(QuantizedCodes, IntegerPixelsEncodeWithoutError) {
  std::mt19937 rng(2);
  std::uniform_int_distribution<int> px(0, 255);
  size_t d = 784, n = 100;
  std::vector<float> v(n * d);
  for (float& x : v) x = static_cast<float>(px(rng));
  QuantizedCodes c(d);
  c.append(v.data(), n);
  for (size_t r = 0; r < n; ++r) {
    EXPECT_EQ(c.error(static_cast<int64_t>(r)), 0.0f);
    EXPECT_EQ(reconstruction_error(c, v.data() + r * d, static_cast<int64_t>(r)), 0.0);
  }
}

TEST(QuantizedCodes, RowsOutsideTheRangeWidenItAndReencodeEveryRow) {
  std::mt19937 rng(3);
  size_t d = 16;
  auto v = random_rows(50, d, rng, 0, 1);
  QuantizedCodes c(d);
  c.append(v.data(), 50);
  float narrow = c.step();
  auto more = random_rows(10, d, rng, -10, 10);
  v.insert(v.end(), more.begin(), more.end());
  c.append(v.data(), 60);
  ASSERT_EQ(c.rows(), 60u);
  EXPECT_GT(c.step(), narrow * 10);
  expect_bounds_hold(c, v);
  // Rows inside the range are appended without retraining.
  float step = c.step();
  auto inside = random_rows(5, d, rng, 0, 1);
  v.insert(v.end(), inside.begin(), inside.end());
  c.append(v.data(), 65);
  EXPECT_EQ(c.step(), step);
  expect_bounds_hold(c, v);
}

TEST(QuantizedCodes, TheScanWithReRankIsExactOnABruteForceCheck) {
  std::mt19937 rng(4);
  for (size_t d : {3u, 32u, 100u}) {
    size_t n = 2000;
    auto v = random_rows(n, d, rng);
    QuantizedCodes c(d);
    c.append(v.data(), n);
    std::vector<int64_t> every_third;
    for (size_t r = 0; r < n; r += 3) every_third.push_back(static_cast<int64_t>(r));
    for (int trial = 0; trial < 30; ++trial) {
      // Some queries lie outside the trained range: their own error grows.
      auto q = random_rows(1, d, rng, trial % 3 ? -2.0f : -6.0f, trial % 3 ? 5.0f : 9.0f);
      for (size_t k : {1u, 10u, 50u}) {
        size_t reranked = 0;
        auto got = c.scan_l2(q.data(), v.data(), every_third, k, &reranked);
        EXPECT_EQ(got, brute_force(q.data(), v, d, every_third, k)) << d << " k=" << k;
        EXPECT_LE(reranked, every_third.size());
      }
    }
  }
}

TEST(QuantizedCodes, OnIntegerDataTheReRankComparesAboutKRows) {
  std::mt19937 rng(5);
  std::uniform_int_distribution<int> px(0, 255);
  size_t d = 64, n = 5000;
  std::vector<float> v(n * d);
  for (float& x : v) x = static_cast<float>(px(rng));
  QuantizedCodes c(d);
  c.append(v.data(), n);
  std::vector<int64_t> rows(n);
  for (size_t r = 0; r < n; ++r) rows[r] = static_cast<int64_t>(r);
  std::vector<float> q(v.begin(), v.begin() + static_cast<long>(d));  // an integer query
  q[0] = 17;
  size_t reranked = 0;
  auto got = c.scan_l2(q.data(), v.data(), rows, 10, &reranked);
  EXPECT_EQ(got, brute_force(q.data(), v, d, rows, 10));
  EXPECT_LT(reranked, 30u);
}

TEST(QuantizedCodes, FewerRowsThanKAndNoRows) {
  std::mt19937 rng(6);
  auto v = random_rows(5, 4, rng);
  QuantizedCodes c(4);
  c.append(v.data(), 5);
  std::vector<int64_t> two{1, 3};
  EXPECT_EQ(c.scan_l2(v.data(), v.data(), two, 10).size(), 2u);
  EXPECT_TRUE(c.scan_l2(v.data(), v.data(), {}, 10).empty());
  EXPECT_TRUE(c.scan_l2(v.data(), v.data(), two, 0).empty());
}

std::string bytes_of(const QuantizedCodes& c) {
  std::string out;
  c.write([&](const void* p, size_t n) { out.append(static_cast<const char*>(p), n); });
  return out;
}

Result<QuantizedCodes> read_from(const std::string& bytes, size_t dim) {
  size_t at = 0;
  return QuantizedCodes::read(
      [&](void* p, size_t n) {
        if (bytes.size() - at < n) return false;
        std::copy_n(bytes.data() + at, n, static_cast<char*>(p));
        at += n;
        return true;
      },
      dim, 1 << 20);
}

TEST(QuantizedCodes, ThePersistedFormReadsBackTheSameAndTruncationIsAnError) {
  std::mt19937 rng(7);
  size_t d = 9;
  auto v = random_rows(40, d, rng);
  QuantizedCodes c(d);
  c.append(v.data(), 40);
  std::string bytes = bytes_of(c);
  EXPECT_EQ(bytes.size(), 4 + 2 * 4 * d + 8 + 40 * 4 + 40 * d);
  auto back = read_from(bytes, d);
  ASSERT_TRUE(back.ok()) << back.error().message;
  EXPECT_EQ(bytes_of(*back), bytes);
  std::vector<int64_t> rows{0, 5, 9, 30};
  EXPECT_EQ(back->scan_l2(v.data(), v.data(), rows, 2), c.scan_l2(v.data(), v.data(), rows, 2));
  for (size_t n : {size_t{0}, size_t{3}, size_t{50}, bytes.size() - 1})
    EXPECT_FALSE(read_from(bytes.substr(0, n), d).ok()) << n;
  // An empty set reads back untrained, and trains on its first rows.
  QuantizedCodes empty(d);
  auto e = read_from(bytes_of(empty), d);
  ASSERT_TRUE(e.ok());
  EXPECT_EQ(e->rows(), 0u);
  e->append(v.data(), 40);
  expect_bounds_hold(*e, v);
}

}  // namespace
}  // namespace strata::vec
