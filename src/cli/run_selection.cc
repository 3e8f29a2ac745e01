#include "cli/run_selection.h"

#include <CLI/CLI.hpp>
#include <algorithm>

#include "cli/command_support.h"
#include "cli/project_filter.h"
#include "config/loader.h"
#include "graph/affected.h"
#include "util/suggest.h"
#include "vcs/git.h"

namespace strata::cli {

namespace {

std::string join(const std::vector<std::string>& parts, size_t from, size_t to) {
  std::string s;
  for (size_t i = from; i < to; ++i) s += (i > from ? ":" : "") + parts[i];
  return s;
}

std::vector<std::string> target_names(const Project& p) {
  std::vector<std::string> names;
  for (const auto& [name, _] : p.targets) names.push_back(name);
  return names;
}

Error unknown_target(const Project& p, const std::string& target) {
  std::string hint = did_you_mean(target, target_names(p));
  if (hint.empty()) hint = "run 'strata show project " + p.name + "' to list its targets";
  return Error("unknown target '" + target + "' for project '" + p.name + "'", {}, hint);
}

}  // namespace

Result<TaskRequest> parse_task_spec(const Workspace& ws, const std::string& spec,
                                    const std::string& configuration) {
  std::vector<std::string> parts;
  size_t start = 0;
  while (true) {
    size_t colon = spec.find(':', start);
    parts.push_back(spec.substr(start, colon - start));
    if (colon == std::string::npos) break;
    start = colon + 1;
  }
  // No project, target or configuration is named "": ":build" or "web:"
  // is a mistyped task, not an unknown project or target.
  bool empty_part =
      std::any_of(parts.begin(), parts.end(), [](const auto& s) { return s.empty(); });
  if (parts.size() < 2 || empty_part)
    return Error("'" + spec + "' is not a task", {}, "write PROJECT:TARGET, for example web:build");
  for (size_t i = parts.size() - 1; i >= 1; --i) {
    const Project* p = ws.find(join(parts, 0, i));
    if (!p) continue;
    std::string whole = join(parts, i, parts.size());
    if (p->targets.count(whole)) return TaskRequest{{p->name}, {whole}, configuration, {}};
    if (parts.size() - i >= 2) {
      std::string target = join(parts, i, parts.size() - 1);
      if (p->targets.count(target))
        return TaskRequest{
            {p->name}, {target}, configuration.empty() ? parts.back() : configuration, {}};
    }
    return unknown_target(*p, whole);
  }
  return ws.unknown_project(parts[0]);
}

void add_affected_options(CLI::App& sub, AffectedOptions& o) {
  sub.add_option("--base", o.base, "Base revision (default: merge-base with the default branch)");
  sub.add_option("--head", o.head, "Head revision (default: the working tree)");
  sub.add_option("--files", o.files, "Changed files, instead of asking git");
}

void prefetch_changed_files(AffectedOptions& o) {
  if (o.base.empty() || !split_list(o.files).empty()) return;
  auto root = find_workspace_root(start_dir());
  if (!root) return;  // the workspace load reports it
  o.prefetch_root = *root;
  o.prefetched = std::make_shared<std::shared_future<Result<ChangedFiles>>>(
      std::async(std::launch::async, [root = *root, base = o.base, head = o.head] {
        return changed_files(root, base, head);
      }).share());
}

Result<std::vector<std::string>> affected_projects(const Context& ctx, const AffectedOptions& o) {
  std::vector<std::string> files = split_list(o.files);
  if (files.empty()) {
    std::string base = o.base.empty() ? ctx.workspace.config.default_base : o.base;
    bool prefetched = o.prefetched && o.prefetch_root == ctx.workspace.root;
    auto changed =
        prefetched ? o.prefetched->get() : changed_files(ctx.workspace.root, base, o.head);
    if (!changed) return changed.error();
    files = changed->files;
  }
  return strata::affected_projects(ctx.workspace, ctx.graph, files);
}

}  // namespace strata::cli
