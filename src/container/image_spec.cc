// The image's projects come from the project graph, not from folders, so a
// service that imports another context's api layer gets that project too,
// and a sibling context it never imports stays out of the image.

#include "container/image_spec.h"

#include <algorithm>
#include <set>

#include "service/cpp_project.h"
#include "service/service_layout.h"
#include "service/typescript_project.h"
#include "util/suggest.h"

namespace strata::container {

namespace {

bool has_tag(const Project& p, const std::string& tag) {
  return std::find(p.tags.begin(), p.tags.end(), tag) != p.tags.end();
}

std::string tag_value(const Project& p, const std::string& prefix) {
  for (const auto& t : p.tags)
    if (t.rfind(prefix, 0) == 0) return t.substr(prefix.size());
  return {};
}

std::string language_of(const Project& p) {
  std::string lang = p.language.empty() ? tag_value(p, "lang:") : p.language;
  if (lang == "typescript" || lang == "ts" || lang == "javascript") return "node";
  if (lang == "c++") return "cpp";
  return lang;
}

std::string trim(std::string s) {
  auto hash = s.find('#');
  if (hash != std::string::npos) s.erase(hash);
  while (!s.empty() && std::isspace(static_cast<unsigned char>(s.back()))) s.pop_back();
  size_t i = 0;
  while (i < s.size() && std::isspace(static_cast<unsigned char>(s[i]))) ++i;
  return s.substr(i);
}

// A requirement's distribution name ("fastapi>=0.110" -> "fastapi").
std::string distribution(const std::string& req) {
  size_t end = req.find_first_of("<>=!~;[ @");
  std::string name = req.substr(0, end);
  std::transform(name.begin(), name.end(), name.begin(),
                 [](unsigned char c) { return c == '_' ? '-' : std::tolower(c); });
  return name;
}

// External requirements: the service's requirements.txt, then what the
// projects declare that is not a workspace project.
std::vector<std::string> python_requirements(const Workspace& ws,
                                             const std::vector<std::string>& projects,
                                             const std::string& requirements_text) {
  std::vector<std::string> out;
  std::set<std::string> seen;
  auto add = [&](const std::string& req) {
    if (req.empty() || req[0] == '-' || !seen.insert(distribution(req)).second) return;
    out.push_back(req);
  };
  size_t start = 0;
  while (start <= requirements_text.size()) {
    size_t nl = requirements_text.find('\n', start);
    if (nl == std::string::npos) nl = requirements_text.size();
    add(trim(requirements_text.substr(start, nl - start)));
    start = nl + 1;
  }
  std::set<std::string> internal;
  for (const auto& p : ws.projects) {
    internal.insert(distribution(p.name));
    if (!p.package_name.empty()) internal.insert(distribution(p.package_name));
  }
  for (const auto& name : projects)
    if (const Project* p = ws.find(name))
      for (const auto& dep : p->package_dependencies)
        if (!internal.count(distribution(dep))) add(dep);
  std::sort(out.begin(), out.end());
  return out;
}

std::string python_entry(const Project& p) {
  if (is_monolith(p)) return "strata_monolith";
  std::string context = tag_value(p, "context:");
  if (!context.empty()) return context + "_service";
  if (!p.python_packages.empty()) return p.python_packages.front();
  std::string name = p.name;
  std::replace(name.begin(), name.end(), '-', '_');
  return name;
}

std::string copy_dir(const Project& p, const std::string& language) {
  if (language == "python" && !p.source_root.empty() && p.source_root != p.root)
    return p.source_root;
  return p.root;
}

std::vector<std::string> monoliths(const Workspace& ws) {
  std::vector<std::string> out;
  for (const auto& p : ws.projects)
    if (is_monolith(p)) out.push_back(p.name);
  std::sort(out.begin(), out.end());
  return out;
}

std::string joined(const std::vector<std::string>& names) {
  std::string s;
  for (const auto& n : names) s += (s.empty() ? "" : ", ") + n;
  return s;
}

}  // namespace

bool is_monolith(const Project& p) {
  return p.root == service::k_monolith_dir || p.root == service::k_ts_monolith_dir ||
         p.root == service::k_cpp_monolith_dir;
}

std::vector<std::string> service_projects(const Workspace& ws) {
  std::vector<std::string> out;
  for (const auto& p : ws.projects)
    if (has_tag(p, "type:service")) out.push_back(p.name);
  std::sort(out.begin(), out.end());
  for (auto& m : monoliths(ws)) out.push_back(std::move(m));
  return out;
}

Result<std::string> resolve_service(const Workspace& ws, const std::string& name) {
  auto services = service_projects(ws);
  // "monolith", as kube objects name it: the composition root, when there
  // is one language's.
  if (name == "monolith") {
    auto found = monoliths(ws);
    if (found.size() == 1) return found.front();
    if (found.size() > 1)
      return Error("'monolith' names " + std::to_string(found.size()) + " composition roots",
                   SourceLoc{}, "name one: " + joined(found));
  }
  // npm projects are named by their package, "@scope/billing-service".
  for (const auto& candidate : {name, name + "-service"})
    for (const auto& s : services)
      if (s == candidate ||
          (s.size() > candidate.size() && s[0] == '@' &&
           s.compare(s.size() - candidate.size() - 1, std::string::npos, "/" + candidate) == 0))
        return s;
  std::string hint = did_you_mean(name, services);
  if (hint.empty())
    hint = services.empty() ? "split a context into a service first: strata split CONTEXT"
                            : "services: " + joined(services);
  return Error("no service '" + name + "' (projects tagged type:service)", SourceLoc{}, hint)
      .of(ErrorKind::k_not_found);
}

std::vector<std::string> dependency_closure(const ProjectGraph& graph, const std::string& project) {
  std::set<std::string> seen = {project};
  std::vector<std::string> stack = {project};
  while (!stack.empty()) {
    std::string next = stack.back();
    stack.pop_back();
    for (const auto& dep : graph.dependencies_of(next))
      if (seen.insert(dep).second) stack.push_back(dep);
  }
  return {seen.begin(), seen.end()};
}

namespace {

void visit(const ProjectGraph& graph, const std::string& project, std::set<std::string>& seen,
           std::vector<std::string>& out) {
  if (!seen.insert(project).second) return;
  auto deps = graph.dependencies_of(project);
  std::vector<std::string> sorted(deps.begin(), deps.end());
  std::sort(sorted.begin(), sorted.end());
  for (const auto& dep : sorted) visit(graph, dep, seen, out);
  out.push_back(project);
}

}  // namespace

std::vector<std::string> dependency_order(const ProjectGraph& graph, const std::string& project) {
  std::set<std::string> seen;
  std::vector<std::string> out;
  visit(graph, project, seen, out);
  out.pop_back();  // the project itself, visited last
  return out;
}

Result<ImageSpec> image_spec_for(const Workspace& ws, const ProjectGraph& graph,
                                 const Topology& topology, const std::string& service,
                                 const std::string& requirements_text) {
  const Project* p = ws.find(service);
  if (!p) return ws.unknown_project(service);
  ImageSpec spec;
  spec.service = service;
  spec.language = language_of(*p);
  if (spec.language != "python" && spec.language != "node" && spec.language != "cpp")
    return Error("service '" + service + "' has no language Strata builds images for",
                 SourceLoc{p->config_file}, "tag it lang:python, lang:typescript or lang:cpp");
  spec.service_root = p->root;
  for (const auto& name : dependency_closure(graph, service)) {
    const Project* dep = ws.find(name);
    if (!dep) continue;
    spec.projects.push_back(name);
    spec.copy_dirs.push_back(copy_dir(*dep, spec.language));
  }
  std::sort(spec.copy_dirs.begin(), spec.copy_dirs.end());
  std::string context = tag_value(*p, "context:");
  if (const ServiceConfig* cfg = topology.find(context)) spec.health_path = cfg->health.path;
  const bool monolith = is_monolith(*p);
  if (spec.language == "python") {
    spec.entry = python_entry(*p);
    spec.requirements = python_requirements(ws, spec.projects, requirements_text);
  } else if (spec.language == "node") {
    spec.entry = p->root + "/dist/main.js";
  } else {
    // The executable the service's CMakeLists.txt adds: NAME_service.
    spec.entry = monolith ? "strata_monolith" : context.empty() ? p->name : context + "_service";
    for (const auto& name : dependency_order(graph, service))
      if (const Project* dep = ws.find(name)) spec.build_order.push_back(dep->root);
  }
  spec.inputs = {"strata.json", "topology.json", p->config_file};
  if (spec.language == "python") spec.inputs.push_back(p->root + "/requirements.txt");
  std::sort(spec.inputs.begin(), spec.inputs.end());
  spec.inputs.erase(std::unique(spec.inputs.begin(), spec.inputs.end()), spec.inputs.end());
  return spec;
}

}  // namespace strata::container
