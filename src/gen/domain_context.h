#pragma once
// DomainContext: a bounded context as the workspace sees it — the projects
// tagged `context:NAME`, their layers (`layer:` tags) and language — and the
// scripting interface to create one and ask how it is deployed. For now
// every context runs inside the monolith; deployment is where splitting a
// context out into its own service will be recorded.

#include <filesystem>
#include <map>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "gen/context_generator.h"
#include "gen/write_plan.h"
#include "graph/project_graph.h"
#include "model/workspace.h"
#include "util/result.h"

namespace strata::gen {

enum class Deployment { k_monolith };

const char* deployment_name(Deployment d);  // "in monolith"

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
};

}  // namespace strata::gen
