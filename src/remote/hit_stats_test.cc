#include "remote/hit_stats.h"

#include <gtest/gtest.h>

#include "cache/test_dir.h"

namespace strata::remote {

TEST(HitStats, RecordsRunsAndKeepsTheNewest) {
  testutil::TestDir dir;
  auto file = hit_stats_path(dir.root());
  ASSERT_TRUE(load_hit_stats(file));
  EXPECT_TRUE(load_hit_stats(file)->empty());
  for (size_t i = 0; i < k_hit_stats_runs + 3; ++i) {
    RunCounts r{static_cast<int64_t>(i), 4, 1, 2, 1, true, i % 2 == 1};
    ASSERT_TRUE(record_hit_stats(file, r));
  }
  auto runs = load_hit_stats(file);
  ASSERT_TRUE(runs) << runs.error().str();
  ASSERT_EQ(runs->size(), k_hit_stats_runs);
  EXPECT_EQ(runs->front().time_ms, 3);
  EXPECT_EQ(runs->back(), (RunCounts{22, 4, 1, 2, 1, true, false}));
  HitRates rates = hit_rates(*runs);
  EXPECT_DOUBLE_EQ(rates.local(), 0.25);
  EXPECT_DOUBLE_EQ(rates.remote(), 0.5);
}

TEST(HitStats, ADamagedFileIsAnErrorAndIsStartedAgain) {
  testutil::TestDir dir;
  auto file = hit_stats_path(dir.root());
  ASSERT_TRUE(record_hit_stats(file, RunCounts{1, 2, 1, 0, 0, false, false}));
  std::string text = dir.read(".strata/cache-stats");
  text[text.size() - 3] = '7';
  dir.write(".strata/cache-stats", text);
  EXPECT_FALSE(load_hit_stats(file));
  ASSERT_TRUE(record_hit_stats(file, RunCounts{5, 1, 1, 0, 0, false, false}));
  auto runs = load_hit_stats(file);
  ASSERT_TRUE(runs);
  EXPECT_EQ(runs->size(), 1u);
}

}  // namespace strata::remote
