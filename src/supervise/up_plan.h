#pragma once
// What `strata up` runs, from the workspace and its topology (the contract
// in docs/commands/up.md): each split service's `NAME-service` project and
// every `type:app` project with a `serve` target (the monolith), each by
// its `serve` target's resolved command, with PORT, the services' URLs,
// the Kafka bootstrap and the JWT key in its environment.

#include <map>
#include <optional>
#include <string>
#include <vector>

#include "config/topology.h"
#include "model/workspace.h"
#include "supervise/supervisor.h"
#include "util/result.h"

namespace strata {

// Values every process gets beyond the topology's.
struct UpEnv {
  std::string jwt_key;
  std::string kafka_bootstrap;  // "" when no service uses kafka
  bool broker = false;          // the bootstrap is the broker `up` starts
};

// Whether a split service uses the kafka transport.
bool uses_kafka(const Topology& topology);

// The variables every process gets (PORT aside): service URLs, the Kafka
// bootstrap, the JWT key.
std::map<std::string, std::string> shared_variables(const Topology& topology, const UpEnv& env);

// A process `up` would run, or why it cannot (name, kind and deps are set
// either way, so `--only` can leave a broken one out before it matters).
struct PlannedProcess {
  ProcessSpec spec;
  std::optional<Error> problem;
};

// Split services in topology order, then the monoliths by project name;
// without the broker. An error only when there is nothing to run at all.
Result<std::vector<PlannedProcess>> plan_processes(const Workspace& ws, const Topology& topology,
                                                   const UpEnv& env, const char* const* inherited);

}  // namespace strata
