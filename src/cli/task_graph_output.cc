// The HTML page reuses the project graph's page (graph/graph_html.cc): a
// task graph is drawn with the same layered layout, so the tasks become
// its nodes and their dependencies its edges; only the titles change.

#include "cli/task_graph_output.h"

#include <algorithm>
#include <cstdio>

#include "cache/output_paths.h"
#include "cli/command_support.h"
#include "graph/graph_output.h"
#include "tasks/command.h"
#include "util/diagnostics.h"
#include "util/fs.h"

namespace strata::cli {

namespace {

nlohmann::json task_json(const Context& ctx, const Task& t) {
  nlohmann::json target = {{"project", t.project}, {"target", t.target}};
  if (!t.configuration.empty()) target["configuration"] = t.configuration;
  nlohmann::json outputs = nlohmann::json::array();
  const Project* p = ctx.workspace.find(t.project);
  if (p && p->targets.count(t.target)) {
    const Target& tg = p->targets.at(t.target);
    if (auto resolved =
            resolve_outputs(ctx.workspace.root, *p, tg, effective_options(tg, t.configuration)))
      for (const auto& o : *resolved) outputs.push_back(o.path);
  }
  nlohmann::json overrides = nlohmann::json::object();
  if (!t.args.empty()) overrides["__overrides_unparsed__"] = t.args;
  return {{"id", t.id},
          {"target", target},
          {"overrides", overrides},
          {"outputs", outputs},
          {"projectRoot", p ? p->root : ""}};
}

void replace_all(std::string& s, std::string_view from, std::string_view to) {
  for (size_t at = s.find(from); at != std::string::npos; at = s.find(from, at + to.size()))
    s.replace(at, from.size(), to);
}

}  // namespace

nlohmann::json task_graph_to_nx_json(const Context& ctx, const TaskGraph& g) {
  nlohmann::json tasks = nlohmann::json::object(), deps = nlohmann::json::object(),
                 continuous = nlohmann::json::object(), roots = nlohmann::json::array();
  for (const auto& t : g.tasks) {
    tasks[t.id] = task_json(ctx, t);
    nlohmann::json d = nlohmann::json::array();
    for (size_t i : t.deps) d.push_back(g.tasks[i].id);
    if (t.deps.empty()) roots.push_back(t.id);
    deps[t.id] = std::move(d);
    continuous[t.id] = nlohmann::json::array();
  }
  return {{"tasks", tasks},
          {"dependencies", deps},
          {"continuousDependencies", continuous},
          {"roots", roots}};
}

std::string task_graph_to_html(const TaskGraph& g) {
  Workspace none;  // tasks are no projects: the page's defaults apply
  ProjectGraph pg;
  for (const auto& t : g.tasks) pg.nodes.push_back(t.id);
  std::sort(pg.nodes.begin(), pg.nodes.end());
  for (const auto& t : g.tasks)
    for (size_t i : t.deps)
      pg.dependencies[t.id].push_back({t.id, g.tasks[i].id, DependencyType::k_static, ""});
  std::string html = to_html(none, pg);
  replace_all(html, "Project graph", "Task graph");
  replace_all(html, "Search projects", "Search tasks");
  replace_all(html, " projects, ", " tasks, ");
  return html;
}

ExitCode write_task_graph(const Context& ctx, const TaskGraph& g, const std::string& where) {
  if (where.empty() || where == "stdout") {
    std::printf("%s\n", task_graph_to_nx_json(ctx, g).dump(2).c_str());
    return ExitCode::k_ok;
  }
  std::string text;
  if (where.ends_with(".json")) {
    text = task_graph_to_nx_json(ctx, g).dump(2) + "\n";
  } else if (where.ends_with(".html")) {
    text = task_graph_to_html(g);
  } else {
    print_error(
        Error("--graph=" + where + ": unknown file type", {},
              "write --graph=FILE.json or --graph=FILE.html, or --graph alone to print JSON"));
    return ExitCode::k_usage;
  }
  if (auto written = write_atomic(from_start(where), text); !written) {
    print_error(written.error());
    return ExitCode::k_failure;
  }
  std::fprintf(stderr, "Task graph written to %s\n", where.c_str());
  return ExitCode::k_ok;
}

}  // namespace strata::cli
