#pragma once
// The split gate: what must hold before a context may leave the monolith.
// Its boundaries are kept (no import into or out of it breaks a rule of
// `strata check boundaries`), it is in no context cycle (a service in a
// cycle would call back into a caller that calls it), its contract can be
// carried on the wire (every DTO field, parameter and result has a
// serialisable type), and every configuration key and secret its code reads
// from the environment is declared in the topology. `strata split --check`
// runs it alone; `strata split` refuses when it finds anything.

#include <string>
#include <vector>

#include "boundary/rules.h"
#include "config/topology.h"
#include "files/file_index.h"
#include "model/workspace.h"
#include "service/contract.h"
#include "util/result.h"

namespace strata::service {

struct GateProblem {
  std::string check;  // "boundaries", "context-cycle", "contract", "config"
  std::string message;
  SourceLoc loc;
  std::string hint;
};

struct GateInput {
  const Workspace& workspace;
  const FileIndex& files;
  const BoundaryRules& rules;
  std::string context;
  ServiceConfig placement;           // as it will be recorded
  const Result<Contract>& contract;  // extracted, or why not
};

std::vector<GateProblem> run_split_gate(const GateInput& in);

// Environment names read by Python code (os.environ["X"], os.environ.get("X"),
// os.getenv("X")), each with its line; exposed for tests.
struct EnvRead {
  std::string name;
  int line = 0;
};
std::vector<EnvRead> python_env_reads(const std::string& text);
// process.env.X and process.env["X"] in TypeScript.
std::vector<EnvRead> typescript_env_reads(const std::string& text);
// getenv("X") and std::getenv("X") in C++.
std::vector<EnvRead> cpp_env_reads(const std::string& text);

}  // namespace strata::service
