#pragma once
// ModelStats: what a model version counts for Prometheus: requests by
// outcome, rows and batches run, and histograms of request, queue and
// compute time (microsecond-scale buckets, since a small model answers in
// tens of microseconds). Lock-free: every field is an atomic counter.

#include <array>
#include <atomic>
#include <string>

namespace strata::serve {

class Histogram {
 public:
  static constexpr std::array<double, 12> k_buckets = {
      0.00005, 0.0001, 0.00025, 0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.1, 0.5, 2};
  void observe(double seconds);
  // The _bucket, _sum and _count lines of family `name` with `labels`.
  std::string render(const std::string& name, const std::string& labels) const;

 private:
  std::array<std::atomic<unsigned long long>, k_buckets.size()> m_buckets{};
  std::atomic<unsigned long long> m_count{0};
  std::atomic<unsigned long long> m_sum_ns{0};
};

struct ModelStats {
  std::atomic<unsigned long long> success{0};
  std::atomic<unsigned long long> failure{0};
  std::atomic<unsigned long long> rows{0};
  std::atomic<unsigned long long> batches{0};
  Histogram request;
  Histogram queue;
  Histogram compute;
};

// The HELP and TYPE lines of the families ModelStats renders.
std::string model_stats_help();
// One version's samples; `labels` is `model="m",version="3"`.
std::string render_model_stats(const ModelStats& s, const std::string& labels);

}  // namespace strata::serve
