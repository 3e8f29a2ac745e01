// Layout: the header of util/byte_codec.h keyed on the fingerprint (magic,
// version, fingerprint, payload length, XXH3-128 of the payload), then the
// payload in that codec: little-endian integers, strings and lists
// length-prefixed (u32), JSON values as CBOR (nlohmann's to_cbor), which
// keeps every value's exact type. A decode that meets anything unexpected
// fails as a whole; the caller then loads the workspace the slow way.
//
// Every field of the model is written. The round-trip test
// (workspace_snapshot_test.cc) sets every field to a non-default value and
// compares what comes back, so a new field left out of the snapshot fails
// it: add the field here and in the test, and bump the version.

#include "graph/workspace_snapshot.h"

#include <cstring>

#include "util/byte_codec.h"

namespace strata {

namespace {

constexpr std::string_view k_magic = "STRWSNP\n";

using Writer = ByteWriter;
using Reader = ByteReader;

// JSON values as CBOR, which keeps every value's exact type.
void put_json(Writer& w, const nlohmann::json& j) {
  std::vector<uint8_t> cbor = nlohmann::json::to_cbor(j);
  w.str(std::string_view(reinterpret_cast<const char*>(cbor.data()), cbor.size()));
}

nlohmann::json get_json(Reader& r) {
  std::string_view bytes = r.str_view();
  if (r.bad()) return nlohmann::json();
  auto begin = reinterpret_cast<const uint8_t*>(bytes.data());
  // from_cbor throws for some damage even when asked not to (an array
  // claiming more items than memory holds), so both ways count as bad.
  nlohmann::json j;
  try {
    j = nlohmann::json::from_cbor(begin, begin + bytes.size(), true, false);
  } catch (const nlohmann::json::exception&) {
    return r.fail(), nlohmann::json();
  }
  if (j.is_discarded()) r.fail();
  return j;
}

// ---- one pair of functions per model struct ------------------------------

void put(Writer& w, const SourceLoc& l) {
  w.str(l.file);
  w.i32(l.line);
  w.i32(l.col);
}
void get(Reader& r, SourceLoc& l) {
  l.file = r.str();
  l.line = r.i32();
  l.col = r.i32();
}

void put(Writer& w, const InputSpec& in) {
  w.u8(static_cast<uint8_t>(in.kind));
  w.str(in.value);
  w.u8(in.dependencies);
  w.u8(in.negated);
  w.u8(in.transitive);
  w.strings(in.externals);
}
void get(Reader& r, InputSpec& in) {
  uint8_t kind = r.u8();
  if (kind > static_cast<uint8_t>(InputSpec::Kind::k_dependent_outputs)) r.fail();
  in.kind = static_cast<InputSpec::Kind>(kind);
  in.value = r.str();
  in.dependencies = r.u8();
  in.negated = r.u8();
  in.transitive = r.u8();
  in.externals = r.strings();
}

void put_inputs(Writer& w, const std::vector<InputSpec>& v) {
  w.list(v, [](Writer& w, const InputSpec& in) { put(w, in); });
}
std::vector<InputSpec> get_inputs(Reader& r) {
  return r.list<InputSpec>([](Reader& r, InputSpec& in) { get(r, in); });
}

void put(Writer& w, const DependsOn& d) {
  w.str(d.target);
  w.u8(d.dependencies);
  w.strings(d.projects);
  w.u8(d.forward_params);
}
void get(Reader& r, DependsOn& d) {
  d.target = r.str();
  d.dependencies = r.u8();
  d.projects = r.strings();
  d.forward_params = r.u8();
}

void put(Writer& w, const Target& t) {
  w.str(t.name);
  w.str(t.executor);
  put_json(w, t.options);
  w.map(t.configurations, [](Writer& w, const nlohmann::json& j) { put_json(w, j); });
  w.str(t.default_configuration);
  w.list(t.depends_on, [](Writer& w, const DependsOn& d) { put(w, d); });
  w.u8(t.inputs.has_value());
  if (t.inputs) put_inputs(w, *t.inputs);
  w.strings(t.outputs);
  w.u8(t.cache);
  put(w, t.loc);
  put(w, t.executor_loc);
}
void get(Reader& r, Target& t) {
  t.name = r.str();
  t.executor = r.str();
  t.options = get_json(r);
  t.configurations = r.map<nlohmann::json>([](Reader& r, nlohmann::json& j) { j = get_json(r); });
  t.default_configuration = r.str();
  t.depends_on = r.list<DependsOn>([](Reader& r, DependsOn& d) { get(r, d); });
  if (r.u8()) t.inputs = get_inputs(r);
  t.outputs = r.strings();
  t.cache = r.u8();
  get(r, t.loc);
  get(r, t.executor_loc);
}

void put(Writer& w, const Project& p) {
  w.str(p.name);
  w.str(p.root);
  w.str(p.source_root);
  w.str(p.project_type);
  w.strings(p.tags);
  w.strings(p.implicit_dependencies);
  w.map(p.named_inputs, put_inputs);
  w.map(p.targets, [](Writer& w, const Target& t) { put(w, t); });
  w.list(p.origins, [](Writer& w, ProjectOrigin o) { w.u8(static_cast<uint8_t>(o)); });
  w.str(p.config_file);
  w.str(p.package_name);
  w.strings(p.python_packages);
  w.strings(p.package_dependencies);
  w.strings(p.include_dirs);
  w.str(p.language);
}
void get(Reader& r, Project& p) {
  p.name = r.str();
  p.root = r.str();
  p.source_root = r.str();
  p.project_type = r.str();
  p.tags = r.strings();
  p.implicit_dependencies = r.strings();
  p.named_inputs = r.map<std::vector<InputSpec>>(
      [](Reader& r, std::vector<InputSpec>& v) { v = get_inputs(r); });
  p.targets = r.map<Target>([](Reader& r, Target& t) { get(r, t); });
  p.origins = r.list<ProjectOrigin>([](Reader& r, ProjectOrigin& o) {
    uint8_t v = r.u8();
    if (v > static_cast<uint8_t>(ProjectOrigin::k_pyproject)) r.fail();
    o = static_cast<ProjectOrigin>(v);
  });
  p.config_file = r.str();
  p.package_name = r.str();
  p.python_packages = r.strings();
  p.package_dependencies = r.strings();
  p.include_dirs = r.strings();
  p.language = r.str();
}

void put(Writer& w, const WorkspaceConfig& c) {
  w.str(c.config_file);
  w.map(c.target_defaults, [](Writer& w, const nlohmann::json& j) { put_json(w, j); });
  w.map(c.named_inputs, put_inputs);
  w.i32(c.parallel);
  w.str(c.cache_directory);
  w.str(c.max_cache_size);
  w.str(c.default_base);
  w.map(c.implicit_dependencies,
        [](Writer& w, const std::vector<std::string>& v) { w.strings(v); });
  w.strings(c.package_globs);
  w.strings(c.global_files);
  w.u8(c.analyze_js_sources ? 1 : 0);
}
void get(Reader& r, WorkspaceConfig& c) {
  c.config_file = r.str();
  c.target_defaults = r.map<nlohmann::json>([](Reader& r, nlohmann::json& j) { j = get_json(r); });
  c.named_inputs = r.map<std::vector<InputSpec>>(
      [](Reader& r, std::vector<InputSpec>& v) { v = get_inputs(r); });
  c.parallel = r.i32();
  c.cache_directory = r.str();
  c.max_cache_size = r.str();
  c.default_base = r.str();
  c.implicit_dependencies = r.map<std::vector<std::string>>(
      [](Reader& r, std::vector<std::string>& v) { v = r.strings(); });
  c.package_globs = r.strings();
  c.global_files = r.strings();
  uint8_t js = r.u8();
  if (js > 1) r.fail();
  c.analyze_js_sources = js == 1;
}

void put(Writer& w, const Dependency& d) {
  w.str(d.source);
  w.str(d.target);
  w.u8(static_cast<uint8_t>(d.type));
  w.str(d.file);
}
void get(Reader& r, Dependency& d) {
  d.source = r.str();
  d.target = r.str();
  uint8_t type = r.u8();
  if (type > static_cast<uint8_t>(DependencyType::k_implicit)) r.fail();
  d.type = static_cast<DependencyType>(type);
  d.file = r.str();
}

}  // namespace

std::string encode_workspace_snapshot(const Digest& fingerprint, const Workspace& ws,
                                      const ProjectGraph& graph) {
  Writer body;
  put(body, ws.config);
  body.list(ws.projects, [](Writer& w, const Project& p) { put(w, p); });
  body.strings(graph.nodes);
  body.map(graph.dependencies, [](Writer& w, const std::vector<Dependency>& v) {
    w.list(v, [](Writer& w, const Dependency& d) { put(w, d); });
  });
  return seal_file({k_magic, k_workspace_snapshot_version}, body.out(), &fingerprint);
}

bool decode_workspace_snapshot(std::string_view data, const Digest& fingerprint, Workspace& ws,
                               ProjectGraph& graph) {
  auto sealed = unseal_file({k_magic, k_workspace_snapshot_version}, data, &fingerprint);
  if (!sealed) return false;
  Reader r(sealed.payload);
  get(r, ws.config);
  ws.projects = r.list<Project>([](Reader& r, Project& p) { get(r, p); });
  graph.nodes = r.strings();
  graph.dependencies = r.map<std::vector<Dependency>>([](Reader& r, std::vector<Dependency>& v) {
    v = r.list<Dependency>([](Reader& r, Dependency& d) { get(r, d); });
  });
  return r.done();
}

}  // namespace strata
