#include "cli/image_plan.h"

#include "cache/task_hasher.h"
#include "container/image_recipe.h"
#include "files/file_hasher.h"

namespace strata::cli {

namespace {

std::string shell_quote(const std::string& s) {
  std::string out = "'";
  for (char c : s) out += c == '\'' ? std::string("'\\''") : std::string(1, c);
  return out + "'";
}

// The `image` target of one service: `strata image build-one`, after the
// service's own build (its checks, such as stale generated files) when it
// has one; inputs are the default ones (the project and, through ^default,
// its dependencies).
Target image_target(const Project& p, const std::string& recipe_hash) {
  Target t;
  t.name = k_image_target;
  t.options = nlohmann::json::object();
  t.options["command"] =
      "\"$STRATA_SELF\" image build-one " + shell_quote(p.name) + " --recipe " + recipe_hash;
  t.options["cwd"] = "{workspaceRoot}";
  if (p.targets.count("build")) t.depends_on.push_back(DependsOn{"build", false, {}, false});
  t.cache = true;
  t.loc = SourceLoc{p.config_file};
  return t;
}

}  // namespace

Result<TaskGraph> plan_image_tasks(Context& ctx, const std::vector<std::string>& services,
                                   const container::ImageSettings& settings,
                                   const std::string& builder) {
  for (const auto& name : services) {
    auto recipe = container::render_recipe(ctx.workspace, ctx.graph, name, settings, builder);
    if (!recipe) return recipe.error();
    for (auto& p : ctx.workspace.projects)
      if (p.name == name) p.targets[k_image_target] = image_target(p, recipe->recipe_hash);
  }
  TaskRequest request;
  request.projects = services;
  request.targets = {k_image_target};
  request.require_targets = true;
  return build_task_graph(ctx.workspace, ctx.graph, request);
}

Result<std::map<std::string, std::string>> current_image_tags(
    Context& ctx, const std::vector<std::string>& services,
    const container::ImageSettings& settings, const std::string& builder) {
  auto g = plan_image_tasks(ctx, services, settings, builder);
  if (!g) return g.error();
  FileHasher files(ctx.workspace.root, ctx.workspace.root / ".strata" / "file-hashes");
  files.use_walk_stats(&ctx.files);
  TaskHasher hasher(ctx.workspace, ctx.graph, ctx.files, files);
  auto hashes = hasher.hash_all(*g);
  if (!hashes) return hashes.error();
  std::map<std::string, std::string> out;
  for (size_t i : g->requested) out[g->tasks[i].project] = (*hashes)[i].digest.hex();
  return out;
}

}  // namespace strata::cli
