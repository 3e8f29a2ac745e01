// Renders a context's placement into Kubernetes objects. Everything a
// cluster's admission policy usually demands is on by default (probes,
// requests and limits, a non-root numeric user, a read-only root file
// system with an emptyDir for /tmp, no privilege escalation, no
// capabilities, the runtime's seccomp profile), so the objects pass
// Strata's own policy (kube/policy.h) without a team adding anything. The
// bodies are plain JSON; the kustomize writer and `strata deploy` serialise
// them as they need.

#include "kube/objects.h"

#include <algorithm>
#include <cctype>

#include "util/fs.h"
#include "util/json_limits.h"

namespace strata::kube {

namespace {

using nlohmann::json;

// Used when the topology names none: small, but enough for the generated
// services, and every container must have limits to pass the policy.
const ResourceQuantities k_default_requests{"100m",
                                            "128Mi"};  // std::string: not constexpr under clang
constexpr std::string_view k_default_limit_cpu = "500m";
constexpr std::string_view k_default_limit_memory = "256Mi";
constexpr int k_default_port = 8080;

void fill_default_resources(Resources& r) {
  // Kubernetes takes a missing request from the limit; Strata does the same
  // so the rendered object says what the cluster will use.
  if (r.requests.cpu.empty())
    r.requests.cpu = r.limits.cpu.empty() ? k_default_requests.cpu : r.limits.cpu;
  if (r.requests.memory.empty())
    r.requests.memory = r.limits.memory.empty() ? k_default_requests.memory : r.limits.memory;
  if (r.limits.cpu.empty()) r.limits.cpu = k_default_limit_cpu;
  if (r.limits.memory.empty()) r.limits.memory = k_default_limit_memory;
}

bool known_environment(const std::string& env) {
  if (env.empty()) return true;
  return std::any_of(std::begin(k_environments), std::end(k_environments),
                     [&](std::string_view e) { return e == env; });
}

// A label value: at most 63 of [A-Za-z0-9._-], starting and ending
// alphanumeric ("@acme/shop" -> "acme-shop").
std::string label_value(std::string_view s) {
  std::string out;
  for (char c : s) {
    bool ok = std::isalnum(static_cast<unsigned char>(c)) || c == '.' || c == '_' || c == '-';
    out += ok ? c : '-';
  }
  auto alnum = [](char c) { return std::isalnum(static_cast<unsigned char>(c)) != 0; };
  while (!out.empty() && !alnum(out.front())) out.erase(out.begin());
  if (out.size() > 63) out.resize(63);
  while (!out.empty() && !alnum(out.back())) out.pop_back();
  return out;
}

// The workspace's name from its root package.json, for part-of; "" when
// there is none, so the objects do not depend on where the checkout lives.
std::string workspace_name(const std::filesystem::path& root) {
  auto text = read_file(root / "package.json", k_config_max_bytes, "package.json");
  if (!text) return "";
  auto doc = parse_json_file_text("package.json", *text, /*comments=*/false);
  if (!doc || !doc->is_object() || !doc->contains("name") || !(*doc)["name"].is_string()) return "";
  return label_value((*doc)["name"].get<std::string>());
}

// Everything one render needs, computed once.
struct Context {
  std::string name;
  std::string component;  // "service" or "monolith"
  std::string part_of;
  std::string image;
  ServiceConfig cfg;
  json wiring = json::array();  // env entries that connect it to the others
};

json selector_labels(const Context& c) {
  return {{"app.kubernetes.io/name", c.name}, {"app.kubernetes.io/instance", c.name}};
}

// The recommended labels (kubernetes.io/docs/concepts/overview/working-with-objects/common-labels).
json labels(const Context& c) {
  json l = selector_labels(c);
  l["app.kubernetes.io/component"] = c.component;
  l["app.kubernetes.io/managed-by"] = "strata";
  if (!c.part_of.empty()) l["app.kubernetes.io/part-of"] = c.part_of;
  return l;
}

json metadata(const Context& c, const std::string& name) {
  return {{"name", name}, {"labels", labels(c)}};
}

int seconds(int ms) { return std::max(1, (ms + 999) / 1000); }

json probe(const HealthCheck& h, int failure_threshold) {
  return {{"httpGet", {{"path", h.path}, {"port", "http"}}},
          {"periodSeconds", seconds(h.interval_ms)},
          {"timeoutSeconds", seconds(h.timeout_ms)},
          {"failureThreshold", failure_threshold}};
}

json quantities(const ResourceQuantities& q) { return {{"cpu", q.cpu}, {"memory", q.memory}}; }

json container_security() {
  return {{"runAsNonRoot", true},
          {"runAsUser", k_run_as_user},
          {"runAsGroup", k_run_as_user},
          {"readOnlyRootFilesystem", true},
          {"allowPrivilegeEscalation", false},
          {"privileged", false},
          {"capabilities", {{"drop", {"ALL"}}}},
          {"seccompProfile", {{"type", "RuntimeDefault"}}}};
}

json environment(const Context& c) {
  json env = json::array();
  env.push_back({{"name", "PORT"}, {"value", std::to_string(c.cfg.port)}});
  for (const auto& key : c.cfg.config)
    env.push_back(
        {{"name", key},
         {"valueFrom", {{"configMapKeyRef", {{"name", c.name + "-config"}, {"key", key}}}}}});
  for (const auto& key : c.cfg.secrets)
    env.push_back(
        {{"name", key},
         {"valueFrom", {{"secretKeyRef", {{"name", secret_name(c.cfg.context)}, {"key", key}}}}}});
  for (const auto& e : c.wiring) env.push_back(e);
  return env;
}

bool serves_grpc(const Context& c) {
  return c.component == "service" && c.cfg.transport == Transport::k_grpc;
}

// The container's ports: `http` (health, metrics, and the calls of an http
// service) and, for a grpc service, `grpc` on the next port, where the
// generated servers listen.
json container_ports(const Context& c) {
  json ports = {{{"name", "http"}, {"containerPort", c.cfg.port}, {"protocol", "TCP"}}};
  if (serves_grpc(c))
    ports.push_back({{"name", "grpc"}, {"containerPort", c.cfg.port + 1}, {"protocol", "TCP"}});
  return ports;
}

json container(const Context& c) {
  const HealthCheck& h = c.cfg.health;
  return {{"name", c.name},
          {"image", c.image},
          {"imagePullPolicy", "IfNotPresent"},
          {"ports", container_ports(c)},
          {"env", environment(c)},
          // Startup gets a minute before liveness starts counting, so a slow
          // first start is not killed in a restart loop.
          {"startupProbe", probe(h, std::max(h.failure_threshold, 60 / seconds(h.interval_ms)))},
          {"readinessProbe", probe(h, h.failure_threshold)},
          {"livenessProbe", probe(h, h.failure_threshold)},
          {"resources",
           {{"requests", quantities(c.cfg.resources.requests)},
            {"limits", quantities(c.cfg.resources.limits)}}},
          {"securityContext", container_security()},
          {"volumeMounts", {{{"name", "tmp"}, {"mountPath", "/tmp"}}}}};
}

Object deployment(const Context& c) {
  json pod_security = {{"runAsNonRoot", true},
                       {"runAsUser", k_run_as_user},
                       {"runAsGroup", k_run_as_user},
                       {"fsGroup", k_run_as_user},
                       {"seccompProfile", {{"type", "RuntimeDefault"}}}};
  json pod = {{"automountServiceAccountToken", false},
              {"securityContext", pod_security},
              {"containers", {container(c)}},
              {"volumes", {{{"name", "tmp"}, {"emptyDir", {{"sizeLimit", "64Mi"}}}}}}};
  json body = {{"apiVersion", "apps/v1"},
               {"kind", "Deployment"},
               {"metadata", metadata(c, c.name)},
               {"spec",
                {{"replicas", c.cfg.replicas},
                 {"revisionHistoryLimit", 10},
                 {"selector", {{"matchLabels", selector_labels(c)}}},
                 {"template", {{"metadata", {{"labels", labels(c)}}}, {"spec", pod}}}}}};
  return {"apps/v1", "Deployment", c.name, std::move(body)};
}

Object service(const Context& c) {
  json ports = json::array();
  ports.push_back(
      {{"name", "http"}, {"port", c.cfg.port}, {"targetPort", "http"}, {"protocol", "TCP"}});
  if (serves_grpc(c))
    ports.push_back(
        {{"name", "grpc"}, {"port", c.cfg.port + 1}, {"targetPort", "grpc"}, {"protocol", "TCP"}});
  json body = {
      {"apiVersion", "v1"},
      {"kind", "Service"},
      {"metadata", metadata(c, c.name)},
      {"spec", {{"type", "ClusterIP"}, {"selector", selector_labels(c)}, {"ports", ports}}}};
  return {"v1", "Service", c.name, std::move(body)};
}

// The keys the service reads, empty until the team sets them (docs/kubernetes.md).
Object config_map(const Context& c) {
  json data = json::object();
  for (const auto& key : c.cfg.config) data[key] = "";
  std::string name = c.name + "-config";
  json body = {
      {"apiVersion", "v1"}, {"kind", "ConfigMap"}, {"metadata", metadata(c, name)}, {"data", data}};
  return {"v1", "ConfigMap", name, std::move(body)};
}

Object autoscaler(const Context& c, const Autoscaling& a) {
  json metric = {{"type", "Resource"},
                 {"resource",
                  {{"name", "cpu"},
                   {"target", {{"type", "Utilization"}, {"averageUtilization", a.cpu_percent}}}}}};
  json body = {
      {"apiVersion", "autoscaling/v2"},
      {"kind", "HorizontalPodAutoscaler"},
      {"metadata", metadata(c, c.name)},
      {"spec",
       {{"scaleTargetRef", {{"apiVersion", "apps/v1"}, {"kind", "Deployment"}, {"name", c.name}}},
        {"minReplicas", a.min_replicas},
        {"maxReplicas", a.max_replicas},
        {"metrics", {metric}}}}};
  return {"autoscaling/v2", "HorizontalPodAutoscaler", c.name, std::move(body)};
}

// One pod at a time may be taken down voluntarily (a drain, an upgrade).
Object disruption_budget(const Context& c) {
  json body = {
      {"apiVersion", "policy/v1"},
      {"kind", "PodDisruptionBudget"},
      {"metadata", metadata(c, c.name)},
      {"spec", {{"maxUnavailable", 1}, {"selector", {{"matchLabels", selector_labels(c)}}}}}};
  return {"policy/v1", "PodDisruptionBudget", c.name, std::move(body)};
}

}  // namespace

std::string object_name(std::string_view context) {
  std::string out;
  for (char c : context) {
    auto u = static_cast<unsigned char>(c);
    out += std::isalnum(u) ? static_cast<char>(std::tolower(u)) : '-';
  }
  while (!out.empty() && out.front() == '-') out.erase(out.begin());
  if (out.size() > 63) out.resize(63);
  while (!out.empty() && out.back() == '-') out.pop_back();
  return out;
}

std::string secret_name(std::string_view context) { return object_name(context) + "-secrets"; }

std::vector<std::string> deployable_contexts(const Topology& topology) {
  std::vector<std::string> out;
  for (const auto& [name, cfg] : topology.services)
    if (cfg.mode == ServiceMode::k_service) out.push_back(name);
  out.emplace_back(k_monolith);
  return out;
}

Result<ServiceConfig> placement(const Topology& topology, const std::string& context,
                                const std::string& env) {
  if (!known_environment(env))
    return Error("unknown environment '" + env + "'", {}, "one of: dev, staging, production");
  ServiceConfig cfg;
  if (context == k_monolith) {
    cfg.context = std::string(k_monolith);
    cfg.port = topology.monolith_port;
  } else {
    const ServiceConfig* found = topology.find(context);
    if (!found || found->mode != ServiceMode::k_service)
      return Error("context '" + context + "' is not split into a service", {},
                   "split it first: strata split " + context)
          .of(ErrorKind::k_not_found);
    cfg = found->in_environment(env);
    if (cfg.port == 0) cfg.port = k_default_port;
  }
  fill_default_resources(cfg.resources);
  return cfg;
}

namespace {

// What connects a process to the rest of the system once anything is
// split: the shared token key (by Secret reference), the Kafka brokers
// where a context is split on kafka (by ConfigMap key, added to `cfg`'s
// config), and, in the monolith, each split context's address by its
// Service's cluster DNS name, in the variables the generated clients read.
Result<json> wiring(const Topology& topology, const std::string& context, const std::string& env,
                    ServiceConfig& cfg) {
  json out = json::array();
  bool any_split = false, any_kafka = false;
  for (const auto& [name, s] : topology.services) {
    if (s.mode != ServiceMode::k_service) continue;
    any_split = true;
    any_kafka |= s.transport == Transport::k_kafka;
    if (context != k_monolith || s.transport == Transport::k_kafka) continue;
    auto placed = placement(topology, name, env);
    if (!placed) return placed.error();
    std::string host = object_name(name);
    std::string url = s.transport == Transport::k_grpc
                          ? host + ":" + std::to_string(placed->port + 1)
                          : "http://" + host + ":" + std::to_string(placed->port);
    out.push_back({{"name", service_url_variable(name)}, {"value", url}});
  }
  if (!any_split) return out;
  out.push_back({{"name", k_jwt_key},
                 {"valueFrom", {{"secretKeyRef", {{"name", k_jwt_secret}, {"key", k_jwt_key}}}}}});
  const std::string kafka(k_kafka_bootstrap);
  if (any_kafka && std::find(cfg.config.begin(), cfg.config.end(), kafka) == cfg.config.end())
    cfg.config.push_back(kafka);
  return out;
}

}  // namespace

Result<std::vector<Object>> render_service(const std::filesystem::path& root,
                                           const Topology& topology, const RenderRequest& request) {
  auto cfg = placement(topology, request.context, request.env);
  if (!cfg) return cfg.error();
  auto wired = wiring(topology, request.context, request.env, *cfg);
  if (!wired) return wired.error();
  Context c;
  c.name = object_name(request.context);
  c.component = request.context == k_monolith ? "monolith" : "service";
  c.part_of = workspace_name(root);
  c.image = request.image.empty() ? c.name + ":latest" : request.image;
  c.cfg = std::move(*cfg);
  c.wiring = std::move(*wired);
  std::vector<Object> out = {deployment(c), service(c), config_map(c)};
  if (c.cfg.autoscaling) out.push_back(autoscaler(c, *c.cfg.autoscaling));
  int least = c.cfg.autoscaling ? std::min(c.cfg.replicas, c.cfg.autoscaling->min_replicas)
                                : c.cfg.replicas;
  if (least > 1) out.push_back(disruption_budget(c));
  return out;
}

}  // namespace strata::kube
