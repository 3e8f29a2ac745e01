#pragma once
// What the cluster commands share (plugin side): connecting to the cluster
// an environment names, the objects of a service in that environment, and
// the Deployment among them.

#include <filesystem>
#include <memory>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "cli/cluster_cmd.h"
#include "cluster/kubeconfig.h"
#include "cluster/rest_cluster.h"

namespace strata::cli {

struct ClusterConnection {
  cluster::KubeConfig config;
  std::unique_ptr<cluster::RestCluster> api;
  std::string namespace_;         // where objects without their own namespace go
  bool forced_namespace = false;  // --namespace: every object goes there
};

// Reads the kubeconfig and picks the context for `target`; no request is
// sent yet.
Result<ClusterConnection> connect_cluster(const ClusterTarget& target);

// Where the objects of a service come from: rendered from the topology for
// the environment, or (`objects_file`) read from a JSON or YAML file (an
// array of objects or a List).
struct ObjectSource {
  std::filesystem::path root;
  std::string image;         // --image: the reference, ideally with its digest
  std::string objects_file;  // "" : render
};

Result<std::vector<nlohmann::json>> service_objects(const ObjectSource& source,
                                                    const std::string& service,
                                                    const ClusterTarget& target);

// Reads objects from a file (what --objects takes).
Result<std::vector<nlohmann::json>> read_objects_file(const std::string& path);

// The service's Deployment: its name and namespace as rendered; a service
// whose objects cannot be rendered is taken to be a Deployment of its name.
cluster::ObjectRef service_deployment(const ObjectSource& source, const std::string& service,
                                      const ClusterTarget& target,
                                      const ClusterConnection& connection);

// "k=v,..." of a Deployment's spec.selector.matchLabels.
std::string pod_selector(const nlohmann::json& deployment);

}  // namespace strata::cli
