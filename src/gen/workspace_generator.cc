#include "gen/workspace_generator.h"

#include "gen/context_generator.h"
#include "gen/embedded.h"
#include "gen/naming.h"
#include "gen/template_files.h"
#include "vcs/subprocess.h"

namespace strata::gen {

namespace fs = std::filesystem;

namespace {

bool is_non_empty_dir(const fs::path& dir) {
  std::error_code ec;
  return fs::is_directory(dir, ec) && fs::directory_iterator(dir, ec) != fs::directory_iterator();
}

Status run_git(const fs::path& dir, std::vector<std::string> args) {
  args.insert(args.begin(), {"git", "-C", dir.string()});
  auto r = run_capture(args);
  if (!r) return Error("cannot run git: " + r.error().message, {}, "install git, or pass --no-git");
  if (r->exit_code != 0)
    return Error("'" + args[3] + " " + (args.size() > 4 ? args[4] : "") + "' failed in " +
                 dir.string() + ": " + r->err.substr(0, r->err.find('\n')));
  return ok_status();
}

}  // namespace

Result<WritePlan> plan_workspace(const NewWorkspaceRequest& request) {
  std::error_code ec;
  if (fs::exists(request.dir, ec) && !fs::is_directory(request.dir, ec))
    return Error(request.dir.string() + " exists and is not a directory");
  if (is_non_empty_dir(request.dir) && !request.force)
    return Error(request.dir.string() + " is not empty", {},
                 "choose a new directory, or pass --force to add the workspace files to it");
  std::string raw = request.name.empty() ? workspace_name(request.dir) : request.name;
  std::string snake = suggest_name(raw, "workspace");
  NameForms name = name_forms(snake);
  auto values = Placeholders::for_names(name, name, name.kebab);
  WritePlan plan(request.dir, request.force);
  // Every file in a workspace is the team's once written: --force only lets
  // strata new add the missing ones to a non-empty directory.
  add_templates(plan, builtin_templates("workspace"), "", values, Existing::k_keep_always);
  for (const auto& f : embedded_under("schemas"))
    plan.add(std::string(k_schema_dir) + "/" + std::string(f.path), std::string(f.bytes),
             Existing::k_keep_always);
  return plan;
}

Status init_git(const fs::path& dir) {
  std::error_code ec;
  if (!fs::exists(dir / ".git", ec))
    if (auto st = run_git(dir, {"init", "-q", "-b", "main"}); !st) return st;
  return run_git(dir, {"config", "core.hooksPath", ".githooks"});
}

}  // namespace strata::gen
