#pragma once
// Turning what the user typed into tasks and projects: "project:target:cfg"
// specs, and the affected project set from --base/--head/--files.

#include <filesystem>
#include <future>
#include <memory>
#include <string>
#include <vector>

#include "cli/context.h"
#include "tasks/task_graph.h"
#include "vcs/git.h"

namespace CLI {
class App;
}

namespace strata::cli {

// Parses PROJECT:TARGET[:CONFIGURATION]; names may themselves hold ':' (Nx
// allows "test:e2e"), so the longest known project and target win.
// Unknown names get a did-you-mean hint.
Result<TaskRequest> parse_task_spec(const Workspace& ws, const std::string& spec,
                                    const std::string& configuration);

struct AffectedOptions {
  std::string base;                // default: the workspace's defaultBase
  std::string head;                // default: the working tree
  std::vector<std::string> files;  // instead of git
  // git's answer for `prefetch_root`, asked for by prefetch_changed_files
  std::shared_ptr<std::shared_future<Result<ChangedFiles>>> prefetched;
  std::filesystem::path prefetch_root;
};

void add_affected_options(CLI::App& sub, AffectedOptions& o);

// Starts asking git for the changed files on another thread, to be taken by
// affected_projects, when the answer does not depend on the configuration
// (--base given, no --files). git's listing of untracked files walks the
// checkout as the workspace scan does (each about 100 ms on a checkout of
// 28,000 files), so the two walks run side by side instead of one after
// the other.
void prefetch_changed_files(AffectedOptions& o);

// The affected projects, sorted.
Result<std::vector<std::string>> affected_projects(const Context& ctx, const AffectedOptions& o);

}  // namespace strata::cli
