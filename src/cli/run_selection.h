#pragma once
// Turning what the user typed into tasks and projects: "project:target:cfg"
// specs, and the affected project set from --base/--head/--files.

#include <string>
#include <vector>

#include "cli/context.h"
#include "tasks/task_graph.h"

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
};

void add_affected_options(CLI::App& sub, AffectedOptions& o);

// The affected projects, sorted.
Result<std::vector<std::string>> affected_projects(const Context& ctx, const AffectedOptions& o);

}  // namespace strata::cli
