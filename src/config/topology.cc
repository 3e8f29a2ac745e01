// Reads, checks and writes topology.json. Every value is checked where it is
// read, so an error points at the line and column of the value itself, and
// unknown keys are refused with a suggestion: a misspelled "replcias" that
// silently meant one replica would be found only in production.

#include "config/topology.h"

#include <cctype>
#include <filesystem>
#include <nlohmann/json.hpp>
#include <system_error>

#include "config/json_locator.h"
#include "util/fs.h"
#include "util/json_limits.h"
#include "util/suggest.h"

namespace strata {

std::string_view mode_name(ServiceMode m) {
  return m == ServiceMode::k_service ? "service" : "monolith";
}

std::string_view transport_name(Transport t) {
  switch (t) {
    case Transport::k_http:
      return "http";
    case Transport::k_grpc:
      return "grpc";
    case Transport::k_kafka:
      return "kafka";
  }
  return "http";
}

std::optional<ServiceMode> parse_mode(std::string_view s) {
  if (s == "service") return ServiceMode::k_service;
  if (s == "monolith") return ServiceMode::k_monolith;
  return std::nullopt;
}

std::optional<Transport> parse_transport(std::string_view s) {
  if (s == "http") return Transport::k_http;
  if (s == "grpc") return Transport::k_grpc;
  if (s == "kafka") return Transport::k_kafka;
  return std::nullopt;
}

const ServiceConfig* Topology::find(std::string_view context) const {
  auto it = services.find(std::string(context));
  return it == services.end() ? nullptr : &it->second;
}

bool Topology::empty() const { return *this == Topology{}; }

namespace {

void override_quantities(const ResourceQuantities& from, ResourceQuantities& to) {
  if (!from.cpu.empty()) to.cpu = from.cpu;
  if (!from.memory.empty()) to.memory = from.memory;
}

}  // namespace

ServiceConfig ServiceConfig::in_environment(std::string_view env) const {
  ServiceConfig out = *this;
  out.environments.clear();
  auto it = environments.find(std::string(env));
  if (it == environments.end()) return out;
  const EnvironmentOverride& o = it->second;
  if (o.replicas) out.replicas = *o.replicas;
  override_quantities(o.resources.requests, out.resources.requests);
  override_quantities(o.resources.limits, out.resources.limits);
  if (o.autoscaling) out.autoscaling = o.autoscaling;
  return out;
}

namespace {

using nlohmann::json;

// Reads one JSON object, knowing where each value sits in the text.
class Reader {
 public:
  Reader(std::string_view text, std::string file) : m_locator(text), m_file(std::move(file)) {}

  Error error_at(const std::string& pointer, std::string what, std::string hint = {}) const {
    TextPos p = m_locator.locate(pointer);
    return Error(std::move(what), SourceLoc{m_file, p.line, p.col}, std::move(hint));
  }

  // Refuses members of `obj` not in `known`.
  Status known_keys(const json& obj, const std::string& pointer,
                    const std::vector<std::string>& known) const {
    for (const auto& [key, value] : obj.items()) {
      bool found = false;
      for (const auto& k : known) found = found || k == key;
      if (!found)
        return error_at(json_pointer_append(pointer, key), "unknown key '" + key + "'",
                        did_you_mean(key, known));
    }
    return ok_status();
  }

  Result<const json*> object(const json& v, const std::string& pointer) const {
    if (!v.is_object()) return error_at(pointer, "expected an object");
    return &v;
  }

  Result<int> integer(const json& v, const std::string& pointer, int lo, int hi) const {
    if (!v.is_number_integer())
      return error_at(
          pointer, "expected an integer from " + std::to_string(lo) + " to " + std::to_string(hi));
    auto n = v.get<int64_t>();
    if (n < lo || n > hi)
      return error_at(pointer, std::to_string(n) + " is out of range (" + std::to_string(lo) +
                                   " to " + std::to_string(hi) + ")");
    return static_cast<int>(n);
  }

  Result<std::string> string(const json& v, const std::string& pointer) const {
    if (!v.is_string()) return error_at(pointer, "expected a string");
    return v.get<std::string>();
  }

  Result<std::vector<std::string>> strings(const json& v, const std::string& pointer) const {
    if (!v.is_array()) return error_at(pointer, "expected an array of strings");
    std::vector<std::string> out;
    for (size_t i = 0; i < v.size(); ++i) {
      auto s = string(v[i], pointer + "/" + std::to_string(i));
      if (!s) return s.error();
      out.push_back(std::move(*s));
    }
    return out;
  }

 private:
  JsonLocator m_locator;
  std::string m_file;
};

Status read_quantities(const Reader& r, const json& v, const std::string& ptr,
                       ResourceQuantities& out) {
  auto obj = r.object(v, ptr);
  if (!obj) return obj.error();
  if (auto s = r.known_keys(v, ptr, {"cpu", "memory"}); !s) return s;
  for (const auto& [key, value] : v.items()) {
    auto s = r.string(value, json_pointer_append(ptr, key));
    if (!s) return s.error();
    (key == "cpu" ? out.cpu : out.memory) = std::move(*s);
  }
  return ok_status();
}

Status read_resources(const Reader& r, const json& v, const std::string& ptr, Resources& out) {
  auto obj = r.object(v, ptr);
  if (!obj) return obj.error();
  if (auto s = r.known_keys(v, ptr, {"requests", "limits"}); !s) return s;
  for (const auto& [key, value] : v.items()) {
    auto s = read_quantities(r, value, json_pointer_append(ptr, key),
                             key == "requests" ? out.requests : out.limits);
    if (!s) return s;
  }
  return ok_status();
}

Status read_autoscaling(const Reader& r, const json& v, const std::string& ptr, Autoscaling& out) {
  auto obj = r.object(v, ptr);
  if (!obj) return obj.error();
  if (auto s = r.known_keys(v, ptr, {"min", "max", "cpu_percent"}); !s) return s;
  for (const auto& [key, value] : v.items()) {
    auto n = r.integer(value, json_pointer_append(ptr, key), 1, key == "cpu_percent" ? 100 : 1000);
    if (!n) return n.error();
    (key == "min" ? out.min_replicas : key == "max" ? out.max_replicas : out.cpu_percent) = *n;
  }
  if (out.min_replicas > out.max_replicas)
    return r.error_at(ptr + "/min", "min (" + std::to_string(out.min_replicas) +
                                        ") is above max (" + std::to_string(out.max_replicas) +
                                        ")");
  return ok_status();
}

Status read_health(const Reader& r, const json& v, const std::string& ptr, HealthCheck& out) {
  auto obj = r.object(v, ptr);
  if (!obj) return obj.error();
  if (auto s = r.known_keys(v, ptr, {"path", "interval_ms", "timeout_ms", "failure_threshold"}); !s)
    return s;
  for (const auto& [key, value] : v.items()) {
    std::string p = json_pointer_append(ptr, key);
    if (key == "path") {
      auto s = r.string(value, p);
      if (!s) return s.error();
      if (s->empty() || (*s)[0] != '/') return r.error_at(p, "the health path must start with '/'");
      out.path = std::move(*s);
      continue;
    }
    auto n = r.integer(value, p, 1, key == "failure_threshold" ? 100 : 600000);
    if (!n) return n.error();
    (key == "interval_ms"  ? out.interval_ms
     : key == "timeout_ms" ? out.timeout_ms
                           : out.failure_threshold) = *n;
  }
  return ok_status();
}

Status read_environment(const Reader& r, const json& v, const std::string& ptr,
                        EnvironmentOverride& out) {
  auto obj = r.object(v, ptr);
  if (!obj) return obj.error();
  if (auto s = r.known_keys(v, ptr, {"replicas", "resources", "autoscaling"}); !s) return s;
  for (const auto& [key, value] : v.items()) {
    std::string p = json_pointer_append(ptr, key);
    if (key == "resources") {
      if (auto s = read_resources(r, value, p, out.resources); !s) return s;
    } else if (key == "autoscaling") {
      if (auto s = read_autoscaling(r, value, p, out.autoscaling.emplace()); !s) return s;
    } else {
      auto n = r.integer(value, p, 1, 1000);
      if (!n) return n.error();
      out.replicas = *n;
    }
  }
  return ok_status();
}

Status read_environments(const Reader& r, const json& v, const std::string& ptr,
                         std::map<std::string, EnvironmentOverride>& out) {
  auto obj = r.object(v, ptr);
  if (!obj) return obj.error();
  for (const auto& [env, value] : v.items()) {
    bool known = false;
    for (std::string_view name : k_environments) known = known || name == env;
    if (!known)
      return r.error_at(json_pointer_append(ptr, env), "unknown environment '" + env + "'",
                        "one of: dev, staging, production");
  }
  for (const auto& [env, value] : v.items())
    if (auto s = read_environment(r, value, json_pointer_append(ptr, env), out[env]); !s) return s;
  return ok_status();
}

Status read_service_field(const Reader& r, const std::string& key, const json& value,
                          const std::string& p, ServiceConfig& out) {
  if (key == "mode" || key == "transport") {
    auto s = r.string(value, p);
    if (!s) return s.error();
    if (key == "mode") {
      auto m = parse_mode(*s);
      if (!m) return r.error_at(p, "unknown mode '" + *s + "'", "one of: monolith, service");
      out.mode = *m;
    } else {
      auto t = parse_transport(*s);
      if (!t) return r.error_at(p, "unknown transport '" + *s + "'", "one of: http, grpc, kafka");
      out.transport = *t;
    }
    return ok_status();
  }
  if (key == "port" || key == "replicas") {
    auto n = key == "port" ? r.integer(value, p, 1, 65535) : r.integer(value, p, 1, 1000);
    if (!n) return n.error();
    (key == "port" ? out.port : out.replicas) = *n;
    return ok_status();
  }
  if (key == "resources") return read_resources(r, value, p, out.resources);
  if (key == "autoscaling") return read_autoscaling(r, value, p, out.autoscaling.emplace());
  if (key == "health") return read_health(r, value, p, out.health);
  if (key == "environments") return read_environments(r, value, p, out.environments);
  auto list = r.strings(value, p);
  if (!list) return list.error();
  (key == "secrets" ? out.secrets : out.config) = std::move(*list);
  return ok_status();
}

Result<ServiceConfig> read_service(const Reader& r, const std::string& name, const json& v,
                                   const std::string& ptr) {
  auto obj = r.object(v, ptr);
  if (!obj) return obj.error();
  if (auto s = r.known_keys(v, ptr,
                            {"mode", "transport", "port", "replicas", "resources", "autoscaling",
                             "health", "secrets", "config", "environments"});
      !s)
    return s.error();
  ServiceConfig out;
  out.context = name;
  for (const auto& [key, value] : v.items()) {
    auto s = read_service_field(r, key, value, json_pointer_append(ptr, key), out);
    if (!s) return s.error();
  }
  return out;
}

// A grpc service listens on its port (health, metrics) and on the next one
// (gRPC), so both are its own.
Status check_ports(const Reader& r, const Topology& t) {
  std::map<int, std::string> used{{t.monolith_port, "the monolith"}};
  const char* hint = "give each service its own port";
  for (const auto& [name, svc] : t.services) {
    if (svc.port == 0) continue;
    std::string at = "/services/" + name + "/port", self = "context '" + name + "'";
    if (auto [it, fresh] = used.emplace(svc.port, self); !fresh)
      return r.error_at(
          at, "port " + std::to_string(svc.port) + " is already used by " + it->second, hint);
    if (svc.transport != Transport::k_grpc) continue;
    if (svc.port == 65535)
      return r.error_at(at,
                        "port 65535 leaves no port above it for gRPC (on the service's port + 1)",
                        "give the service a lower port");
    if (auto [it, fresh] = used.emplace(svc.port + 1, self + " (its gRPC port)"); !fresh)
      return r.error_at(at,
                        "the gRPC port of " + self + ", " + std::to_string(svc.port + 1) +
                            ", is already used by " + it->second,
                        hint);
  }
  return ok_status();
}

Status read_top_level(const Reader& r, const json& doc, Topology& t) {
  for (const auto& [key, value] : doc.items()) {
    std::string p = json_pointer_append("", key);
    if (key == "version") {
      auto n = r.integer(value, p, 1, 1000);
      if (!n) return n.error();
      if (*n != k_topology_version)
        return r.error_at(p, "topology version " + std::to_string(*n) + " is not supported",
                          "this strata reads version " + std::to_string(k_topology_version));
    } else if (key == "monolith") {
      if (auto o = r.object(value, p); !o) return o.error();
      if (auto s = r.known_keys(value, p, {"port"}); !s) return s;
      if (value.contains("port")) {
        auto n = r.integer(value["port"], p + "/port", 1, 65535);
        if (!n) return n.error();
        t.monolith_port = *n;
      }
    } else if (key == "kafka") {
      if (auto o = r.object(value, p); !o) return o.error();
      if (auto s = r.known_keys(value, p, {"bootstrap"}); !s) return s;
      if (value.contains("bootstrap")) {
        auto s = r.string(value["bootstrap"], p + "/bootstrap");
        if (!s) return s.error();
        t.kafka_bootstrap = std::move(*s);
      }
    } else {
      auto obj = r.object(value, p);
      if (!obj) return obj.error();
      for (const auto& [name, svc] : value.items()) {
        auto s = read_service(r, name, svc, json_pointer_append(p, name));
        if (!s) return s.error();
        t.services.emplace(name, std::move(*s));
      }
    }
  }
  return ok_status();
}

}  // namespace

Result<Topology> parse_topology(std::string_view text, const std::string& file) {
  auto doc = parse_json_file_text(file, text, /*comments=*/false);
  if (!doc) return doc.error();
  Reader r(text, file);
  if (!doc->is_object()) return r.error_at("", "expected a JSON object");
  if (auto s = r.known_keys(*doc, "", {"version", "monolith", "kafka", "services"}); !s)
    return s.error();
  Topology t;
  if (auto s = read_top_level(r, *doc, t); !s) return s.error();
  if (auto s = check_ports(r, t); !s) return s.error();
  return t;
}

Result<Topology> load_topology(const std::filesystem::path& root) {
  std::filesystem::path path = root / k_topology_file;
  std::error_code ec;
  if (!std::filesystem::exists(path, ec)) return Topology{};
  auto text = read_file(path, k_config_max_bytes, "topology");
  if (!text) return text.error();
  return parse_topology(*text, std::string(k_topology_file));
}

namespace {

// nlohmann's ordered_json keeps insertion order: the canonical order is the
// order the fields are added here.
using ordered = nlohmann::ordered_json;

ordered quantities_json(const ResourceQuantities& q) {
  ordered o = ordered::object();
  if (!q.cpu.empty()) o["cpu"] = q.cpu;
  if (!q.memory.empty()) o["memory"] = q.memory;
  return o;
}

ordered resources_json(const Resources& r) {
  ordered o = ordered::object();
  if (!r.requests.empty()) o["requests"] = quantities_json(r.requests);
  if (!r.limits.empty()) o["limits"] = quantities_json(r.limits);
  return o;
}

ordered autoscaling_json(const Autoscaling& a) {
  return {{"min", a.min_replicas}, {"max", a.max_replicas}, {"cpu_percent", a.cpu_percent}};
}

// Environments in promotion order, not by name.
ordered environments_json(const std::map<std::string, EnvironmentOverride>& envs) {
  ordered o = ordered::object();
  for (std::string_view name : k_environments) {
    auto it = envs.find(std::string(name));
    if (it == envs.end()) continue;
    ordered e = ordered::object();
    if (it->second.replicas) e["replicas"] = *it->second.replicas;
    if (it->second.resources != Resources{}) e["resources"] = resources_json(it->second.resources);
    if (it->second.autoscaling) e["autoscaling"] = autoscaling_json(*it->second.autoscaling);
    o[std::string(name)] = e;
  }
  return o;
}

ordered service_json(const ServiceConfig& s) {
  ordered o;
  o["mode"] = mode_name(s.mode);
  o["transport"] = transport_name(s.transport);
  if (s.port != 0) o["port"] = s.port;
  o["replicas"] = s.replicas;
  if (s.resources != Resources{}) o["resources"] = resources_json(s.resources);
  if (s.autoscaling) o["autoscaling"] = autoscaling_json(*s.autoscaling);
  if (s.health != HealthCheck{})
    o["health"] = {{"path", s.health.path},
                   {"interval_ms", s.health.interval_ms},
                   {"timeout_ms", s.health.timeout_ms},
                   {"failure_threshold", s.health.failure_threshold}};
  if (!s.secrets.empty()) o["secrets"] = s.secrets;
  if (!s.config.empty()) o["config"] = s.config;
  if (!s.environments.empty()) o["environments"] = environments_json(s.environments);
  return o;
}

}  // namespace

std::string format_topology(const Topology& t) {
  ordered doc;
  doc["version"] = k_topology_version;
  if (t.monolith_port != Topology{}.monolith_port) doc["monolith"] = {{"port", t.monolith_port}};
  if (!t.kafka_bootstrap.empty()) doc["kafka"] = {{"bootstrap", t.kafka_bootstrap}};
  ordered services = ordered::object();
  for (const auto& [name, svc] : t.services) services[name] = service_json(svc);
  doc["services"] = services;
  return doc.dump(2) + "\n";
}

Status save_topology(const std::filesystem::path& root, const Topology& t) {
  std::filesystem::path path = root / k_topology_file;
  if (t.empty()) {
    std::error_code ec;
    std::filesystem::remove(path, ec);
    if (ec)
      return Error("cannot remove " + path.string() + ": " + ec.message()).of(ErrorKind::k_io);
    return ok_status();
  }
  return write_atomic(path, format_topology(t));
}

std::string service_url_variable(std::string_view context) {
  std::string upper;
  for (char c : context)
    upper += c == '-' ? '_' : static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  return "STRATA_SERVICE_" + upper + "_URL";
}

}  // namespace strata
