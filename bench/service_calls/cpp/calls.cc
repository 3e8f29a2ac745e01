// Times calls of a generated C++ service's port: `get({id})` on one
// aggregate of the billing context, sequentially, through the transport
// named on the command line ("direct": the application service itself;
// "in-process": the generated local client with its codec; "http", "grpc"
// or "kafka": the generated remote client of a service already running,
// whichever the split generated), the same way calls.py does for Python. Prints one JSON line per round: p50 and p99 in
// microseconds and calls per second.
// Usage: calls_bench TRANSPORT CALLS ROUNDS

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <memory>
#include <string>
#include <vector>

#include "billing/infrastructure/composition.h"
#include "billing/service/codec.h"
#include "billing/service/http_client.h"
#ifdef WITH_GRPC
#include "billing/service/grpc_client.h"
#endif
#ifdef WITH_KAFKA
#include "billing/service/kafka_client.h"
#endif

namespace {

using Clock = std::chrono::steady_clock;

double percentile(const std::vector<double>& sorted, double q) {
  auto index = std::min(sorted.size() - 1,
                        static_cast<std::size_t>(q * static_cast<double>(sorted.size())));
  return sorted[index];
}

}  // namespace

int main(int argc, char** argv) {
  if (argc != 4) {
    std::fprintf(stderr, "usage: calls_bench TRANSPORT CALLS ROUNDS\n");
    return 2;
  }
  std::string transport = argv[1];
  int calls = std::atoi(argv[2]);
  int rounds = std::atoi(argv[3]);
  billing::infrastructure::InMemoryBillingContext context;
  std::unique_ptr<billing::api::BillingService> owned;
  billing::api::BillingService* port = &context.service();
  if (transport == "in-process") {
    owned = billing::service::local_client(context.service());
  } else if (transport == "http") {
    owned = billing::service::http_client();
#ifdef WITH_GRPC
  } else if (transport == "grpc") {
    owned = billing::service::grpc_client();
#endif
#ifdef WITH_KAFKA
  } else if (transport == "kafka") {
    owned = billing::service::kafka_client();
#endif
  } else if (transport != "direct") {
    std::fprintf(stderr, "unknown transport %s\n", transport.c_str());
    return 2;
  }
  if (owned) port = owned.get();
  std::string id = "bench-" + std::to_string(std::rand());
  if (!port->open({id}).ok()) {
    std::fprintf(stderr, "open failed\n");
    return 1;
  }
  for (int i = 0; i < std::min(calls, 200); ++i) (void)port->get({id});  // warm up
  for (int r = 0; r < rounds; ++r) {
    std::vector<double> samples;
    samples.reserve(static_cast<std::size_t>(calls));
    auto started = Clock::now();
    for (int i = 0; i < calls; ++i) {
      auto t0 = Clock::now();
      if (!port->get({id}).ok()) {
        std::fprintf(stderr, "get failed\n");
        return 1;
      }
      samples.push_back(std::chrono::duration<double, std::micro>(Clock::now() - t0).count());
    }
    double elapsed = std::chrono::duration<double>(Clock::now() - started).count();
    std::sort(samples.begin(), samples.end());
    std::printf("{\"transport\": \"%s\", \"p50_us\": %.3f, \"p99_us\": %.3f, \"calls_per_s\": %.1f}\n",
                transport.c_str(), percentile(samples, 0.5), percentile(samples, 0.99),
                calls / elapsed);
    std::fflush(stdout);
  }
  return 0;
}
