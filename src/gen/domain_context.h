#pragma once
// DomainContext: a bounded context as the workspace sees it — the projects
// tagged `context:NAME`, their layers (`layer:` tags) and language — and the
// scripting interface to create one, ask how it is deployed (topology.json:
// in the monolith or as its own service) and move it. Moving goes through
// the ServicePlacement port, which the service layer implements
// (service::ServiceArchitecture), since this layer sits below it.

#include <filesystem>
#include <map>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

#include "config/topology.h"
#include "gen/context_generator.h"
#include "gen/write_plan.h"
#include "graph/project_graph.h"
#include "model/workspace.h"
#include "util/result.h"

namespace strata::gen {

enum class Deployment { k_monolith, k_service };

const char* deployment_name(Deployment d);  // "in monolith", "as a service"

// Moves a context between the monolith and its own service.
class ServicePlacement {
 public:
  virtual ~ServicePlacement() = default;
  virtual Status split(const std::string& context, Transport transport) = 0;
  virtual Status merge(const std::string& context) = 0;
};

class DomainContext {
 public:
  struct Member {
    std::string project;
    std::string layer;  // "" when the project has no layer: tag
    std::string root;
  };

  // Every context named by a `context:` tag, sorted by name; with a graph,
  // also the other contexts each one depends on.
  static std::vector<DomainContext> discover(const Workspace& ws,
                                             const ProjectGraph* graph = nullptr);
  // The context called `name`, or an error suggesting a close name.
  static Result<DomainContext> find(const Workspace& ws, const std::string& name,
                                    const ProjectGraph* graph = nullptr);
  // Plans contexts/NAME/ with the chosen layers; apply() the plan to write it.
  static Result<WritePlan> create(const std::filesystem::path& root, const ContextRequest& request);

  const std::string& name() const { return m_name; }
  // The lang: tag (or detected language) its projects share; "mixed" if they differ.
  const std::string& language() const { return m_language; }
  // Present layers in k_layers order.
  std::vector<std::string> layers() const;
  const std::vector<Member>& members() const { return m_members; }
  Deployment deployment() const { return m_deployment; }
  // "in monolith", or "service (http, port 8123, 1 replica)".
  std::string get_deployment_status() const;
  // The topology's entry while it runs as a service.
  const std::optional<ServiceConfig>& service() const { return m_service; }
  Status extract_to_service(ServicePlacement& placement, Transport transport) const {
    return placement.split(m_name, transport);
  }
  Status merge_from_service(ServicePlacement& placement) const { return placement.merge(m_name); }
  // Other contexts its projects depend on (needs the graph), sorted.
  const std::vector<std::string>& depends_on() const { return m_depends_on; }

  nlohmann::json to_json() const;

 private:
  static void add_context_edges(const ProjectGraph& graph,
                                const std::map<std::string, std::string>& context_of,
                                std::map<std::string, DomainContext>& by_name);

  std::string m_name;
  std::string m_language;
  std::vector<Member> m_members;
  std::vector<std::string> m_depends_on;
  Deployment m_deployment = Deployment::k_monolith;
  std::optional<ServiceConfig> m_service;
};

}  // namespace strata::gen
