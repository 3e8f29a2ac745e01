// Builds the layout from the emitters: every generated text file (but the
// JSON project files and py.typed, which cannot hold a comment) starts with
// the header naming its inputs and their hash (service/generated_header.h).

#include "service/service_layout.h"

#include <set>

#include "service/contract_change.h"
#include "service/cpp_project.h"
#include "service/generated_header.h"
#include "service/python_emitter.h"
#include "service/python_events_emitter.h"
#include "service/python_project.h"
#include "service/python_transport.h"
#include "service/typescript_project.h"

namespace strata::service {

namespace {

std::vector<std::string> api_inputs(const Contract& c) { return {c.dtos_file, c.port_file}; }

std::set<Transport> split_transports(const Topology& t) {
  std::set<Transport> out;
  for (const auto& [name, s] : t.services)
    if (s.mode == ServiceMode::k_service) out.insert(s.transport);
  return out;
}

class Writer {
 public:
  Writer(const std::filesystem::path& root, const std::map<std::string, std::string>& overlay,
         Layout& out)
      : m_root(root), m_overlay(overlay), m_out(out) {}

  void add(const std::string& path, const std::string& text, const std::vector<std::string>& inputs,
           std::string_view comment = "#") {
    m_out.files[path] =
        generated_header(comment, inputs_hash(m_root, inputs, m_overlay), inputs) + text;
  }
  void add(const std::vector<GeneratedFile>& files) {
    for (const auto& f : files)
      if (f.comment.empty())
        plain(f.path, f.text);
      else
        add(f.path, f.text, f.inputs, f.comment);
  }
  void plain(const std::string& path, const std::string& text) { m_out.files[path] = text; }
  // A transport's files, over the HTTP ones of the same name.
  void add_all(const std::string& dir, const std::vector<TransportFile>& files,
               const std::vector<std::string>& inputs) {
    for (const auto& f : files)
      add((std::filesystem::path(dir) / f.path).lexically_normal().string(), f.text, inputs,
          f.comment);
  }

 private:
  const std::filesystem::path& m_root;
  const std::map<std::string, std::string>& m_overlay;
  Layout& m_out;
};

// The modules a context's clients need, in `dir` (a package folder).
void add_client_modules(Writer& w, const std::string& dir, const Contract& c) {
  auto in = api_inputs(c);
  w.add(dir + "/contract.py", py_contract_module(c), in);
  w.add(dir + "/auth.py", py_auth_module(c), in);
  w.add(dir + "/http_client.py", py_http_client_module(c), in);
  w.add(dir + "/wiring.py", py_wiring_module(c), in);
  w.add(dir + "/outbox.py", py_outbox_module(c), in);
  w.add(dir + "/kafka_events.py", py_kafka_events_module(c), in);
}

void add_service(Writer& w, const Contract& c, const ServiceConfig& cfg) {
  std::string dir = service_dir(c.context);
  std::string pkg = dir + "/src/" + c.context + "_service";
  auto in = api_inputs(c);
  w.plain(dir + "/project.json", py_service_project_json(c, cfg));
  w.plain(dir + "/contract.json", contract_to_json(c));
  w.add(dir + "/requirements.txt", py_requirements({cfg.transport}), in);
  w.add(pkg + "/__init__.py", py_package_init("The " + c.context + " context served on its own."),
        in);
  w.plain(pkg + "/py.typed", "");
  add_client_modules(w, pkg, c);
  if (cfg.transport == Transport::k_http)
    w.add(pkg + "/http_server.py", py_http_server_module(c), in);
  w.add(pkg + "/__main__.py", py_main_module(c), in);
  w.add(pkg + "/freshness.py", py_freshness_module(5), in);
  w.add(dir + "/tests/test_contract.py", py_contract_tests(c), in);
  w.add_all(pkg, py_service_transport_files(c, cfg.transport), in);
}

void add_monolith(Writer& w, const Topology& t, const Contracts& contracts) {
  std::string dir(k_monolith_dir);
  std::string pkg = dir + "/src/strata_monolith";
  std::vector<std::string> in = {std::string(k_topology_file)};
  for (const auto& [name, c] : contracts)
    for (const auto& f : api_inputs(c)) in.push_back(f);
  w.plain(dir + "/project.json", py_monolith_project_json(contracts));
  w.add(dir + "/requirements.txt", py_requirements(split_transports(t)), in);
  w.add(pkg + "/__init__.py",
        py_package_init("The monolith: every context in one process, or called in its service."),
        in);
  w.plain(pkg + "/py.typed", "");
  w.add(pkg + "/composition.py", py_composition_module(t, contracts), in);
  w.add(pkg + "/__main__.py", py_monolith_main_module(), in);
  w.add(pkg + "/freshness.py", py_freshness_module(4), in);
  w.add(dir + "/tests/test_composition.py", py_monolith_tests(t, contracts), in);
  for (const auto& [name, c] : contracts) {
    w.add(pkg + "/" + name + "/__init__.py", py_package_init("The " + name + " context's clients."),
          api_inputs(c));
    add_client_modules(w, pkg + "/" + name, c);
    if (const ServiceConfig* s = t.find(name); s && s->mode == ServiceMode::k_service)
      w.add_all(pkg + "/" + name,
                py_client_transport_files(c, s->transport, "strata_monolith/" + name),
                api_inputs(c));
  }
}

// TypeScript files: JSON ones as they are, the others with a "//" header.
void add_typescript(Writer& w, const std::vector<TsFile>& files) {
  for (const auto& f : files)
    if (f.inputs.empty())
      w.plain(f.path, f.text);
    else
      w.add(f.path, f.text, f.inputs, "//");
}

}  // namespace

std::string service_dir(const std::string& context) { return "contexts/" + context + "/service"; }

Layout derive_layout(const std::filesystem::path& root, const Topology& topology,
                     const std::string& topology_text, const Contracts& contracts) {
  Layout out;
  std::map<std::string, std::string> overlay = {{std::string(k_topology_file), topology_text}};
  Writer w(root, overlay, out);
  // Each language has its own composition root over its own contexts.
  Contracts python, typescript, cpp;
  for (const auto& [name, c] : contracts)
    (c.language == "typescript" ? typescript : c.language == "cpp" ? cpp : python).emplace(name, c);
  bool any_python = false, any_typescript = false, any_cpp = false;
  for (const auto& [name, cfg] : topology.services) {
    if (cfg.mode != ServiceMode::k_service) continue;
    auto c = contracts.find(name);
    if (c == contracts.end()) continue;
    if (c->second.language == "typescript") {
      any_typescript = true;
      add_typescript(w, ts_service_files(root, c->second, cfg));
    } else if (c->second.language == "cpp") {
      any_cpp = true;
      w.add(cpp_service_files(c->second, cfg));
    } else {
      any_python = true;
      add_service(w, c->second, cfg);
    }
    out.owned_dirs.push_back(service_dir(name));
  }
  if (any_python) {
    add_monolith(w, topology, python);
    out.owned_dirs.emplace_back(k_monolith_dir);
  }
  if (any_typescript) {
    add_typescript(w, ts_monolith_files(root, topology, typescript));
    out.owned_dirs.emplace_back(k_ts_monolith_dir);
  }
  if (any_cpp) {
    w.add(cpp_monolith_files(topology, cpp));
    out.owned_dirs.emplace_back(k_cpp_monolith_dir);
  }
  return out;
}

}  // namespace strata::service
