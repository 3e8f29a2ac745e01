// The binary's side of the cluster plugin: the options every cluster
// command shares, and the hand-over of `services status --env` and
// `logs --env` to strata-cluster.so.

#include <CLI/CLI.hpp>

#include "cli/cluster_cmd.h"
#include "util/plugin.h"

namespace strata::cli {

void add_cluster_options(CLI::App& sub, ClusterTarget& t, bool required) {
  auto* env = sub.add_option("--env", t.env,
                             "The environment (dev, staging, production): its overlay, and the "
                             "kubeconfig context of that name when there is one");
  if (required) env->required();
  sub.add_option("--kubeconfig", t.kubeconfig,
                 "The kubeconfig (default: $KUBECONFIG, ~/.kube/config)");
  sub.add_option("--context", t.context,
                 "The kubeconfig context (default: the one named --env, "
                 "else the current context)");
  sub.add_option("--namespace,-n", t.namespace_,
                 "The namespace (default: the objects' own, else the context's)");
}

namespace {

template <typename Request>
ExitCode call_plugin(const char* symbol, const Request& request) {
  auto plugin = load_plugin("cluster");
  if (!plugin) return print_error(plugin.error()), ExitCode::k_failure;
  auto entry = plugin->entry<int (*)(const Request*)>(symbol);
  if (!entry) return print_error(entry.error()), ExitCode::k_failure;
  return static_cast<ExitCode>((*entry)(&request));
}

}  // namespace

ExitCode cluster_services_status(const ClusterStatusRequest& request) {
  return call_plugin("strata_plugin_cluster_status", request);
}

ExitCode cluster_logs(const ClusterLogsRequest& request) {
  return call_plugin("strata_plugin_cluster_logs", request);
}

}  // namespace strata::cli
