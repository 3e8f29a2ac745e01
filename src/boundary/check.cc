// The pipeline: sources -> raw imports (scan cache) -> ImportFacts ->
// per-import rules; then the project graph from the same facts plus the
// declared edges -> covering cycles; then the context graph -> cycles.
// Each cycle edge is shown at its first import (by file and line).

#include "boundary/check.h"

#include <algorithm>
#include <map>
#include <tuple>

#include "boundary/cycles.h"
#include "boundary/import_facts.h"
#include "boundary/import_rules.h"
#include "graph/declared_deps.h"
#include "graph/project_graph.h"

namespace strata {

namespace {

struct EdgeSite {
  std::string file;
  uint32_t line = 0;
};
using EdgeSites = std::map<std::pair<int, int>, EdgeSite>;

GraphInputs read_sources(const Workspace& ws, const FileIndex& files, int only, Diagnostics& diags,
                         BoundaryReport& report) {
  GraphInputs in;
  in.files = &files.files();
  in.ts_paths = TsPaths::load(ws.root, diags);
  std::vector<std::string_view> paths;
  for (size_t i = 0; i < ws.projects.size(); ++i) {
    if (only >= 0 && static_cast<int>(i) != only) continue;
    for (const auto& f : files.project_files(ws.projects[i].name)) {
      if (source_language(f) == SourceLanguage::k_none) continue;
      in.sources.push_back({f, static_cast<int>(i), {}});
      paths.push_back(f);
    }
  }
  // A one-project run leaves the shared cache alone: rewriting it with a
  // subset would cost the next full run its warm start.
  auto cache = only >= 0 ? std::filesystem::path() : ws.root / ".strata" / "imports-cache";
  auto imports = scan_source_files(ws.root, paths, cache, &report.scan);
  for (size_t i = 0; i < imports.size(); ++i) in.sources[i].imports = std::move(imports[i]);
  report.files = paths.size();
  return in;
}

// Project edges from the imports (first site of each) and the declared ones.
std::vector<std::vector<int>> project_edges(const Workspace& ws, const std::vector<ImportFact>& facts,
                                            Diagnostics& diags, EdgeSites& sites) {
  std::vector<std::vector<int>> adj(ws.projects.size());
  for (const auto& f : facts) {
    if (f.to < 0) continue;
    auto [it, fresh] = sites.try_emplace({f.from, f.to}, EdgeSite{std::string(f.file), f.line});
    if (!fresh && std::tie(f.file, f.line) < std::tie(it->second.file, it->second.line))
      it->second = {std::string(f.file), f.line};
    adj[f.from].push_back(f.to);
  }
  DeclaredEdges declared = declared_edges(ws, diags);
  for (size_t i = 0; i < ws.projects.size(); ++i)
    for (auto [target, type] : declared.add[i]) {
      if (target == static_cast<int>(i)) continue;
      adj[i].push_back(target);
      sites.try_emplace({static_cast<int>(i), target}, EdgeSite{ws.projects[i].config_file, 0});
    }
  for (auto& list : adj) {
    std::sort(list.begin(), list.end());
    list.erase(std::unique(list.begin(), list.end()), list.end());
  }
  return adj;
}

Violation cycle_violation(BoundaryRule rule, const std::vector<int>& cycle,
                          const std::vector<std::string>& names, const EdgeSites& sites) {
  Violation v;
  v.rule = rule;
  for (size_t i = 0; i + 1 < cycle.size(); ++i) {
    const EdgeSite& s = sites.at({cycle[i], cycle[i + 1]});
    v.cycle.push_back({names[cycle[i]], names[cycle[i + 1]], s.file, s.line});
  }
  v.file = v.cycle.front().file;
  v.line = v.cycle.front().line;
  v.importer = v.cycle.front().from;
  v.imported = v.cycle.front().to;
  const char* what = rule == BoundaryRule::k_project_cycle ? "project" : "context";
  v.message = std::string(what) + " cycle: " + cycle_path(v.cycle);
  v.hint = "remove one of these dependencies: ";
  for (const auto& e : v.cycle) {
    std::string where = e.line ? e.file + ":" + std::to_string(e.line) : "declared in " + e.file;
    v.hint += (&e == &v.cycle.front() ? "" : "; ") + e.from + " → " + e.to + " (" + where + ")";
  }
  return v;
}

void project_cycles(const Workspace& ws, const std::vector<std::vector<int>>& adj, const EdgeSites& sites,
                    std::vector<Violation>& out) {
  std::vector<std::string> names = ws.project_names();
  for (const auto& cycle : covering_cycles(adj))
    out.push_back(cycle_violation(BoundaryRule::k_project_cycle, cycle, names, sites));
}

void context_cycles(const Workspace& ws, const std::vector<ImportFact>& facts, std::vector<Violation>& out) {
  std::map<std::string, int> ids;
  std::vector<std::string> ctx(ws.projects.size());
  for (size_t i = 0; i < ws.projects.size(); ++i)
    if (!(ctx[i] = tag_value(ws.projects[i].tags, "context")).empty()) ids[ctx[i]];
  std::vector<std::string> names;
  for (auto& [name, id] : ids) id = static_cast<int>(names.size()), names.push_back(name);
  std::vector<std::vector<int>> adj(names.size());
  EdgeSites sites;
  for (const auto& f : facts) {
    if (f.to < 0 || ctx[f.from].empty() || ctx[f.to].empty() || ctx[f.from] == ctx[f.to]) continue;
    int a = ids[ctx[f.from]], b = ids[ctx[f.to]];
    auto [it, fresh] = sites.try_emplace({a, b}, EdgeSite{std::string(f.file), f.line});
    if (!fresh && std::tie(f.file, f.line) < std::tie(it->second.file, it->second.line))
      it->second = {std::string(f.file), f.line};
    adj[a].push_back(b);
  }
  for (auto& list : adj) {
    std::sort(list.begin(), list.end());
    list.erase(std::unique(list.begin(), list.end()), list.end());
  }
  for (const auto& cycle : covering_cycles(adj))
    out.push_back(cycle_violation(BoundaryRule::k_context_cycle, cycle, names, sites));
}

bool before(const Violation& a, const Violation& b) {
  return std::tie(a.file, a.line, a.rule, a.imported, a.message) <
         std::tie(b.file, b.line, b.rule, b.imported, b.message);
}

}  // namespace

Result<BoundaryReport> check_boundaries(const Workspace& ws, const FileIndex& files,
                                        const BoundaryRules& rules, const BoundaryCheckOptions& opts,
                                        Diagnostics& diags) {
  int only = -1;
  if (!opts.project.empty()) {
    const Project* p = ws.find(opts.project);
    if (!p) return ws.unknown_project(opts.project);
    only = static_cast<int>(p - ws.projects.data());
  }
  BoundaryReport report;
  GraphInputs in = read_sources(ws, files, only, diags, report);
  std::vector<ImportFact> facts = resolve_import_facts(ws, in);
  report.imports = facts.size();
  EdgeSites sites;
  std::vector<std::vector<int>> adj = project_edges(ws, facts, diags, sites);
  ImportRules judge(ws, rules, adj);
  for (const auto& f : facts) judge.check(f, report.violations);
  if (only < 0) {
    project_cycles(ws, adj, sites, report.violations);
    context_cycles(ws, facts, report.violations);
  }
  std::stable_sort(report.violations.begin(), report.violations.end(), before);
  return report;
}

}  // namespace strata
