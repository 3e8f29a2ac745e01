#include "graph/affected.h"

#include <algorithm>
#include <map>
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
void add_named(const Workspace& ws, const std::vector<std::string>& names,
               std::set<std::string>& out) {
  for (const auto& n : names)
    for (const auto& p : ws.projects)
      if (n == "*" || name_matches(n, p.name)) out.insert(p.name);
}

using NamedInputs = std::map<std::string, std::vector<InputSpec>>;

// Workspace files named by `inputs`, directly as "{workspaceRoot}/..." or
// through named inputs (not "^name", which speaks of the dependencies).
// Negated entries name nothing. This is what Nx does for affected.
void workspace_inputs(const std::vector<InputSpec>& inputs, const Project& p,
                      const NamedInputs& shared, std::set<std::string>& seen,
                      std::set<std::string>& out) {
  constexpr std::string_view k_prefix = "{workspaceRoot}/";
  for (const auto& in : inputs) {
    if (in.kind == InputSpec::Kind::k_fileset && !in.negated && in.value.starts_with(k_prefix)) {
      out.insert(in.value.substr(k_prefix.size()));
    } else if (in.kind == InputSpec::Kind::k_named && !in.dependencies &&
               seen.insert(in.value).second) {
      const std::vector<InputSpec>* named = nullptr;
      if (auto it = p.named_inputs.find(in.value); it != p.named_inputs.end())
        named = &it->second;
      else if (auto jt = shared.find(in.value); jt != shared.end())
        named = &jt->second;
      if (named) workspace_inputs(*named, p, shared, seen, out);
    }
  }
}

// (pattern, project) for every workspace file a project's targets declare
// as an input.
std::vector<std::pair<std::string, std::string>> input_patterns(const Workspace& ws) {
  std::vector<std::pair<std::string, std::string>> out;
  for (const auto& p : ws.projects) {
    std::set<std::string> files;
    for (const auto& [name, t] : p.targets) {
      if (!t.inputs) continue;
      std::set<std::string> seen;
      workspace_inputs(*t.inputs, p, ws.config.named_inputs, seen, files);
    }
    for (const auto& f : files) out.push_back({f, p.name});
  }
  return out;
}

}  // namespace

std::vector<std::string> touched_projects(const Workspace& ws,
                                          const std::vector<std::string>& changed) {
  ProjectRoots roots(ws.projects);
  std::set<std::string> out;
  std::vector<std::pair<std::string, std::string>> inputs;
  if (!changed.empty()) inputs = input_patterns(ws);
  for (const auto& raw : changed) {
    std::string file = normalize_path(raw);
    for (const auto& g : ws.config.global_files)
      if (path_matches(g, file)) return ws.project_names();
    for (const auto& [pattern, names] : ws.config.implicit_dependencies)
      if (path_matches(pattern, file)) add_named(ws, names, out);
    for (const auto& [pattern, project] : inputs)
      if (path_matches(pattern, file)) out.insert(project);
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
