#pragma once
// Naming Kubernetes objects: a reference (apiVersion, kind, namespace,
// name) read from an object's own fields, and the REST path of a kind,
// e.g. apps/v1 Deployment -> /apis/apps/v1/namespaces/NS/deployments.

#include <nlohmann/json.hpp>
#include <optional>
#include <string>

#include "util/result.h"

namespace strata::cluster {

struct ObjectRef {
  std::string api_version;  // "v1", "apps/v1"
  std::string kind;         // "Deployment"
  std::string namespace_;   // "" for cluster-scoped kinds
  std::string name;

  std::string str() const;  // "Deployment/orders" (kubectl's way of naming)
  bool operator==(const ObjectRef&) const = default;
};

// The reference of an object body; `default_namespace` fills a namespaced
// object without metadata.namespace. Errors say which field is missing.
Result<ObjectRef> ref_of(const nlohmann::json& object, const std::string& default_namespace);

// A resource's URL parts, for the kinds Strata deploys and reads.
struct ResourceType {
  std::string plural;  // "deployments"
  bool namespaced = true;
};
std::optional<ResourceType> known_resource(const std::string& api_version, const std::string& kind);

// "/api/v1" or "/apis/GROUP/VERSION".
std::string group_version_path(const std::string& api_version);
// The collection path ("/apis/apps/v1/namespaces/NS/deployments"), or with
// `name` the object's path.
std::string resource_path(const std::string& api_version, const ResourceType& type,
                          const std::string& namespace_, const std::string& name = "");

// Percent-encodes a query value (label selectors hold '=' and ',').
std::string query_escape(const std::string& value);

}  // namespace strata::cluster
