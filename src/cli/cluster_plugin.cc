// The "cluster" plugin, strata-cluster.so: `strata deploy` and `strata
// scale`, and the cluster side of `strata services status --env` and
// `strata logs --env`, with the layer they need (cluster/: cpp-httplib and
// OpenSSL's TLS). The binary loads it only for these commands.

#include "cli/cluster_cmd.h"
#include "cli/command.h"

extern "C" __attribute__((visibility("default"))) int strata_plugin_main(int argc, char** argv) {
  static const std::vector<strata::cli::CommandSpec> rows = strata::cli::cluster_commands();
  return strata::cli::run(argc, argv, rows);
}

extern "C" __attribute__((visibility("default"))) void strata_plugin_commands(
    std::vector<strata::cli::CommandSpec>* out) {
  *out = strata::cli::cluster_commands();
}
