#pragma once
// The Kubernetes objects of a service, rendered from the topology: what a
// context's placement (topology.json) means on a cluster. One function of
// (topology, context, environment, image), so the kustomize files Strata
// writes, `strata manifests` and `strata deploy` all see the same objects.
// What each object holds and why: docs/kubernetes.md.

#include <filesystem>
#include <nlohmann/json.hpp>
#include <string>
#include <string_view>
#include <vector>

#include "config/topology.h"
#include "util/result.h"

namespace strata::kube {

// The context name that stands for the monolith.
inline constexpr std::string_view k_monolith = "monolith";
// The numeric user and group every container runs as (never root).
inline constexpr int k_run_as_user = 10001;
// The Secret (and its key) holding the key every split service and the
// monolith sign and check service-to-service tokens with; the team creates
// it (docs/kubernetes.md), Strata only refers to it.
inline constexpr std::string_view k_jwt_secret = "strata-service-jwt";
inline constexpr std::string_view k_jwt_key = "STRATA_SERVICE_JWT_KEY";
// The ConfigMap key the Kafka brokers are read from, where a context is
// split on kafka (empty until the team sets it, as every config key).
inline constexpr std::string_view k_kafka_bootstrap = "STRATA_KAFKA_BOOTSTRAP";

// One Kubernetes object; `body` is the whole object, apiVersion to spec.
struct Object {
  std::string api_version, kind, name;
  nlohmann::json body;
};

struct RenderRequest {
  std::string context;      // a context in the topology, or "monolith"
  std::string env = "dev";  // one of config's k_environments; "" for the kustomize base
  std::string image;        // ref or ref@sha256:...; "" : NAME:latest
};

// The objects of one service (or the monolith, context "monolith") in one
// environment, overlay applied: Deployment, Service, ConfigMap, then the
// HorizontalPodAutoscaler where the topology autoscales and the
// PodDisruptionBudget where more than one replica runs.
Result<std::vector<Object>> render_service(const std::filesystem::path& root,
                                           const Topology& topology, const RenderRequest& request);

// The contexts that get objects: every context in service mode, then the
// monolith.
std::vector<std::string> deployable_contexts(const Topology& topology);

// The objects' name for a context: a DNS-1123 label ("order_history" ->
// "order-history").
std::string object_name(std::string_view context);

// The name of the Secret a service's secrets are read from (by key; Strata
// never writes its values).
std::string secret_name(std::string_view context);

// The placement a context has in `env` (the monolith's from its port and
// defaults), with the default resources filled in.
Result<ServiceConfig> placement(const Topology& topology, const std::string& context,
                                const std::string& env);

}  // namespace strata::kube
