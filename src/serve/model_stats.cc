// Sums are kept in nanoseconds as integers so they can be atomic without a
// compare-and-swap loop on a double.

#include "serve/model_stats.h"

#include <fmt/format.h>

namespace strata::serve {

void Histogram::observe(double seconds) {
  for (size_t i = 0; i < k_buckets.size(); ++i)
    if (seconds <= k_buckets[i]) m_buckets[i].fetch_add(1, std::memory_order_relaxed);
  // Negative (a clock stepped back) or NaN would wrap the unsigned sum.
  double ns = seconds > 0 ? seconds * 1e9 : 0;
  m_sum_ns.fetch_add(static_cast<unsigned long long>(ns), std::memory_order_relaxed);
  m_count.fetch_add(1, std::memory_order_relaxed);
}

std::string Histogram::render(const std::string& name, const std::string& labels) const {
  std::string out;
  unsigned long long count = m_count.load();
  for (size_t i = 0; i < k_buckets.size(); ++i)
    out += fmt::format("{}_bucket{{{},le=\"{}\"}} {}\n", name, labels, k_buckets[i],
                       std::min(m_buckets[i].load(), count));
  out += fmt::format("{}_bucket{{{},le=\"+Inf\"}} {}\n", name, labels, count);
  out += fmt::format("{}_sum{{{}}} {}\n", name, labels, static_cast<double>(m_sum_ns.load()) / 1e9);
  out += fmt::format("{}_count{{{}}} {}\n", name, labels, count);
  return out;
}

std::string model_stats_help() {
  return "# HELP strata_serve_requests_total Inference requests answered, by model, version and "
         "outcome.\n"
         "# TYPE strata_serve_requests_total counter\n"
         "# HELP strata_serve_inferences_total Rows inferred (a batched request counts each row).\n"
         "# TYPE strata_serve_inferences_total counter\n"
         "# HELP strata_serve_batches_total Model executions (one per batch).\n"
         "# TYPE strata_serve_batches_total counter\n"
         "# HELP strata_serve_request_duration_seconds An inference request's time in the server, "
         "parsing included.\n"
         "# TYPE strata_serve_request_duration_seconds histogram\n"
         "# HELP strata_serve_queue_duration_seconds Time a request waited for an instance and its "
         "batch.\n"
         "# TYPE strata_serve_queue_duration_seconds histogram\n"
         "# HELP strata_serve_compute_duration_seconds Time the model ran on a request's batch.\n"
         "# TYPE strata_serve_compute_duration_seconds histogram\n";
}

std::string render_model_stats(const ModelStats& s, const std::string& labels) {
  std::string out;
  out += fmt::format("strata_serve_requests_total{{{},outcome=\"success\"}} {}\n", labels,
                     s.success.load());
  out += fmt::format("strata_serve_requests_total{{{},outcome=\"failure\"}} {}\n", labels,
                     s.failure.load());
  out += fmt::format("strata_serve_inferences_total{{{}}} {}\n", labels, s.rows.load());
  out += fmt::format("strata_serve_batches_total{{{}}} {}\n", labels, s.batches.load());
  out += s.request.render("strata_serve_request_duration_seconds", labels);
  out += s.queue.render("strata_serve_queue_duration_seconds", labels);
  out += s.compute.render("strata_serve_compute_duration_seconds", labels);
  return out;
}

}  // namespace strata::serve
