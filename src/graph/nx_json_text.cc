// `strata graph --json` without building the document first: at 10,000
// projects, to_nx_json() made half a million JSON nodes (every one a heap
// allocation, every object a std::map) only to print and free them, which
// cost more than scanning the workspace's imports. This writes the same
// bytes as to_nx_json(ws, g).dump(2) straight into one string: keys in the
// order nlohmann's std::map keeps them (byte-wise), the same indentation,
// and nlohmann itself for what is free-form (target options,
// configurations) and for any string that needs escaping.

#include <map>

#include "graph/cycles.h"
#include "graph/graph_output.h"

namespace strata {

namespace {

class PrettyWriter {
 public:
  explicit PrettyWriter(std::string& out) : m_out(out) {}

  // Strings of printable ASCII without quotes or backslashes are copied as
  // they are; anything else goes through nlohmann for its exact escapes
  // (and its refusal of invalid UTF-8).
  void string(std::string_view s) {
    for (char c : s) {
      auto u = static_cast<unsigned char>(c);
      if (u < 0x20 || u >= 0x7f || c == '"' || c == '\\') {
        m_out += nlohmann::json(std::string(s)).dump();
        return;
      }
    }
    m_out += '"';
    m_out += s;
    m_out += '"';
  }

  // A value nlohmann holds, at the current depth: dump(2) indents from
  // column 0, so every line after the first moves right by the depth.
  void value(const nlohmann::json& j) {
    std::string text = j.dump(2);
    size_t from = 0;
    for (size_t nl = text.find('\n'); nl != std::string::npos; nl = text.find('\n', from)) {
      m_out.append(text, from, nl + 1 - from);
      m_out.append(m_depth * 2, ' ');
      from = nl + 1;
    }
    m_out.append(text, from, std::string::npos);
  }

  void boolean(bool b) { m_out += b ? "true" : "false"; }

  void strings(const std::vector<std::string>& list) {
    if (list.empty()) return void(m_out += "[]");
    open('[');
    for (const auto& s : list) {
      item();
      string(s);
    }
    close(']');
  }

  // Containers: open, then key() or item() before each member, then close.
  void open(char bracket) {
    m_out += bracket;
    ++m_depth;
    m_first = true;
  }
  void close(char bracket) {
    --m_depth;
    if (!m_first) newline();  // an empty container stays "{}" / "[]"
    m_out += bracket;
    m_first = false;
  }
  void key(std::string_view k) {
    item();
    string(k);
    m_out += ": ";
  }
  void item() {
    if (!m_first) m_out += ',';
    newline();
    m_first = false;
  }

 private:
  void newline() {
    m_out += '\n';
    m_out.append(m_depth * 2, ' ');
  }

  std::string& m_out;
  int m_depth = 0;
  bool m_first = true;
};

// Keys in the order of target_to_json's object (alphabetical).
void write_target(PrettyWriter& w, const Target& t) {
  w.open('{');
  w.key("cache");
  w.boolean(t.cache);
  if (!t.configurations.empty()) {
    w.key("configurations");
    w.value(t.configurations);
  }
  if (!t.default_configuration.empty()) {
    w.key("defaultConfiguration");
    w.string(t.default_configuration);
  }
  if (!t.depends_on.empty()) {
    w.key("dependsOn");
    w.open('[');
    for (const auto& d : t.depends_on) {
      w.item();
      w.value(depends_on_to_json(d));
    }
    w.close(']');
  }
  w.key("executor");
  w.string(t.executor);
  if (t.inputs) {
    w.key("inputs");
    w.open('[');
    for (const auto& in : *t.inputs) {
      w.item();
      w.value(input_to_json(in));
    }
    w.close(']');
  }
  w.key("options");
  w.value(t.options);
  w.key("outputs");
  w.strings(t.outputs);
  w.close('}');
}

void write_node(PrettyWriter& w, const std::string& name, const Project& p) {
  w.open('{');
  w.key("data");
  w.open('{');
  w.key("implicitDependencies");
  w.strings(p.implicit_dependencies);
  w.key("name");
  w.string(name);
  w.key("projectType");
  w.string(p.project_type);
  w.key("root");
  w.string(p.root);
  w.key("sourceRoot");
  w.string(p.source_root);
  w.key("tags");
  w.strings(p.tags);
  w.key("targets");
  w.open('{');
  for (const auto& [tname, t] : p.targets) {
    w.key(tname);
    write_target(w, t);
  }
  w.close('}');
  w.close('}');
  w.key("name");
  w.string(name);
  w.key("type");
  w.string(node_type(p));
  w.close('}');
}

void write_dependencies(PrettyWriter& w, const std::string& name, const ProjectGraph& g) {
  auto it = g.dependencies.find(name);
  if (it == g.dependencies.end() || it->second.empty()) return w.value(nlohmann::json::array());
  w.open('[');
  for (const auto& d : it->second) {
    w.item();
    w.open('{');
    w.key("source");
    w.string(d.source);
    w.key("target");
    w.string(d.target);
    w.key("type");
    w.string(dependency_type_name(d.type));
    w.close('}');
  }
  w.close(']');
}

}  // namespace

std::string nx_json_text(const Workspace& ws, const ProjectGraph& g) {
  // The document's objects are maps: one entry per name, sorted.
  std::map<std::string_view, const Project*> projects;
  for (const auto& name : g.nodes)
    if (const Project* p = ws.find(name)) projects[name] = p;

  nlohmann::json cycles = nlohmann::json::array();
  for (const auto& c : find_cycles(g).cycles)
    cycles.push_back({{"projects", c.projects}, {"path", c.path}});

  std::string out;
  out.reserve(1024 + projects.size() * 1600);
  PrettyWriter w(out);
  w.open('{');
  w.key("cycles");
  w.value(cycles);
  w.key("graph");
  w.open('{');
  w.key("dependencies");
  w.open('{');
  for (const auto& [name, p] : projects) {
    w.key(name);
    write_dependencies(w, std::string(name), g);
  }
  w.close('}');
  w.key("nodes");
  w.open('{');
  for (const auto& [name, p] : projects) {
    w.key(name);
    write_node(w, std::string(name), *p);
  }
  w.close('}');
  w.close('}');
  w.close('}');
  out += '\n';
  return out;
}

}  // namespace strata
