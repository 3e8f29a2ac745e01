#include "cli/context.h"

#include <filesystem>

#include "cli/command.h"
#include "config/loader.h"
#include "util/diagnostics.h"
#include "util/profile.h"

namespace strata::cli {

namespace fs = std::filesystem;

std::unique_ptr<Context> load_context() {
  std::error_code ec;
  fs::path start = global_options().cwd.empty() ? fs::current_path(ec) : fs::path(global_options().cwd);
  auto root = find_workspace_root(fs::absolute(start, ec));
  if (!root) {
    print_error(root.error());
    return nullptr;
  }
  ProfilePhase walk("tree walk");
  auto files = FileIndex::scan(*root);
  walk.stop();
  if (!files) {
    print_error(files.error());
    return nullptr;
  }
  Diagnostics diags;
  ProfilePhase config("config load");
  auto ws = load_workspace(*root, *files, diags);
  config.stop();
  diags.print();
  if (!ws) {
    if (!diags.has_errors()) print_error(ws.error());
    return nullptr;
  }
  auto ctx = std::make_unique<Context>(Context{std::move(*ws), std::move(*files), {}});
  ProfilePhase owners("assign owners");
  ctx->files.assign_owners(ctx->workspace.projects);
  owners.stop();
  Diagnostics graph_diags;
  ProfilePhase graph_phase("project graph");
  auto graph = build_project_graph(ctx->workspace, ctx->files, graph_diags);
  graph_phase.stop();
  graph_diags.print();
  if (!graph) {
    if (!graph_diags.has_errors()) print_error(graph.error());
    return nullptr;
  }
  ctx->graph = std::move(*graph);
  return ctx;
}

}  // namespace strata::cli
