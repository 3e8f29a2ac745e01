#include "cli/context.h"

#include <filesystem>

#include "cli/command.h"
#include "config/loader.h"
#include "util/diagnostics.h"

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
  auto files = FileIndex::scan(*root);
  if (!files) {
    print_error(files.error());
    return nullptr;
  }
  Diagnostics diags;
  auto ws = load_workspace(*root, *files, diags);
  diags.print();
  if (!ws) {
    if (!diags.has_errors()) print_error(ws.error());
    return nullptr;
  }
  auto ctx = std::make_unique<Context>(Context{std::move(*ws), std::move(*files), {}});
  ctx->files.assign_owners(ctx->workspace.projects);
  Diagnostics graph_diags;
  auto graph = build_project_graph(ctx->workspace, ctx->files, graph_diags);
  graph_diags.print();
  if (!graph) {
    if (!graph_diags.has_errors()) print_error(graph.error());
    return nullptr;
  }
  ctx->graph = std::move(*graph);
  return ctx;
}

}  // namespace strata::cli
