#pragma once
// Metrics: what a server counts for Prometheus (text format 0.0.4): requests
// by route pattern, method and status, a latency histogram, and the open
// connections. Routes are patterns, never raw paths, so the label set stays
// bounded whatever clients send.

#include <array>
#include <atomic>
#include <functional>
#include <map>
#include <mutex>
#include <string>
#include <tuple>
#include <vector>

namespace strata::http {

class Metrics {
 public:
  static constexpr std::array<double, 10> k_buckets = {0.0005, 0.001, 0.0025, 0.005, 0.01,
                                                       0.025,  0.1,   0.5,    1,     5};

  void record(const std::string& route, const std::string& method, int status, double seconds);
  void opened() { ++m_open; }
  void closed() { --m_open; }
  void refused() { ++m_refused; }
  long open() const { return m_open.load(); }

  // Adds text a server's own layer renders (its families, in the same
  // format) to the end of the exposition. Add before the server listens.
  void add_section(std::function<std::string()> render) { m_sections.push_back(std::move(render)); }

  // The exposition text served at /metrics.
  std::string render() const;

 private:
  mutable std::mutex m_mutex;
  std::map<std::tuple<std::string, std::string, int>, unsigned long long>
      m_requests;                                                      // guarded by m_mutex
  std::array<unsigned long long, k_buckets.size()> m_bucket_counts{};  // guarded by m_mutex
  unsigned long long m_count = 0;                                      // guarded by m_mutex
  double m_sum = 0;                                                    // guarded by m_mutex
  std::atomic<long> m_open{0};
  std::atomic<unsigned long long> m_refused{0};
  std::vector<std::function<std::string()>> m_sections;  // set before listening, read-only after
};

}  // namespace strata::http
