#pragma once
// The cluster commands: `strata deploy` and `strata scale` live in the
// "cluster" plugin (cli/cluster_plugin.cc), since talking to an API server
// needs OpenSSL's TLS, which the workspace commands must not
// load. `strata services status --env` and `strata logs --env` are rows of
// the binary: with --env they hand over to the plugin through the two entry
// points below (cli/cluster_entry.cc loads it).

#include <string>
#include <vector>

#include "cli/command.h"

namespace strata::cli {

// Which cluster an environment is: --env names the environment (its
// overlay, and the kubeconfig context of that name when there is one);
// --kubeconfig, --context and --namespace override.
struct ClusterTarget {
  std::string env;
  std::string kubeconfig;  // "" : $KUBECONFIG, then ~/.kube/config
  std::string context;     // "" : the context named env, else the current one
  std::string namespace_;  // "" : the objects' own, else the context's
};

// Adds --env (and the overrides) to a command; `required` for deploy and
// scale, optional where leaving it out means "locally" (status, logs).
void add_cluster_options(CLI::App& sub, ClusterTarget& target, bool required);

struct ClusterStatusRequest {
  ClusterTarget target;
  std::string context;  // one service's context, "" for all
  bool json = false;
};

struct ClusterLogsRequest {
  ClusterTarget target;
  std::string service;
  bool follow = false;
  int tail_lines = -1;
};

// Run in the binary: load the plugin and call its entry point.
ExitCode cluster_services_status(const ClusterStatusRequest& request);
ExitCode cluster_logs(const ClusterLogsRequest& request);

// The plugin's rows: deploy, scale.
std::vector<CommandSpec> cluster_commands();

}  // namespace strata::cli

// The plugin's entry points for the two binary commands (util/plugin.h).
extern "C" int strata_plugin_cluster_status(const strata::cli::ClusterStatusRequest* request);
extern "C" int strata_plugin_cluster_logs(const strata::cli::ClusterLogsRequest* request);
