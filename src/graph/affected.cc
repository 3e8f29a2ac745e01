#include "graph/affected.h"

#include <algorithm>
#include <set>

#include "graph/declared_deps.h"
#include "graph/project_roots.h"
#include "util/glob.h"

namespace strata {

namespace {

bool path_matches(const std::string& pattern, const std::string& path) {
  std::string_view p = pattern;
  while (p.starts_with("./")) p.remove_prefix(2);
  return is_glob(p) ? glob_match(p, path) : p == path;
}

// Projects named by one value of the root implicitDependencies: "*" for
// all, else names or name patterns.
void add_named(const Workspace& ws, const std::vector<std::string>& names, std::set<std::string>& out) {
  for (const auto& n : names)
    for (const auto& p : ws.projects)
      if (n == "*" || name_matches(n, p.name)) out.insert(p.name);
}

}  // namespace

std::vector<std::string> touched_projects(const Workspace& ws,
                                          const std::vector<std::string>& changed) {
  ProjectRoots roots(ws.projects);
  std::set<std::string> out;
  for (const auto& raw : changed) {
    std::string file = normalize_path(raw);
    for (const auto& g : ws.config.global_files)
      if (path_matches(g, file)) return ws.project_names();
    for (const auto& [pattern, names] : ws.config.implicit_dependencies)
      if (path_matches(pattern, file)) add_named(ws, names, out);
    if (int owner = roots.owner(file); owner >= 0) out.insert(ws.projects[owner].name);
  }
  return {out.begin(), out.end()};
}

std::vector<std::string> with_dependents(const ProjectGraph& graph,
                                         const std::vector<std::string>& seeds) {
  auto rdeps = graph.dependents();
  std::set<std::string> seen(seeds.begin(), seeds.end());
  std::vector<std::string> queue(seeds.begin(), seeds.end());
  while (!queue.empty()) {
    std::string p = std::move(queue.back());
    queue.pop_back();
    auto it = rdeps.find(p);
    if (it == rdeps.end()) continue;
    for (const auto& d : it->second)
      if (seen.insert(d).second) queue.push_back(d);
  }
  return {seen.begin(), seen.end()};
}

std::vector<std::string> affected_projects(const Workspace& ws, const ProjectGraph& graph,
                                           const std::vector<std::string>& changed) {
  return with_dependents(graph, touched_projects(ws, changed));
}

}  // namespace strata
