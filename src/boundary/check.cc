// The pipeline: sources -> raw imports (scan cache) -> ImportFacts ->
// per-import rules; then the project graph from the same facts plus the
// declared edges -> feedback cycles (edges weighted by how many imports
// make them); then the context graph -> cycles the same way. Each cycle
// edge is shown at its first import (by file and line).

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
  int imports = 0;  // how many imports make the edge
  int broken = 0;   // how many of them break a rule already
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

// Counts an import towards its edge, which keeps its first site.
void add_site(EdgeSites& sites, int from, int to, const ImportFact& f, bool broken) {
  auto [it, fresh] = sites.try_emplace({from, to}, EdgeSite{std::string(f.file), f.line, 0});
  if (!fresh && std::tie(f.file, f.line) < std::tie(it->second.file, it->second.line))
    it->second.file = std::string(f.file), it->second.line = f.line;
  ++it->second.imports;
  it->second.broken += broken;
}

void sort_unique(std::vector<std::vector<int>>& adj) {
  for (auto& list : adj) {
    std::sort(list.begin(), list.end());
    list.erase(std::unique(list.begin(), list.end()), list.end());
  }
}

std::vector<std::vector<int>> weights(const std::vector<std::vector<int>>& adj,
                                      const EdgeSites& sites) {
  std::vector<std::vector<int>> w(adj.size());
  for (size_t u = 0; u < adj.size(); ++u)
    for (int v : adj[u]) {
      // Cutting an edge made only of imports that break rules anyway costs
      // nothing that was right, so such edges are the ones reported.
      const EdgeSite& s = sites.at({static_cast<int>(u), v});
      w[u].push_back(std::max(1, (s.imports - s.broken) * 1000 + s.broken));
    }
  return w;
}

// Project edges from the imports (first site of each) and the declared ones.
std::vector<std::vector<int>> project_edges(const Workspace& ws,
                                            const std::vector<ImportFact>& facts,
                                            const std::vector<char>& broken, Diagnostics& diags,
                                            EdgeSites& sites) {
  std::vector<std::vector<int>> adj(ws.projects.size());
  for (size_t i = 0; i < facts.size(); ++i) {
    const ImportFact& f = facts[i];
    if (f.to < 0) continue;
    add_site(sites, f.from, f.to, f, broken[i]);
    adj[f.from].push_back(f.to);
  }
  DeclaredEdges declared = declared_edges(ws, diags);
  for (size_t i = 0; i < ws.projects.size(); ++i)
    for (auto [target, type] : declared.add[i]) {
      if (target == static_cast<int>(i)) continue;
      adj[i].push_back(target);
      sites.try_emplace({static_cast<int>(i), target}, EdgeSite{ws.projects[i].config_file, 0, 1});
    }
  sort_unique(adj);
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

void project_cycles(const Workspace& ws, const std::vector<std::vector<int>>& adj,
                    const EdgeSites& sites, std::vector<Violation>& out) {
  std::vector<std::string> names = ws.project_names();
  for (const auto& cycle : feedback_cycles(adj, weights(adj, sites)))
    out.push_back(cycle_violation(BoundaryRule::k_project_cycle, cycle, names, sites));
}

void context_cycles(const Workspace& ws, const std::vector<ImportFact>& facts,
                    const std::vector<char>& broken, std::vector<Violation>& out) {
  std::map<std::string, int> ids;
  std::vector<std::string> ctx(ws.projects.size());
  for (size_t i = 0; i < ws.projects.size(); ++i)
    if (!(ctx[i] = tag_value(ws.projects[i].tags, "context")).empty()) ids[ctx[i]];
  std::vector<std::string> names;
  for (auto& [name, id] : ids) id = static_cast<int>(names.size()), names.push_back(name);
  std::vector<std::vector<int>> adj(names.size());
  EdgeSites sites;
  for (size_t i = 0; i < facts.size(); ++i) {
    const ImportFact& f = facts[i];
    if (f.to < 0 || ctx[f.from].empty() || ctx[f.to].empty() || ctx[f.from] == ctx[f.to]) continue;
    int a = ids[ctx[f.from]], b = ids[ctx[f.to]];
    add_site(sites, a, b, f, broken[i]);
    adj[a].push_back(b);
  }
  sort_unique(adj);
  for (const auto& cycle : feedback_cycles(adj, weights(adj, sites)))
    out.push_back(cycle_violation(BoundaryRule::k_context_cycle, cycle, names, sites));
}

bool before(const Violation& a, const Violation& b) {
  return std::tie(a.file, a.line, a.rule, a.imported, a.message) <
         std::tie(b.file, b.line, b.rule, b.imported, b.message);
}

}  // namespace

Result<BoundaryReport> check_boundaries(const Workspace& ws, const FileIndex& files,
                                        const BoundaryRules& rules,
                                        const BoundaryCheckOptions& opts, Diagnostics& diags) {
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
  EdgeSites sites_scratch;
  std::vector<std::vector<int>> deps =
      project_edges(ws, facts, std::vector<char>(facts.size(), 0), diags, sites_scratch);
  ImportRules judge(ws, rules, deps);
  std::vector<char> broken(facts.size(), 0);
  for (size_t i = 0; i < facts.size(); ++i) {
    size_t before = report.violations.size();
    judge.check(facts[i], report.violations);
    broken[i] = report.violations.size() > before;
  }
  if (only < 0) {
    EdgeSites sites;
    Diagnostics again;  // declared-edge problems were reported above
    std::vector<std::vector<int>> adj = project_edges(ws, facts, broken, again, sites);
    project_cycles(ws, adj, sites, report.violations);
    context_cycles(ws, facts, broken, report.violations);
  }
  std::stable_sort(report.violations.begin(), report.violations.end(), before);
  return report;
}

}  // namespace strata
