#include "service/service_architecture.h"

#include <algorithm>
#include <set>

#include "gen/domain_context.h"
#include "service/cpp_contract.h"
#include "service/transaction.h"
#include "service/typescript_contract.h"
#include "service/typescript_project.h"
#include "util/fs.h"
#include "util/hash.h"
#include "util/port_probe.h"

namespace strata::service {

namespace fs = std::filesystem;

namespace {

std::string topology_text(const Topology& t) { return t.empty() ? "" : format_topology(t); }

bool same_on_disk(const fs::path& path, const std::string& content) {
  auto disk = read_file(path);
  return disk && *disk == content;
}

bool under(const std::string& path, const std::string& dir) { return path.starts_with(dir + "/"); }

void plan_moves(const fs::path& root, const Layout& from, const Layout& to, FileTransaction& txn) {
  std::error_code ec;
  std::set<std::string> kept(to.owned_dirs.begin(), to.owned_dirs.end());
  for (const auto& dir : from.owned_dirs)
    if (!kept.count(dir) && fs::exists(root / dir, ec)) txn.remove(dir);
  for (const auto& [path, content] : from.files) {
    if (to.files.count(path) || !fs::exists(root / path, ec)) continue;
    bool in_removed_dir =
        std::any_of(from.owned_dirs.begin(), from.owned_dirs.end(),
                    [&](const std::string& d) { return !kept.count(d) && under(path, d); });
    if (!in_removed_dir) txn.remove(path);
  }
  for (const auto& [path, content] : to.files)
    if (!same_on_disk(root / path, content)) txn.write(path, content);
}

// Where `key` is written as an object key in JSON text (its opening
// quote), or the file's start.
SourceLoc key_location(const std::string& text, const std::string& key) {
  std::string quoted = "\"" + key + "\"";
  for (size_t at = text.find(quoted); at != std::string::npos; at = text.find(quoted, at + 1)) {
    size_t next = text.find_first_not_of(" \t\r\n", at + quoted.size());
    if (next == std::string::npos || text[next] != ':') continue;
    size_t bol = text.rfind('\n', at);
    int line =
        1 + static_cast<int>(std::count(text.begin(), text.begin() + static_cast<long>(at), '\n'));
    int col = static_cast<int>(bol == std::string::npos ? at + 1 : at - bol);
    return {std::string(k_topology_file), line, col};
  }
  return {std::string(k_topology_file), 1, 1};
}

// Plain sockets (util/port_probe.h), not an HTTP library: the workspace
// commands' binary loads no TLS or HTTP client library at start.
std::string probe(int port, const std::string& path) {
  if (http_healthy(port, path, 1000)) return "healthy";
  return port_in_use(port) ? "unhealthy" : "unreachable";
}

}  // namespace

int default_port(const std::string& context, const Topology& t, Transport transport) {
  std::set<int> used = {t.monolith_port};
  for (const auto& [name, s] : t.services) {
    if (name == context || !s.port) continue;
    used.insert(s.port);
    if (s.transport == Transport::k_grpc) used.insert(s.port + 1);
  }
  auto taken = [&](int port) {
    return used.count(port) || (transport == Transport::k_grpc && used.count(port + 1));
  };
  int port = 8100 + static_cast<int>(hash_bytes(context).lo % 800);
  while (taken(port)) port = port == 8899 ? 8100 : port + 1;
  return port;
}

Contracts ServiceArchitecture::contracts() const {
  Contracts out;
  for (const auto& c : gen::DomainContext::discover(m_ws)) {
    auto layers = c.layers();
    auto has = [&](const char* l) {
      return std::find(layers.begin(), layers.end(), l) != layers.end();
    };
    if (!has("api") || !has("application") || !has("infrastructure")) continue;
    auto contract = c.language() == "python" ? extract_python_contract(m_ws.root, c.name())
                    : c.language() == "typescript"
                        ? extract_typescript_contract(m_ws.root, c.name())
                    : c.language() == "cpp" ? extract_cpp_contract(m_ws.root, c.name())
                                            : Result<Contract>(Error("no emitter"));
    if (contract && unserialisable_types(*contract).empty() &&
        (contract->language != "typescript" || ts_split_problems(m_ws.root, *contract).empty()))
      out.emplace(c.name(), std::move(*contract));
  }
  return out;
}

Result<std::string> ServiceArchitecture::check_context(const std::string& context) const {
  auto c = gen::DomainContext::find(m_ws, context);
  if (!c) return c.error();
  if (c->language() != "python" && c->language() != "typescript" && c->language() != "cpp")
    return Error("the " + context + " context is " + c->language() +
                     "; split generates services for Python, TypeScript and C++ contexts",
                 SourceLoc{}, "services in other languages are not generated");
  auto layers = c->layers();
  for (const char* needed : {"api", "application", "infrastructure"})
    if (std::find(layers.begin(), layers.end(), needed) == layers.end())
      return Error("the " + context + " context has no " + std::string(needed) +
                       " layer, which a service needs to serve its api",
                   SourceLoc{}, "strata generate context " + context + " --lang " + c->language());
  return c->language();
}

Status ServiceArchitecture::check_placed(const Topology& t, const std::string& leaving) const {
  for (const auto& [name, cfg] : t.services) {
    if (name == leaving) continue;
    auto c = gen::DomainContext::find(m_ws, name);
    if (c) continue;
    auto text = read_file(m_ws.root / k_topology_file);
    return Error("the topology places context '" + name + "', which the workspace does not have",
                 key_location(text ? *text : "", name),
                 c.error().hint + "; or take it out: strata merge " + name);
  }
  return ok_status();
}

Result<Change> ServiceArchitecture::split_service(const SplitRequest& r) const {
  auto lang = check_context(r.context);
  if (!lang) return lang.error();
  auto from = load_topology(m_ws.root);
  if (!from) return from.error();
  if (auto placed = check_placed(*from); !placed) return placed.error();
  Topology to = *from;
  const ServiceConfig* old = from->find(r.context);
  ServiceConfig cfg = old ? *old : ServiceConfig{};
  cfg.context = r.context;
  cfg.mode = ServiceMode::k_service;
  if (r.transport) cfg.transport = *r.transport;
  if (r.replicas > 0) cfg.replicas = r.replicas;
  if (r.port > 0) cfg.port = r.port;
  if (cfg.port == 0) cfg.port = default_port(r.context, *from, cfg.transport);
  to.services[r.context] = cfg;
  // What split writes must read back: a port another service has is refused
  // here, not by every command after it.
  if (auto valid = parse_topology(format_topology(to), std::string(k_topology_file)); !valid)
    return Error(valid.error().message, SourceLoc{}, "split with another --port");
  Change change;
  change.context = r.context;
  change.placement = cfg;
  auto contract = *lang == "python" ? extract_python_contract(m_ws.root, r.context)
                  : *lang == "cpp"  ? extract_cpp_contract(m_ws.root, r.context)
                                    : extract_typescript_contract(m_ws.root, r.context);
  auto found = run_split_gate({m_ws, m_files, m_rules, r.context, cfg, contract});
  change.problems.insert(change.problems.end(), found.begin(), found.end());
  if (*lang == "typescript" && contract)
    for (auto& p : ts_split_problems(m_ws.root, *contract)) change.problems.push_back(std::move(p));
  if (change.refused()) return change;
  if (old && old->mode == ServiceMode::k_service && contract)
    if (auto text = read_file(m_ws.root / service_dir(r.context) / "contract.json"))
      if (auto before = contract_from_json(*text))
        change.breaking = breaking_changes(*before, *contract);
  if (r.check_only) return change;
  return move(*from, to, std::move(change), r.dry_run);
}

Result<Change> ServiceArchitecture::merge_service(const std::string& context, bool dry_run) const {
  auto from = load_topology(m_ws.root);
  if (!from) return from.error();
  if (auto placed = check_placed(*from, context); !placed) return placed.error();
  Change change;
  change.context = context;
  change.placement.context = context;
  change.placement.mode = ServiceMode::k_monolith;
  const ServiceConfig* old = from->find(context);
  if (!old) {
    if (auto c = gen::DomainContext::find(m_ws, context); !c) return c.error();
    return change;  // already in the monolith: nothing to do
  }
  // The placement split chose goes; what was declared beside it (resources,
  // health, secrets, config keys) stays, in an entry marked monolith. An
  // entry left with nothing else goes whole, as it was before the split.
  ServiceConfig back = *old;
  back.mode = ServiceMode::k_monolith;
  back.transport = Transport::k_http;
  back.port = 0;
  back.replicas = 1;
  ServiceConfig plain;
  plain.context = context;
  plain.mode = ServiceMode::k_monolith;
  change.placement = back;
  Topology to = *from;
  if (back == plain)
    to.services.erase(context);
  else
    to.services[context] = back;
  return move(*from, to, std::move(change), dry_run);
}

Result<Change> ServiceArchitecture::move(const Topology& from, const Topology& to, Change change,
                                         bool dry_run) const {
  Contracts all = contracts();
  std::string to_text = topology_text(to);
  Layout old_layout = derive_layout(m_ws.root, from, topology_text(from), all);
  Layout new_layout = derive_layout(m_ws.root, to, to_text, all);
  FileTransaction txn(m_ws.root);
  std::error_code ec;
  fs::path topo = m_ws.root / k_topology_file;
  if (to_text.empty()) {
    if (fs::exists(topo, ec)) txn.remove(std::string(k_topology_file));
  } else if (!same_on_disk(topo, to_text)) {
    txn.write(std::string(k_topology_file), to_text);
  }
  plan_moves(m_ws.root, old_layout, new_layout, txn);
  change.written = txn.written();
  change.removed = txn.removed();
  if (dry_run || txn.empty()) return change;
  if (auto st = txn.commit(); !st) return st.error();
  return change;
}

ServiceStatus ServiceArchitecture::status_of(const ServiceConfig& cfg, const Layout& layout,
                                             bool probe_health) const {
  ServiceStatus s;
  s.name = cfg.context + "-service";
  for (char& ch : s.name)
    if (ch == '_') ch = '-';
  s.config = cfg;
  std::string dir = service_dir(cfg.context);
  for (const auto& [path, content] : layout.files)
    if (under(path, dir) && !same_on_disk(m_ws.root / path, content)) s.generated_current = false;
  s.health = probe_health ? probe(cfg.port, cfg.health.path) : "not checked";
  return s;
}

Result<std::vector<ServiceStatus>> ServiceArchitecture::list_services(bool probe_health) const {
  auto t = load_topology(m_ws.root);
  if (!t) return t.error();
  if (auto placed = check_placed(*t); !placed) return placed.error();
  Layout layout = derive_layout(m_ws.root, *t, topology_text(*t), contracts());
  std::vector<ServiceStatus> out;
  for (const auto& [name, cfg] : t->services)
    if (cfg.mode == ServiceMode::k_service) out.push_back(status_of(cfg, layout, probe_health));
  return out;
}

Result<ServiceStatus> ServiceArchitecture::get_service_status(const std::string& context,
                                                              bool probe_health) const {
  auto all = list_services(probe_health);
  if (!all) return all.error();
  for (auto& s : *all)
    if (s.config.context == context) return s;
  if (auto c = gen::DomainContext::find(m_ws, context); !c) return c.error();
  return Error("the " + context + " context runs in the monolith", SourceLoc{},
               "strata split " + context + " --transport http")
      .of(ErrorKind::k_not_found);
}

}  // namespace strata::service

namespace strata::service {

Status ArchitecturePlacement::split(const std::string& context, Transport transport) {
  SplitRequest r;
  r.context = context;
  r.transport = transport;
  auto change = m_arch.split_service(r);
  if (!change) return change.error();
  if (change->refused())
    return Error("split of " + context + " refused: " + change->problems.front().message,
                 change->problems.front().loc, change->problems.front().hint);
  return ok_status();
}

Status ArchitecturePlacement::merge(const std::string& context) {
  auto change = m_arch.merge_service(context);
  if (!change) return change.error();
  return ok_status();
}

}  // namespace strata::service
