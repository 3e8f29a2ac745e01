#pragma once
// The workspace's topology: where each bounded context runs. It is data in
// one file, `topology.json` beside strata.json, so that moving a context
// between the monolith and its own service changes that file (and files
// generated from it) and never business code. A context absent from the
// file runs in the monolith with no service settings.
// Format: docs/formats/topology.md.

#include <cstdint>
#include <filesystem>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "util/result.h"

namespace strata {

inline constexpr int k_topology_version = 1;
inline constexpr std::string_view k_topology_file = "topology.json";

enum class ServiceMode { k_monolith, k_service };
enum class Transport { k_http, k_grpc, k_kafka };

std::string_view mode_name(ServiceMode m);
std::string_view transport_name(Transport t);
std::optional<ServiceMode> parse_mode(std::string_view s);
std::optional<Transport> parse_transport(std::string_view s);

// Kubernetes-style quantities ("250m", "256Mi"), kept as written.
struct ResourceQuantities {
  std::string cpu;
  std::string memory;
  bool empty() const { return cpu.empty() && memory.empty(); }
  bool operator==(const ResourceQuantities&) const = default;
};

struct Resources {
  ResourceQuantities requests;
  ResourceQuantities limits;
  bool operator==(const Resources&) const = default;
};

struct Autoscaling {
  int min_replicas = 1;
  int max_replicas = 1;
  int cpu_percent = 80;  // target average CPU utilisation
  bool operator==(const Autoscaling&) const = default;
};

struct HealthCheck {
  std::string path = "/health";
  int interval_ms = 1000;
  int timeout_ms = 1000;
  int failure_threshold = 3;
  bool operator==(const HealthCheck&) const = default;
};

// The environments a topology can override settings for, in promotion order.
inline constexpr std::string_view k_environments[] = {"dev", "staging", "production"};

// What one environment changes in a context's placement; unset or empty
// fields keep the context's own value (resources field by field).
struct EnvironmentOverride {
  std::optional<int> replicas;
  Resources resources;
  std::optional<Autoscaling> autoscaling;
  bool operator==(const EnvironmentOverride&) const = default;
};

// One context's placement: the seed's ServiceConfig.
struct ServiceConfig {
  std::string context;  // the key in "services"
  ServiceMode mode = ServiceMode::k_service;
  Transport transport = Transport::k_http;
  int port = 0;  // 0: not assigned
  int replicas = 1;
  Resources resources;
  std::optional<Autoscaling> autoscaling;
  HealthCheck health;
  std::vector<std::string> secrets;  // secret names the service reads; never values
  std::vector<std::string> config;   // configuration keys the service reads
  std::map<std::string, EnvironmentOverride> environments;  // by name in k_environments
  // The placement in `env` ("" or an environment without an override: as is).
  ServiceConfig in_environment(std::string_view env) const;
  bool operator==(const ServiceConfig&) const = default;
};

struct Topology {
  int monolith_port = 8000;
  std::string kafka_bootstrap;                    // "" : Strata starts a broker on loopback
  std::map<std::string, ServiceConfig> services;  // by context name

  const ServiceConfig* find(std::string_view context) const;
  // Whether the file would hold nothing beyond the defaults.
  bool empty() const;
  bool operator==(const Topology&) const = default;
};

// The variable a process reads a split context's address from:
// "STRATA_SERVICE_<NAME>_URL" ("order-history" -> ORDER_HISTORY). `strata up`
// and the Kubernetes objects both set it; the generated clients read it.
std::string service_url_variable(std::string_view context);

// Reads `root`/topology.json; an absent file is the empty topology. Errors
// name the file, line and column of the offending value.
Result<Topology> load_topology(const std::filesystem::path& root);

// Parses topology text; `file` names it in errors.
Result<Topology> parse_topology(std::string_view text, const std::string& file);

// Canonical text: keys in a fixed order, two-space indent, a final newline,
// so writing what was read gives the same bytes.
std::string format_topology(const Topology& t);

// Writes the file atomically, or removes it when the topology is empty, so
// that merging the last split context restores a workspace without one.
Status save_topology(const std::filesystem::path& root, const Topology& t);

}  // namespace strata
