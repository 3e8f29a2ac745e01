// Layout: an 8-byte magic, the version (u32), the fingerprint (two u64),
// the payload length (u64) and an XXH3-128 checksum of the payload (two
// u64), then the payload. Integers are little-endian, strings and lists are
// length-prefixed (u32), JSON values are CBOR (nlohmann's to_cbor), which
// keeps every value's exact type. A decode that meets anything unexpected
// fails as a whole; the caller then loads the workspace the slow way.
//
// Every field of the model is written. The static_asserts below trip when
// a struct of the model grows, so that a new field cannot be silently left
// out of the snapshot (and read back empty): add it here, bump the version.

#include "graph/workspace_snapshot.h"

#include <cstring>
#include <type_traits>

namespace strata {

namespace {

constexpr std::string_view k_magic = "STRWSNP\n";

static_assert(sizeof(InputSpec) == 72 && sizeof(DependsOn) == 72 && sizeof(Target) == 328 &&
                  sizeof(Project) == 464 && sizeof(WorkspaceConfig) == 328 && sizeof(Dependency) == 104 &&
                  sizeof(SourceLoc) == 40,
              "a model struct changed: update workspace_snapshot.cc and its version");

class Writer {
 public:
  std::string out;

  void u8(uint8_t v) { out.push_back(static_cast<char>(v)); }
  void u32(uint32_t v) { raw(v); }
  void u64(uint64_t v) { raw(v); }
  void i32(int32_t v) { raw(static_cast<uint32_t>(v)); }
  void str(std::string_view s) {
    u32(static_cast<uint32_t>(s.size()));
    out.append(s);
  }
  void json(const nlohmann::json& j) {
    std::vector<uint8_t> cbor = nlohmann::json::to_cbor(j);
    u32(static_cast<uint32_t>(cbor.size()));
    out.append(reinterpret_cast<const char*>(cbor.data()), cbor.size());
  }
  void strings(const std::vector<std::string>& v) {
    u32(static_cast<uint32_t>(v.size()));
    for (const auto& s : v) str(s);
  }
  template <typename T, typename Fn>
  void list(const std::vector<T>& v, Fn fn) {
    u32(static_cast<uint32_t>(v.size()));
    for (const auto& x : v) fn(*this, x);
  }
  template <typename V, typename Fn>
  void map(const std::map<std::string, V>& m, Fn fn) {
    u32(static_cast<uint32_t>(m.size()));
    for (const auto& [k, v] : m) {
      str(k);
      fn(*this, v);
    }
  }

 private:
  template <typename T>
  void raw(T v) {
    static_assert(std::is_unsigned_v<T>);
    for (size_t i = 0; i < sizeof v; ++i) out.push_back(static_cast<char>((v >> (8 * i)) & 0xff));
  }
};

class Reader {
 public:
  explicit Reader(std::string_view s) : m_s(s) {}
  bool bad = false;

  bool done() const { return !bad && m_p == m_s.size(); }
  uint8_t u8() { return static_cast<uint8_t>(raw(1)); }
  uint32_t u32() { return static_cast<uint32_t>(raw(4)); }
  uint64_t u64() { return raw(8); }
  int32_t i32() { return static_cast<int32_t>(u32()); }
  // A count of items each at least one byte long: larger than what is
  // left means damage, and must not drive a huge allocation.
  uint32_t count() {
    uint32_t n = u32();
    if (n > m_s.size() - m_p) bad = true;
    return bad ? 0 : n;
  }
  std::string str() {
    uint32_t n = u32();
    if (bad || n > m_s.size() - m_p) return fail(), std::string();
    std::string v(m_s.substr(m_p, n));
    m_p += n;
    return v;
  }
  nlohmann::json json() {
    uint32_t n = u32();
    if (bad || n > m_s.size() - m_p) return fail(), nlohmann::json();
    auto begin = reinterpret_cast<const uint8_t*>(m_s.data() + m_p);
    m_p += n;
    // from_cbor throws for some damage even when asked not to (an array
    // claiming more items than memory holds), so both ways count as bad.
    nlohmann::json j;
    try {
      j = nlohmann::json::from_cbor(begin, begin + n, true, false);
    } catch (const nlohmann::json::exception&) {
      return fail(), nlohmann::json();
    }
    if (j.is_discarded()) fail();
    return j;
  }
  std::vector<std::string> strings() {
    std::vector<std::string> v(count());
    for (auto& s : v) s = str();
    return v;
  }
  template <typename T, typename Fn>
  std::vector<T> list(Fn fn) {
    std::vector<T> v(count());
    for (auto& x : v) fn(*this, x);
    return v;
  }
  template <typename V, typename Fn>
  std::map<std::string, V> map(Fn fn) {
    std::map<std::string, V> m;
    for (uint32_t i = count(); i > 0 && !bad; --i) {
      std::string k = str();
      fn(*this, m[k]);
    }
    return m;
  }

 private:
  void fail() { bad = true; }
  uint64_t raw(size_t bytes) {
    if (bad || m_s.size() - m_p < bytes) return fail(), 0;
    uint64_t v = 0;
    for (size_t i = 0; i < bytes; ++i) v |= uint64_t(static_cast<unsigned char>(m_s[m_p + i])) << (8 * i);
    m_p += bytes;
    return v;
  }

  std::string_view m_s;
  size_t m_p = 0;
};

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
  if (kind > static_cast<uint8_t>(InputSpec::Kind::k_dependent_outputs)) r.bad = true;
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
  w.json(t.options);
  w.map(t.configurations, [](Writer& w, const nlohmann::json& j) { w.json(j); });
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
  t.options = r.json();
  t.configurations = r.map<nlohmann::json>([](Reader& r, nlohmann::json& j) { j = r.json(); });
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
  p.named_inputs = r.map<std::vector<InputSpec>>([](Reader& r, std::vector<InputSpec>& v) { v = get_inputs(r); });
  p.targets = r.map<Target>([](Reader& r, Target& t) { get(r, t); });
  p.origins = r.list<ProjectOrigin>([](Reader& r, ProjectOrigin& o) {
    uint8_t v = r.u8();
    if (v > static_cast<uint8_t>(ProjectOrigin::k_pyproject)) r.bad = true;
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
  w.map(c.target_defaults, [](Writer& w, const nlohmann::json& j) { w.json(j); });
  w.map(c.named_inputs, put_inputs);
  w.i32(c.parallel);
  w.str(c.cache_directory);
  w.str(c.max_cache_size);
  w.str(c.default_base);
  w.map(c.implicit_dependencies, [](Writer& w, const std::vector<std::string>& v) { w.strings(v); });
  w.strings(c.package_globs);
  w.strings(c.global_files);
}
void get(Reader& r, WorkspaceConfig& c) {
  c.config_file = r.str();
  c.target_defaults = r.map<nlohmann::json>([](Reader& r, nlohmann::json& j) { j = r.json(); });
  c.named_inputs = r.map<std::vector<InputSpec>>([](Reader& r, std::vector<InputSpec>& v) { v = get_inputs(r); });
  c.parallel = r.i32();
  c.cache_directory = r.str();
  c.max_cache_size = r.str();
  c.default_base = r.str();
  c.implicit_dependencies =
      r.map<std::vector<std::string>>([](Reader& r, std::vector<std::string>& v) { v = r.strings(); });
  c.package_globs = r.strings();
  c.global_files = r.strings();
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
  if (type > static_cast<uint8_t>(DependencyType::k_implicit)) r.bad = true;
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
  Writer head;
  head.out.append(k_magic);
  head.u32(k_workspace_snapshot_version);
  head.u64(fingerprint.hi);
  head.u64(fingerprint.lo);
  head.u64(body.out.size());
  Digest sum = hash_bytes(body.out);
  head.u64(sum.hi);
  head.u64(sum.lo);
  return head.out + body.out;
}

bool decode_workspace_snapshot(std::string_view data, const Digest& fingerprint, Workspace& ws,
                               ProjectGraph& graph) {
  if (!data.starts_with(k_magic)) return false;
  Reader head(data.substr(k_magic.size()));
  if (head.u32() != k_workspace_snapshot_version) return false;
  Digest stored{head.u64(), head.u64()};
  uint64_t length = head.u64();
  Digest sum{head.u64(), head.u64()};
  const size_t header_size = k_magic.size() + 4 + 5 * 8;
  if (head.bad || stored != fingerprint || data.size() - header_size != length) return false;
  std::string_view payload = data.substr(header_size);
  if (hash_bytes(payload) != sum) return false;
  Reader r(payload);
  get(r, ws.config);
  ws.projects = r.list<Project>([](Reader& r, Project& p) { get(r, p); });
  graph.nodes = r.strings();
  graph.dependencies = r.map<std::vector<Dependency>>([](Reader& r, std::vector<Dependency>& v) {
    v = r.list<Dependency>([](Reader& r, Dependency& d) { get(r, d); });
  });
  return r.done();
}

}  // namespace strata
