#pragma once
// What one service's image is made of, taken from the workspace: its
// language, the projects it needs (the service and its dependencies in the
// project graph, and nothing else), what starts it and its health path.
// The Dockerfile, the .dockerignore and the build context derive from it.

#include <string>
#include <vector>

#include "config/topology.h"
#include "graph/project_graph.h"
#include "model/workspace.h"
#include "util/result.h"

namespace strata::container {

struct ImageSpec {
  std::string service;       // the service project, "billing-service"
  std::string language;      // "python", "node" or "cpp"
  std::string service_root;  // "contexts/billing/service"
  // The projects copied into the image, sorted by name, and the folders
  // copied for them (Python: each source root; node, cpp: project roots).
  std::vector<std::string> projects;
  std::vector<std::string> copy_dirs;  // relative to the root, sorted
  // cpp: the roots of the service's dependencies, each after those it
  // depends on (each CMake project finds the others' build/ trees).
  std::vector<std::string> build_order;
  // Python: the module run with -m; node: the script; cpp: the executable.
  std::string entry;
  std::vector<std::string> requirements;  // Python: external distributions
  std::string health_path = "/health";
  std::vector<std::string> inputs;  // files the Dockerfile is generated from
};

// Whether `p` is a composition root `strata split` generates
// (apps/monolith-python, -typescript, -cpp): it becomes an image as the
// services do, and deploys as the "monolith".
bool is_monolith(const Project& p);

// What gets an image: the projects tagged type:service, sorted, then the
// generated monoliths.
std::vector<std::string> service_projects(const Workspace& ws);

// The service project a name on the command line means: "billing-service",
// the context "billing", or "monolith" (the composition root, when one
// language has one); an unknown one with a did-you-mean hint.
Result<std::string> resolve_service(const Workspace& ws, const std::string& name);

// The service and its transitive dependencies, sorted.
std::vector<std::string> dependency_closure(const ProjectGraph& graph, const std::string& project);

// The dependencies of `project`, each after its own, without `project`.
std::vector<std::string> dependency_order(const ProjectGraph& graph, const std::string& project);

// `requirements_text`: the service's requirements.txt ("" when none).
Result<ImageSpec> image_spec_for(const Workspace& ws, const ProjectGraph& graph,
                                 const Topology& topology, const std::string& service,
                                 const std::string& requirements_text);

}  // namespace strata::container
