#include "graph/graph_output.h"

#include <fmt/format.h>

#include <algorithm>
#include <set>

#include "graph/cycles.h"

namespace strata {

namespace {

std::string dot_quote(std::string_view s) {
  std::string out = "\"";
  for (char c : s) {
    if (c == '"' || c == '\\') out.push_back('\\');
    out.push_back(c);
  }
  return out + "\"";
}

const char* dot_style(DependencyType t) {
  switch (t) {
    case DependencyType::k_static:
      return "";
    case DependencyType::k_dynamic:
      return " [style=dashed]";
    case DependencyType::k_implicit:
      return " [style=dotted]";
  }
  return "";
}

void walk(const std::map<std::string, std::vector<std::string>>& adj, const std::string& start,
          std::set<std::string>& seen) {
  std::vector<std::string> stack{start};
  while (!stack.empty()) {
    std::string p = std::move(stack.back());
    stack.pop_back();
    auto it = adj.find(p);
    if (it == adj.end()) continue;
    for (const auto& n : it->second)
      if (seen.insert(n).second) stack.push_back(n);
  }
}

nlohmann::json cycles_json(const GraphCycles& cycles) {
  nlohmann::json out = nlohmann::json::array();
  for (const auto& c : cycles.cycles) out.push_back({{"projects", c.projects}, {"path", c.path}});
  return out;
}

// One line per cycle: a shortest path round it, and the other members when
// the path does not pass through all of them.
std::string cycles_text(const GraphCycles& cycles) {
  std::string out =
      "\ncycles (a task that depends on itself through one runs only with --ignore-cycles):\n";
  for (const auto& c : cycles.cycles) {
    out += "  " + cycle_text(c.path);
    if (c.path.size() - 1 < c.projects.size())
      out += fmt::format(" (one cycle of {} projects: {})", c.projects.size(),
                         cycle_text(c.projects, ", "));
    out += "\n";
  }
  return out;
}

}  // namespace

const char* node_type(const Project& p) { return p.project_type == "application" ? "app" : "lib"; }

nlohmann::json input_to_json(const InputSpec& in) {
  using K = InputSpec::Kind;
  switch (in.kind) {
    case K::k_fileset:
      if (in.dependencies)
        return {{"fileset", (in.negated ? "!" : "") + in.value}, {"dependencies", true}};
      return (in.negated ? "!" : "") + in.value;
    case K::k_named:
      return (in.dependencies ? "^" : "") + in.value;
    case K::k_runtime:
      return {{"runtime", in.value}};
    case K::k_env:
      return {{"env", in.value}};
    case K::k_external:
      return {{"externalDependencies", in.externals}};
    case K::k_dependent_outputs:
      return {{"dependentTasksOutputFiles", in.value}, {"transitive", in.transitive}};
  }
  return in.value;
}

nlohmann::json depends_on_to_json(const DependsOn& d) {
  if (d.projects.empty() && !d.forward_params) return (d.dependencies ? "^" : "") + d.target;
  nlohmann::json j = {{"target", d.target}};
  if (d.dependencies) j["dependencies"] = true;
  if (!d.projects.empty()) j["projects"] = d.projects;
  if (d.forward_params) j["params"] = "forward";
  return j;
}

nlohmann::json target_to_json(const Target& t) {
  nlohmann::json j = {{"executor", t.executor}, {"options", t.options}};
  if (!t.configurations.empty()) j["configurations"] = t.configurations;
  if (!t.default_configuration.empty()) j["defaultConfiguration"] = t.default_configuration;
  if (!t.depends_on.empty()) {
    j["dependsOn"] = nlohmann::json::array();
    for (const auto& d : t.depends_on) j["dependsOn"].push_back(depends_on_to_json(d));
  }
  if (t.inputs) {
    j["inputs"] = nlohmann::json::array();
    for (const auto& in : *t.inputs) j["inputs"].push_back(input_to_json(in));
  }
  j["outputs"] = t.outputs;
  j["cache"] = t.cache;
  return j;
}

nlohmann::json to_nx_json(const Workspace& ws, const ProjectGraph& g) {
  nlohmann::json nodes = nlohmann::json::object();
  nlohmann::json deps = nlohmann::json::object();
  for (const auto& name : g.nodes) {
    const Project* p = ws.find(name);
    if (!p) continue;
    nlohmann::json targets = nlohmann::json::object();
    for (const auto& [tname, t] : p->targets) targets[tname] = target_to_json(t);
    nodes[name] = {{"name", name},
                   {"type", node_type(*p)},
                   {"data",
                    {{"name", name},
                     {"root", p->root},
                     {"sourceRoot", p->source_root},
                     {"projectType", p->project_type},
                     {"tags", p->tags},
                     {"targets", std::move(targets)},
                     {"implicitDependencies", p->implicit_dependencies}}}};
    auto& list = deps[name] = nlohmann::json::array();
    if (auto it = g.dependencies.find(name); it != g.dependencies.end())
      for (const auto& d : it->second)
        list.push_back(
            {{"source", d.source}, {"target", d.target}, {"type", dependency_type_name(d.type)}});
  }
  // Cycles sit beside "graph", where readers of Nx's shape do not look.
  return {{"graph", {{"nodes", std::move(nodes)}, {"dependencies", std::move(deps)}}},
          {"cycles", cycles_json(find_cycles(g))}};
}

// Projects and edges inside a cycle are red; each cycle is named in a comment.
std::string to_dot(const Workspace& ws, const ProjectGraph& g) {
  GraphCycles cycles = find_cycles(g);
  std::string out = "digraph workspace {\n  rankdir=LR;\n  node [shape=box, style=rounded];\n";
  for (const auto& c : cycles.cycles) out += "  // cycle: " + cycle_text(c.path, " -> ") + "\n";
  for (const auto& name : g.nodes) {
    const Project* p = ws.find(name);
    std::string root = p ? p->root : "";
    out += fmt::format("  {} [tooltip={}{}{}];\n", dot_quote(name), dot_quote(root),
                       p && p->project_type == "application" ? ", peripheries=2" : "",
                       cycles.find(name) ? ", color=red" : "");
  }
  for (const auto& [source, deps] : g.dependencies)
    for (const auto& d : deps) {
      std::string style = dot_style(d.type);
      if (cycles.is_cycle_edge(source, d.target))
        style = style.empty() ? " [color=red]" : style.substr(0, style.size() - 1) + ", color=red]";
      out += fmt::format("  {} -> {}{};\n", dot_quote(source), dot_quote(d.target), style);
    }
  return out + "}\n";
}

std::string to_text(const Workspace& ws, const ProjectGraph& g) {
  size_t counts[3] = {0, 0, 0};
  for (const auto& [source, deps] : g.dependencies)
    for (const auto& d : deps) ++counts[static_cast<int>(d.type)];
  size_t total = counts[0] + counts[1] + counts[2];
  GraphCycles cycles = find_cycles(g);
  std::string out = fmt::format("{} projects, {} dependencies ({} static, {} dynamic, {} implicit)",
                                g.nodes.size(), total, counts[0], counts[1], counts[2]);
  if (!cycles.empty()) {
    out +=
        fmt::format(", {} cycle{}\n", cycles.cycles.size(), cycles.cycles.size() == 1 ? "" : "s");
    out += cycles_text(cycles);
  } else {
    out += "\n";
  }
  for (const auto& name : g.nodes) {
    const Project* p = ws.find(name);
    out += fmt::format("\n{} [{}] {}\n", name, p ? p->project_type : "", p ? p->root : "");
    auto it = g.dependencies.find(name);
    if (it == g.dependencies.end() || it->second.empty()) {
      out += "  (no dependencies)\n";
      continue;
    }
    for (const auto& d : it->second)
      out += fmt::format("  → {}{}{}\n", d.target,
                         d.type == DependencyType::k_static
                             ? ""
                             : fmt::format(" ({})", dependency_type_name(d.type)),
                         cycles.is_cycle_edge(name, d.target) ? " [cycle]" : "");
  }
  return out;
}

ProjectGraph focus_graph(const ProjectGraph& g, const std::string& project) {
  std::map<std::string, std::vector<std::string>> fwd;
  for (const auto& [source, deps] : g.dependencies)
    for (const auto& d : deps) fwd[source].push_back(d.target);
  std::set<std::string> keep{project};
  walk(fwd, project, keep);
  walk(g.dependents(), project, keep);
  ProjectGraph out;
  for (const auto& n : g.nodes)
    if (keep.count(n)) out.nodes.push_back(n);
  for (const auto& n : out.nodes) {
    auto& list = out.dependencies[n];
    if (auto it = g.dependencies.find(n); it != g.dependencies.end())
      for (const auto& d : it->second)
        if (keep.count(d.target)) list.push_back(d);
  }
  return out;
}

}  // namespace strata
