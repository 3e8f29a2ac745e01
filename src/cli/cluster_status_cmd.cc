// The plugin side of `strata services status --env E` and `strata logs
// SERVICE --env E`: the binary parses their options and calls these entry
// points (cli/cluster_entry.cc), so the binary itself never links TLS.

#include <cstdio>

#include "cli/cluster_cmd.h"
#include "cli/cluster_connection.h"
#include "cli/command_support.h"
#include "cli/context.h"
#include "cluster/rollout.h"
#include "config/topology.h"
#include "kube/objects.h"

namespace strata::cli {

namespace {

using nlohmann::json;

struct ServiceState {
  std::string service;
  cluster::ObjectRef deployment;
  bool deployed = false;
  cluster::RolloutStatus status;
};

json state_json(const ServiceState& s) {
  json j = {{"service", s.service},
            {"namespace", s.deployment.namespace_},
            {"deployment", s.deployment.name},
            {"deployed", s.deployed}};
  if (!s.deployed) return j;
  j.update({{"desired", s.status.desired},
            {"ready", s.status.ready},
            {"updated", s.status.updated},
            {"available", s.status.available},
            {"revision", s.status.revision},
            {"images", s.status.images},
            {"last_rollout", s.status.last_rollout},
            {"phase", cluster::phase_name(s.status.phase)},
            {"message", s.status.message}});
  return j;
}

void print_table(const std::vector<ServiceState>& states) {
  std::printf("%-20s %-12s %-7s %-5s %-7s %-9s %-8s %-30s %-20s %s\n", "SERVICE", "NAMESPACE",
              "DESIRED", "READY", "UPDATED", "AVAILABLE", "REVISION", "IMAGE", "LAST ROLLOUT",
              "STATUS");
  for (const auto& s : states) {
    if (!s.deployed) {
      std::printf("%-20s %-12s %s\n", s.service.c_str(), s.deployment.namespace_.c_str(),
                  "not deployed");
      continue;
    }
    std::string image = s.status.images.empty() ? "-" : s.status.images[0];
    std::printf("%-20s %-12s %-7d %-5d %-7d %-9d %-8lld %-30s %-20s %s\n", s.service.c_str(),
                s.deployment.namespace_.c_str(), s.status.desired, s.status.ready, s.status.updated,
                s.status.available, static_cast<long long>(s.status.revision), image.c_str(),
                s.status.last_rollout.empty() ? "-" : s.status.last_rollout.c_str(),
                std::string(cluster::phase_name(s.status.phase)).c_str());
  }
}

ExitCode services_status(const ClusterStatusRequest& r) {
  auto scanned = scan_workspace();
  if (!scanned) return ExitCode::k_failure;
  auto topology = load_topology(scanned->root);
  if (!topology) return fail(topology.error());
  std::vector<std::string> services;
  for (const auto& context : kube::deployable_contexts(*topology))
    if (r.context.empty() || r.context == context) services.push_back(context);
  if (!r.context.empty() && services.empty())
    return fail(Error("'" + r.context + "' is not a split service", SourceLoc{"topology.json"},
                      "strata services list"));
  auto c = connect_cluster(r.target);
  if (!c) return fail(c.error());
  ObjectSource source{scanned->root, "", ""};
  std::vector<ServiceState> states;
  for (const auto& service : services) {
    ServiceState s{service, service_deployment(source, service, r.target, *c), false, {}};
    auto d = c->api->get(s.deployment);
    if (!d) return fail(d.error());
    if (*d) s.deployed = true, s.status = cluster::assess_rollout(**d);
    states.push_back(std::move(s));
  }
  if (r.json) {
    json arr = json::array();
    for (const auto& s : states) arr.push_back(state_json(s));
    print_json(arr);
  } else if (states.empty()) {
    std::printf("Every context runs in the monolith: strata split CONTEXT --transport http\n");
  } else {
    print_table(states);
  }
  return ExitCode::k_ok;
}

ExitCode logs(const ClusterLogsRequest& r) {
  auto scanned = scan_workspace();
  if (!scanned) return ExitCode::k_failure;
  auto c = connect_cluster(r.target);
  if (!c) return fail(c.error());
  ObjectSource source{scanned->root, "", ""};
  cluster::ObjectRef ref = service_deployment(source, r.service, r.target, *c);
  auto d = c->api->get(ref);
  if (!d) return fail(d.error());
  if (!*d)
    return fail(Error(r.service + " is not deployed in " + r.target.env + " (no Deployment/" +
                          ref.name + " in namespace " + ref.namespace_ + ")",
                      {}, "strata deploy " + r.service + " --env " + r.target.env));
  cluster::LogOptions o{pod_selector(**d), r.follow, r.tail_lines};
  Status s = c->api->logs(ref.namespace_, o, [](std::string_view pod, std::string_view line) {
    std::printf("%.*s | %.*s\n", static_cast<int>(pod.size()), pod.data(),
                static_cast<int>(line.size()), line.data());
    std::fflush(stdout);
  });
  if (!s) return fail(s.error());
  return ExitCode::k_ok;
}

}  // namespace

}  // namespace strata::cli

extern "C" __attribute__((visibility("default"))) int strata_plugin_cluster_status(
    const strata::cli::ClusterStatusRequest* request) {
  return static_cast<int>(strata::cli::services_status(*request));
}

extern "C" __attribute__((visibility("default"))) int strata_plugin_cluster_logs(
    const strata::cli::ClusterLogsRequest* request) {
  return static_cast<int>(strata::cli::logs(*request));
}
