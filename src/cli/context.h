#pragma once
// What most commands need before they start: the workspace root, its files,
// the loaded configuration and the project graph, loaded once.

#include <filesystem>
#include <memory>
#include <optional>

#include "files/file_index.h"
#include "graph/project_graph.h"
#include "model/workspace.h"
#include "util/hash.h"

namespace strata::cli {

struct Context {
  Workspace workspace;
  FileIndex files;
  ProjectGraph graph;
  // The files' fingerprint (see ScannedWorkspace) and whether anything
  // derived from it may be stored: no diagnostics were printed while
  // loading (a snapshot would hide them next time) and no file is racy.
  Digest fingerprint;
  bool reusable = false;
};

// The first step of loading: the root and one walk of its files.
struct ScannedWorkspace {
  std::filesystem::path root;
  FileIndex files;
  // Digest of the files and their stats, the root, and the strata binary
  // itself: what snapshots of derived data (.strata/workspace-snapshot,
  // .strata/graph-output) are keyed on.
  Digest fingerprint;
  bool reusable = false;  // no racy file: derived data may be stored
};

// Finds the root from -C or the current directory and walks it; nullopt
// after printing the error.
std::optional<ScannedWorkspace> scan_workspace();
// The two halves of scan_workspace().
std::optional<std::filesystem::path> workspace_root();
std::optional<ScannedWorkspace> scan_workspace(const std::filesystem::path& root);

// The fingerprint a warm workspace last had, when the stats of its
// directories and of the files its configuration load read say nothing
// changed since (files/tree_shape.h): no walk. Only for what depends on
// the configuration and the listing alone, such as the project graph of a
// workspace that reads no sources (no shape is recorded otherwise); nullopt
// means walk.
std::optional<Digest> unchanged_fingerprint(const std::filesystem::path& root);
// After a walk that found the fingerprint a shape stands for, re-stamps its
// directories, whose stats ignored files (build outputs) may have moved.
void refresh_tree_shape(const ScannedWorkspace& scanned);

// Loads the configuration and the project graph of a scanned workspace,
// from the workspace snapshot when its fingerprint matches, printing every
// diagnostic; nullptr after printing the errors.
std::unique_ptr<Context> load_context(ScannedWorkspace scanned);

// Both steps.
std::unique_ptr<Context> load_context();

}  // namespace strata::cli
