// Builds the graph on project indices, not names: imports are resolved on
// the thread pool into per-file slots, then merged into one edge list per
// source project, sorted and deduplicated so each target keeps its
// strongest type (static over dynamic over implicit) and the first file
// that caused it. Declared edges join the same lists; "!name" removals go
// last, so they beat both inferred and declared edges. Cycles are allowed,
// as in Nx: they are shown by the outputs (graph/cycles.h) and refused only
// by a task graph that would have to run one.

#include "graph/project_graph.h"

#include <algorithm>

#include "graph/declared_deps.h"
#include "graph/import_resolver.h"
#include "graph/project_roots.h"
#include "graph/source_scan.h"
#include "util/thread_pool.h"

namespace strata {

namespace {

struct RawEdge {
  int target;
  DependencyType type;
  std::string_view file;
};

using ResolvedImports = std::vector<std::pair<int, DependencyType>>;

DependencyType type_of(ImportKind kind) {
  return kind == ImportKind::k_dynamic ? DependencyType::k_dynamic : DependencyType::k_static;
}

std::vector<ResolvedImports> resolve_all(const ImportResolver& resolver, const GraphInputs& in) {
  std::vector<ResolvedImports> out(in.sources.size());
  parallel_for(in.sources.size(), [&](size_t i) {
    const SourceImports& s = in.sources[i];
    SourceLanguage lang = source_language(s.file);
    for (const auto& imp : s.imports) {
      int t = resolver.resolve(s.file, s.project, lang, imp);
      if (t >= 0 && t != s.project) out[i].push_back({t, type_of(imp.kind)});
    }
  });
  return out;
}

ProjectGraph assemble(const Workspace& ws, std::vector<std::vector<RawEdge>>& edges,
                      const DeclaredEdges& declared) {
  ProjectGraph g;
  g.nodes = ws.project_names();
  for (size_t i = 0; i < ws.projects.size(); ++i) {
    auto& list = edges[i];
    std::sort(list.begin(), list.end(), [](const RawEdge& a, const RawEdge& b) {
      if (a.target != b.target) return a.target < b.target;
      if (a.type != b.type) return a.type < b.type;
      return a.file < b.file;
    });
    const auto& removed = declared.remove[i];
    auto& out = g.dependencies[ws.projects[i].name];
    for (size_t k = 0; k < list.size(); ++k) {
      if (k > 0 && list[k].target == list[k - 1].target) continue;
      if (std::find(removed.begin(), removed.end(), list[k].target) != removed.end()) continue;
      out.push_back({ws.projects[i].name, ws.projects[list[k].target].name, list[k].type,
                     std::string(list[k].file)});
    }
  }
  return g;
}

}  // namespace

std::vector<int> projects_with_cpp(const Workspace& ws, const GraphInputs& in) {
  std::vector<char> has(ws.projects.size(), 0);
  for (size_t i = 0; i < ws.projects.size(); ++i) has[i] = ws.projects[i].language == "cpp";
  for (const auto& s : in.sources)
    if (s.project >= 0 && source_language(s.file) == SourceLanguage::k_cpp) has[s.project] = 1;
  std::vector<int> out;
  for (size_t i = 0; i < has.size(); ++i)
    if (has[i]) out.push_back(static_cast<int>(i));
  return out;
}

const char* dependency_type_name(DependencyType t) {
  switch (t) {
    case DependencyType::k_static:
      return "static";
    case DependencyType::k_dynamic:
      return "dynamic";
    case DependencyType::k_implicit:
      return "implicit";
  }
  return "static";
}

std::vector<std::string> ProjectGraph::dependencies_of(const std::string& project) const {
  std::vector<std::string> out;
  if (auto it = dependencies.find(project); it != dependencies.end())
    for (const auto& d : it->second) out.push_back(d.target);
  return out;
}

std::map<std::string, std::vector<std::string>> ProjectGraph::dependents() const {
  std::map<std::string, std::vector<std::string>> out;
  for (const auto& n : nodes) out[n];
  for (const auto& [source, deps] : dependencies)
    for (const auto& d : deps) out[d.target].push_back(source);
  for (auto& [name, list] : out) std::sort(list.begin(), list.end());
  return out;
}

Result<ProjectGraph> build_project_graph(const Workspace& ws, const GraphInputs& in,
                                         Diagnostics& diags) {
  static const std::vector<std::string> k_no_files;
  const size_t first_item = diags.items().size();  // earlier problems are not ours
  const auto& files = in.files ? *in.files : k_no_files;
  ProjectRoots roots(ws.projects);
  ImportResolver resolver(ws, files, roots, in.ts_paths, projects_with_cpp(ws, in));
  std::vector<ResolvedImports> resolved = resolve_all(resolver, in);

  std::vector<std::vector<RawEdge>> edges(ws.projects.size());
  for (size_t i = 0; i < in.sources.size(); ++i)
    for (auto [target, type] : resolved[i])
      edges[in.sources[i].project].push_back({target, type, in.sources[i].file});
  DeclaredEdges declared = declared_edges(ws, diags);
  for (size_t i = 0; i < ws.projects.size(); ++i)
    for (auto [target, type] : declared.add[i])
      if (target != static_cast<int>(i)) edges[i].push_back({target, type, {}});

  ProjectGraph g = assemble(ws, edges, declared);
  for (size_t i = first_item; i < diags.items().size(); ++i)
    if (diags.items()[i].severity == Severity::k_error) return diags.items()[i].error;
  return g;
}

}  // namespace strata
