#include "serve/model_stats.h"

#include <fmt/format.h>
#include <gtest/gtest.h>

#include <algorithm>
#include <sstream>

namespace strata::serve {
namespace {

// The value of the sample line starting with `prefix` in `text`; -1 if none.
double sample(const std::string& text, const std::string& prefix) {
  std::istringstream in(text);
  for (std::string line; std::getline(in, line);)
    if (line.starts_with(prefix + " ")) return std::stod(line.substr(prefix.size() + 1));
  return -1;
}

TEST(Histogram, BucketsAreCumulativeAndInclusive) {
  Histogram h;
  h.observe(0.00005);  // exactly the first bound: counted in it
  h.observe(0.0003);
  h.observe(1.0);
  std::string text = h.render("t", "m=\"a\"");
  EXPECT_EQ(sample(text, "t_bucket{m=\"a\",le=\"5e-05\"}"), 1);
  EXPECT_EQ(sample(text, "t_bucket{m=\"a\",le=\"0.00025\"}"), 1);
  EXPECT_EQ(sample(text, "t_bucket{m=\"a\",le=\"0.0005\"}"), 2);
  EXPECT_EQ(sample(text, "t_bucket{m=\"a\",le=\"0.5\"}"), 2);
  EXPECT_EQ(sample(text, "t_bucket{m=\"a\",le=\"2\"}"), 3);
  EXPECT_EQ(sample(text, "t_bucket{m=\"a\",le=\"+Inf\"}"), 3);
  EXPECT_EQ(sample(text, "t_count{m=\"a\"}"), 3);
  EXPECT_NEAR(sample(text, "t_sum{m=\"a\"}"), 1.00035, 1e-9);
}

TEST(Histogram, ASlowObservationIsOnlyInInf) {
  Histogram h;
  h.observe(30);
  std::string text = h.render("t", "x=\"1\"");
  EXPECT_EQ(sample(text, "t_bucket{x=\"1\",le=\"2\"}"), 0);
  EXPECT_EQ(sample(text, "t_bucket{x=\"1\",le=\"+Inf\"}"), 1);
}

TEST(Histogram, BucketCountsNeverDecreaseWithTheBound) {
  Histogram h;
  for (double s : {0.0, 0.00001, 0.0007, 0.002, 0.004, 0.02, 0.3, 1.9, 5.0}) h.observe(s);
  std::string text = h.render("t", "a=\"b\"");
  double last = 0;
  for (double le : Histogram::k_buckets) {
    double v = sample(text, "t_bucket{a=\"b\",le=\"" + fmt::format("{}", le) + "\"}");
    ASSERT_GE(v, last) << le;
    last = v;
  }
  EXPECT_LE(last, sample(text, "t_bucket{a=\"b\",le=\"+Inf\"}"));
}

TEST(Histogram, ANegativeDurationAddsNothingToTheSum) {
  // A clock step backwards must not wrap the unsigned sum around.
  Histogram h;
  h.observe(0.5);
  h.observe(-0.25);
  std::string text = h.render("t", "a=\"b\"");
  EXPECT_EQ(sample(text, "t_count{a=\"b\"}"), 2);
  EXPECT_NEAR(sample(text, "t_sum{a=\"b\"}"), 0.5, 1e-9);
}

TEST(Histogram, AnEmptyHistogramRendersZeros) {
  Histogram h;
  std::string text = h.render("t", "a=\"b\"");
  EXPECT_EQ(sample(text, "t_count{a=\"b\"}"), 0);
  EXPECT_EQ(sample(text, "t_sum{a=\"b\"}"), 0);
  EXPECT_EQ(std::count(text.begin(), text.end(), '\n'),
            static_cast<long>(Histogram::k_buckets.size()) + 3);
}

TEST(ModelStats, RendersEveryFamilyTheHelpDeclares) {
  ModelStats s;
  s.success = 5;
  s.failure = 1;
  s.rows = 40;
  s.batches = 3;
  s.compute.observe(0.001);
  std::string text = render_model_stats(s, "model=\"iris\",version=\"3\"");
  EXPECT_EQ(
      sample(text, "strata_serve_requests_total{model=\"iris\",version=\"3\",outcome=\"success\"}"),
      5);
  EXPECT_EQ(
      sample(text, "strata_serve_requests_total{model=\"iris\",version=\"3\",outcome=\"failure\"}"),
      1);
  EXPECT_EQ(sample(text, "strata_serve_inferences_total{model=\"iris\",version=\"3\"}"), 40);
  EXPECT_EQ(sample(text, "strata_serve_batches_total{model=\"iris\",version=\"3\"}"), 3);
  EXPECT_EQ(
      sample(text, "strata_serve_compute_duration_seconds_count{model=\"iris\",version=\"3\"}"), 1);
  // Every family rendered has a TYPE line in the help.
  std::string help = model_stats_help();
  std::istringstream in(text);
  for (std::string line; std::getline(in, line);) {
    std::string family = line.substr(0, line.find('{'));
    for (const char* suffix : {"_bucket", "_sum", "_count"})
      if (family.ends_with(suffix) && family.find("duration") != std::string::npos)
        family.resize(family.size() - std::string_view(suffix).size());
    EXPECT_NE(help.find("# TYPE " + family + " "), std::string::npos) << family;
  }
}

}  // namespace
}  // namespace strata::serve
