// The exposition is rendered from one locked copy of the counters, so a
// scrape sees a consistent histogram (count == +Inf bucket).

#include "http/metrics.h"

#include <fmt/format.h>

namespace strata::http {

namespace {

// Label values escaped as the text format asks (backslash, quote, newline).
std::string label(const std::string& v) {
  std::string out;
  for (char c : v) {
    if (c == '\\' || c == '"') out += '\\';
    if (c == '\n') {
      out += "\\n";
      continue;
    }
    out += c;
  }
  return out;
}

}  // namespace

void Metrics::record(const std::string& route, const std::string& method, int status,
                     double seconds) {
  std::lock_guard lock(m_mutex);
  ++m_requests[{route, method, status}];
  for (size_t i = 0; i < k_buckets.size(); ++i)
    if (seconds <= k_buckets[i]) ++m_bucket_counts[i];
  ++m_count;
  m_sum += seconds;
}

std::string Metrics::render() const {
  std::lock_guard lock(m_mutex);
  std::string out;
  out +=
      "# HELP strata_http_requests_total HTTP requests answered, by route pattern, method and "
      "status.\n";
  out += "# TYPE strata_http_requests_total counter\n";
  for (const auto& [key, n] : m_requests) {
    const auto& [route, method, status] = key;
    out +=
        fmt::format("strata_http_requests_total{{route=\"{}\",method=\"{}\",status=\"{}\"}} {}\n",
                    label(route), label(method), status, n);
  }
  out +=
      "# HELP strata_http_request_duration_seconds Time from a request's first byte to its "
      "answer.\n";
  out += "# TYPE strata_http_request_duration_seconds histogram\n";
  for (size_t i = 0; i < k_buckets.size(); ++i)
    out += fmt::format("strata_http_request_duration_seconds_bucket{{le=\"{}\"}} {}\n",
                       k_buckets[i], m_bucket_counts[i]);
  out += fmt::format("strata_http_request_duration_seconds_bucket{{le=\"+Inf\"}} {}\n", m_count);
  out += fmt::format("strata_http_request_duration_seconds_sum {}\n", m_sum);
  out += fmt::format("strata_http_request_duration_seconds_count {}\n", m_count);
  out += "# HELP strata_http_open_connections Connections open now.\n";
  out += "# TYPE strata_http_open_connections gauge\n";
  out += fmt::format("strata_http_open_connections {}\n", m_open.load());
  out +=
      "# HELP strata_http_refused_connections_total Connections refused with 503 over the "
      "connection limit.\n";
  out += "# TYPE strata_http_refused_connections_total counter\n";
  out += fmt::format("strata_http_refused_connections_total {}\n", m_refused.load());
  for (const auto& section : m_sections) out += section();
  return out;
}

}  // namespace strata::http
