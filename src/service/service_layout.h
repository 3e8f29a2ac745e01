#pragma once
// Everything `strata split` derives from the topology and the contracts,
// as one deterministic function: the same topology and api layers always
// give the same files, byte for byte. That is what makes split and merge
// reversible and idempotent: the workspace holds exactly layout(topology),
// and moving between two topologies writes the difference.
//
// For each split context: its service project, contexts/NAME/service. While
// anything is split: the monolith, apps/monolith-python, whose composition
// root calls each context in process or in its own service.

#include <filesystem>
#include <map>
#include <string>
#include <vector>

#include "config/topology.h"
#include "service/contract.h"
#include "util/result.h"

namespace strata::service {

inline constexpr std::string_view k_monolith_dir = "apps/monolith-python";

struct Layout {
  std::map<std::string, std::string> files;  // path relative to the root -> content
  std::vector<std::string> owned_dirs;       // generated projects, removed whole when they go
};

// The contracts of the contexts the layout covers, by name.
using Contracts = std::map<std::string, Contract>;

// `topology_text` is what topology.json will hold ("" when it is removed):
// generated files that depend on it carry its hash.
Layout derive_layout(const std::filesystem::path& root, const Topology& topology,
                     const std::string& topology_text, const Contracts& contracts);

std::string service_dir(const std::string& context);  // "contexts/NAME/service"

}  // namespace strata::service
