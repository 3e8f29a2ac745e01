#pragma once
// The loaded workspace and its project graph as one binary snapshot
// (.strata/workspace-snapshot), keyed on a fingerprint of the workspace's
// files: while no file is added, removed or touched, a command takes the
// snapshot instead of parsing every config file, scanning imports and
// building the graph again. Format: docs/formats/workspace-snapshot.md.

#include <cstdint>
#include <string>
#include <string_view>

#include "graph/project_graph.h"
#include "model/workspace.h"
#include "util/hash.h"

namespace strata {

// 2: WorkspaceConfig::max_cache_size; 3: Target::executor_loc;
// 4: WorkspaceConfig::analyze_js_sources
inline constexpr uint32_t k_workspace_snapshot_version = 4;

// Serialises everything but ws.root (the snapshot lives inside the root).
std::string encode_workspace_snapshot(const Digest& fingerprint, const Workspace& ws,
                                      const ProjectGraph& graph);

// Fills `ws` (except root) and `graph`; false, leaving them unspecified,
// when `data` is truncated, corrupt, of another version, or was made for
// another fingerprint.
bool decode_workspace_snapshot(std::string_view data, const Digest& fingerprint, Workspace& ws,
                               ProjectGraph& graph);

}  // namespace strata
