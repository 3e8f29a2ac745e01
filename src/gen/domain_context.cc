#include "gen/domain_context.h"

#include <algorithm>
#include <map>

#include "util/suggest.h"

namespace strata::gen {

namespace {

std::string tag_value(const Project& p, std::string_view key) {
  for (const auto& t : p.tags)
    if (t.size() > key.size() && t.starts_with(key) && t[key.size()] == ':')
      return t.substr(key.size() + 1);
  return {};
}

std::string language_of(const Project& p) {
  std::string lang = tag_value(p, "lang");
  return lang.empty() ? p.language : lang;
}

size_t layer_rank(const std::string& layer) {
  auto it = std::find(k_layers.begin(), k_layers.end(), layer);
  return static_cast<size_t>(it - k_layers.begin());
}

}  // namespace

// Fills m_depends_on from the project graph's edges
// that cross from one context into another.
void DomainContext::add_context_edges(const ProjectGraph& graph,
                                      const std::map<std::string, std::string>& context_of,
                                      std::map<std::string, DomainContext>& by_name) {
  for (const auto& [from, deps] : graph.dependencies) {
    auto src = context_of.find(from);
    if (src == context_of.end()) continue;
    auto& list = by_name[src->second].m_depends_on;
    for (const auto& d : deps) {
      auto dst = context_of.find(d.target);
      if (dst == context_of.end() || dst->second == src->second) continue;
      if (std::find(list.begin(), list.end(), dst->second) == list.end())
        list.push_back(dst->second);
    }
  }
  for (auto& [name, c] : by_name) std::sort(c.m_depends_on.begin(), c.m_depends_on.end());
}

const char* deployment_name(Deployment d) {
  switch (d) {
    case Deployment::k_monolith:
      return "in monolith";
    case Deployment::k_service:
      return "as a service";
  }
  return "?";
}

std::vector<DomainContext> DomainContext::discover(const Workspace& ws, const ProjectGraph* graph) {
  std::map<std::string, DomainContext> by_name;
  std::map<std::string, std::string> context_of;  // project -> context
  for (const auto& p : ws.projects) {
    std::string name = tag_value(p, "context");
    if (name.empty()) continue;
    DomainContext& c = by_name[name];
    context_of[p.name] = name;
    c.m_name = name;
    c.m_members.push_back({p.name, tag_value(p, "layer"), p.root});
    std::string lang = language_of(p);
    if (c.m_language.empty())
      c.m_language = lang;
    else if (!lang.empty() && lang != c.m_language)
      c.m_language = "mixed";
  }
  if (graph) add_context_edges(*graph, context_of, by_name);
  // An unreadable topology.json is reported by the commands that change it;
  // here every context then shows as in the monolith.
  if (auto topology = load_topology(ws.root))
    for (auto& [name, c] : by_name)
      if (const ServiceConfig* s = topology->find(name); s && s->mode == ServiceMode::k_service) {
        c.m_deployment = Deployment::k_service;
        c.m_service = *s;
      }
  std::vector<DomainContext> out;
  for (auto& [name, c] : by_name) {
    std::sort(c.m_members.begin(), c.m_members.end(), [](const Member& a, const Member& b) {
      return std::pair(layer_rank(a.layer), a.project) < std::pair(layer_rank(b.layer), b.project);
    });
    out.push_back(std::move(c));
  }
  return out;
}

Result<DomainContext> DomainContext::find(const Workspace& ws, const std::string& name,
                                          const ProjectGraph* graph) {
  auto all = discover(ws, graph);
  std::vector<std::string> names;
  for (auto& c : all) {
    if (c.name() == name) return std::move(c);
    names.push_back(c.name());
  }
  std::string hint = did_you_mean(name, names);
  if (hint.empty())
    hint = names.empty() ? "create one: strata generate context " + name + " --lang python"
                         : "run 'strata context list' to see the contexts";
  return Error("no context named '" + name + "'", {}, hint);
}

Result<WritePlan> DomainContext::create(const std::filesystem::path& root,
                                        const ContextRequest& request) {
  return plan_context(root, request);
}

std::vector<std::string> DomainContext::layers() const {
  std::vector<std::string> out;
  for (auto layer : k_layers)
    for (const auto& m : m_members)
      if (m.layer == layer) {
        out.emplace_back(layer);
        break;
      }
  return out;
}

std::string DomainContext::get_deployment_status() const {
  if (!m_service) return deployment_name(m_deployment);
  return "service (" + std::string(transport_name(m_service->transport)) + ", port " +
         std::to_string(m_service->port) + ", " + std::to_string(m_service->replicas) +
         (m_service->replicas == 1 ? " replica)" : " replicas)");
}

nlohmann::json DomainContext::to_json() const {
  nlohmann::json projects = nlohmann::json::array();
  for (const auto& m : m_members)
    projects.push_back({{"name", m.project}, {"layer", m.layer}, {"root", m.root}});
  return {
      {"name", m_name},
      {"language", m_language},
      {"layers", layers()},
      {"projects", projects},
      {"dependsOn", m_depends_on},
      {"deployment", deployment_name(m_deployment)},
      {"service", m_service ? nlohmann::json{{"transport", transport_name(m_service->transport)},
                                             {"port", m_service->port},
                                             {"replicas", m_service->replicas}}
                            : nlohmann::json(nullptr)}};
}

}  // namespace strata::gen
