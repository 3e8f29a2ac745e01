#pragma once
// What other command files take from the manifests commands: the `check
// manifests` subcommand, the manifest policy's part of `strata audit`, and
// refreshing the kustomize trees after a split or merge.

#include <CLI/CLI.hpp>
#include <filesystem>
#include <string>
#include <vector>

#include "audit/finding.h"
#include "cli/command.h"

namespace strata::cli {

// `strata check manifests [PATH…]`: adds its options to `sub`.
Handler check_manifests_setup(CLI::App& sub);

// The policy's findings in the tracked manifest files, as audit findings
// (source "manifests").
void audit_manifests(const std::filesystem::path& root, const std::vector<std::string>& tracked,
                     audit::Report& report);

// Rewrites the kustomize trees from the workspace's topology after a split
// or merge changed it, printing each file as the split does; `json` keeps
// stdout for the JSON document.
ExitCode refresh_kustomize(const std::filesystem::path& root, bool json);

}  // namespace strata::cli
