#include "cluster/resource.h"

#include <array>

namespace strata::cluster {

using nlohmann::json;

std::string ObjectRef::str() const { return kind + "/" + name; }

namespace {

std::string text_at(const json& j, const json::json_pointer& p) {
  return j.contains(p) && j.at(p).is_string() ? j.at(p).get<std::string>() : "";
}

struct KnownKind {
  const char* group;  // "" for the core group
  const char* kind;
  const char* plural;
  bool namespaced;
};

// The kinds a service's objects use, and the ones deploy and logs read.
// Others are found by the adapter through the API server's discovery.
constexpr std::array<KnownKind, 20> k_known_kinds{{
    {"", "Pod", "pods", true},
    {"", "Service", "services", true},
    {"", "ConfigMap", "configmaps", true},
    {"", "Secret", "secrets", true},
    {"", "ServiceAccount", "serviceaccounts", true},
    {"", "PersistentVolumeClaim", "persistentvolumeclaims", true},
    {"", "Namespace", "namespaces", false},
    {"", "Node", "nodes", false},
    {"apps", "Deployment", "deployments", true},
    {"apps", "ReplicaSet", "replicasets", true},
    {"apps", "StatefulSet", "statefulsets", true},
    {"apps", "DaemonSet", "daemonsets", true},
    {"autoscaling", "HorizontalPodAutoscaler", "horizontalpodautoscalers", true},
    {"policy", "PodDisruptionBudget", "poddisruptionbudgets", true},
    {"batch", "Job", "jobs", true},
    {"batch", "CronJob", "cronjobs", true},
    {"networking.k8s.io", "Ingress", "ingresses", true},
    {"networking.k8s.io", "NetworkPolicy", "networkpolicies", true},
    {"rbac.authorization.k8s.io", "Role", "roles", true},
    {"rbac.authorization.k8s.io", "RoleBinding", "rolebindings", true},
}};

}  // namespace

Result<ObjectRef> ref_of(const json& object, const std::string& default_namespace) {
  if (!object.is_object()) return Error("a Kubernetes object must be a JSON object");
  ObjectRef r{text_at(object, "/apiVersion"_json_pointer), text_at(object, "/kind"_json_pointer),
              text_at(object, "/metadata/namespace"_json_pointer),
              text_at(object, "/metadata/name"_json_pointer)};
  if (r.api_version.empty() || r.kind.empty())
    return Error("an object without apiVersion or kind (name '" + r.name + "')");
  if (r.name.empty()) return Error("a " + r.kind + " without metadata.name");
  auto type = known_resource(r.api_version, r.kind);
  if (r.namespace_.empty() && (!type || type->namespaced)) r.namespace_ = default_namespace;
  return r;
}

std::optional<ResourceType> known_resource(const std::string& api_version,
                                           const std::string& kind) {
  auto slash = api_version.find('/');
  std::string group = slash == std::string::npos ? "" : api_version.substr(0, slash);
  for (const auto& k : k_known_kinds)
    if (kind == k.kind && group == k.group) return ResourceType{k.plural, k.namespaced};
  return std::nullopt;
}

std::string group_version_path(const std::string& api_version) {
  return api_version.find('/') == std::string::npos ? "/api/" + api_version
                                                    : "/apis/" + api_version;
}

std::string resource_path(const std::string& api_version, const ResourceType& type,
                          const std::string& namespace_, const std::string& name) {
  std::string p = group_version_path(api_version);
  if (type.namespaced) p += "/namespaces/" + namespace_;
  p += "/" + type.plural;
  if (!name.empty()) p += "/" + name;
  return p;
}

std::string query_escape(const std::string& value) {
  static const char* hex = "0123456789ABCDEF";
  std::string out;
  for (unsigned char c : value) {
    if (isalnum(c) || c == '-' || c == '_' || c == '.' || c == '~') {
      out += static_cast<char>(c);
    } else {
      out += '%';
      out += hex[c >> 4];
      out += hex[c & 15];
    }
  }
  return out;
}

}  // namespace strata::cluster
