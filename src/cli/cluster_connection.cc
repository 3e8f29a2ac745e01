// The environment picks the kubeconfig context of its name when the
// kubeconfig has one, so a team with contexts "dev", "staging" and
// "production" passes only --env; otherwise the current context is used.

#include "cli/cluster_connection.h"

#include "cluster/https_transport.h"
#include "config/topology.h"
#include "kube/objects.h"
#include "kube/yaml.h"
#include "util/fs.h"
#include "util/json_limits.h"

namespace strata::cli {

namespace fs = std::filesystem;
using nlohmann::json;

namespace {

constexpr int k_request_timeout_ms = 30000;

// The objects of a document: an array, a List's items, or one object.
std::vector<json> objects_of(const json& doc) {
  if (doc.is_null()) return {};  // an empty document between two `---`
  if (doc.is_array()) return doc.get<std::vector<json>>();
  if (doc.is_object() && doc.value("kind", "").ends_with("List") && doc.contains("items"))
    return doc["items"].get<std::vector<json>>();
  return {doc};
}

}  // namespace

Result<ClusterConnection> connect_cluster(const ClusterTarget& target) {
  fs::path path = cluster::kubeconfig_path(target.kubeconfig);
  std::string context = target.context;
  if (context.empty() && !target.env.empty() && cluster::has_context(path, target.env))
    context = target.env;
  auto config = cluster::load_kubeconfig(path, context);
  if (!config) return config.error();
  auto transport = cluster::HttpsTransport::open(*config, k_request_timeout_ms);
  if (!transport) return transport.error();
  ClusterConnection c;
  c.namespace_ = target.namespace_.empty() ? config->namespace_ : target.namespace_;
  c.forced_namespace = !target.namespace_.empty();
  c.api = std::make_unique<cluster::RestCluster>(std::move(*transport), c.namespace_);
  c.config = std::move(*config);
  return c;
}

Result<std::vector<json>> read_objects_file(const std::string& path) {
  auto text = read_file(path, k_config_max_bytes, path);
  if (!text) return text.error();
  auto docs = kube::parse_yaml(*text, path);
  if (!docs) return docs.error();
  std::vector<json> objects;
  for (auto& doc : *docs)
    for (auto& o : objects_of(doc.value)) objects.push_back(std::move(o));
  for (const auto& o : objects)
    if (!o.is_object())
      return Error("not a Kubernetes object: " + o.dump().substr(0, 80), SourceLoc{path});
  return objects;
}

Result<std::vector<json>> service_objects(const ObjectSource& source, const std::string& service,
                                          const ClusterTarget& target) {
  Result<std::vector<json>> objects = std::vector<json>{};
  if (!source.objects_file.empty()) {
    objects = read_objects_file(source.objects_file);
  } else {
    auto topology = load_topology(source.root);
    if (!topology) return topology.error();
    auto rendered =
        kube::render_service(source.root, *topology, {service, target.env, source.image});
    if (!rendered) return rendered.error();
    std::vector<json> bodies;
    for (auto& o : *rendered) bodies.push_back(std::move(o.body));
    objects = std::move(bodies);
  }
  if (!objects) return objects.error();
  if (!target.namespace_.empty())
    for (auto& o : *objects)
      if (o.contains("metadata")) o["metadata"]["namespace"] = target.namespace_;
  return objects;
}

cluster::ObjectRef service_deployment(const ObjectSource& source, const std::string& service,
                                      const ClusterTarget& target,
                                      const ClusterConnection& connection) {
  if (auto objects = service_objects(source, service, target))
    for (const auto& o : *objects)
      if (o.value("kind", "") == "Deployment")
        if (auto ref = cluster::ref_of(o, connection.namespace_)) return *ref;
  return {"apps/v1", "Deployment", connection.namespace_, kube::object_name(service)};
}

std::string pod_selector(const json& deployment) {
  std::string out;
  auto p = "/spec/selector/matchLabels"_json_pointer;
  if (!deployment.contains(p) || !deployment.at(p).is_object()) return out;
  for (const auto& [k, v] : deployment.at(p).items())
    if (v.is_string()) out += (out.empty() ? "" : ",") + k + "=" + v.get<std::string>();
  return out;
}

}  // namespace strata::cli
