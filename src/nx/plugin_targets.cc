#include "nx/plugin_targets.h"

#include "util/fs.h"
#include "vcs/subprocess.h"

namespace strata {

namespace fs = std::filesystem;
using nlohmann::json;

namespace {

// The last non-empty line of a tool's output: where Nx puts its error.
std::string last_line(std::string_view text) {
  while (!text.empty() && (text.back() == '\n' || text.back() == ' ' || text.back() == '\r'))
    text.remove_suffix(1);
  size_t nl = text.rfind('\n');
  return std::string(nl == std::string_view::npos ? text : text.substr(nl + 1));
}

std::string normalized_root(std::string root) {
  while (root.rfind("./", 0) == 0) root.erase(0, 2);
  while (!root.empty() && root.back() == '/') root.pop_back();
  return root.empty() ? "." : root;
}

bool is_string_array(const json& v) {
  if (!v.is_array()) return false;
  for (const auto& e : v)
    if (!e.is_string()) return false;
  return true;
}

// Nx's own output is well formed, but the loader trusts the types of what
// it merges (files are checked as they are read), so anything of another
// shape is dropped here rather than reaching it.
void sanitize_target(json& t) {
  if (t.contains("executor") && !t["executor"].is_string()) t.erase("executor");
  for (const char* key : {"options", "configurations", "metadata"})
    if (t.contains(key) && !t[key].is_object()) t.erase(key);
  if (t.contains("outputs") && !is_string_array(t["outputs"])) t.erase("outputs");
  if (t.contains("cache") && !t["cache"].is_boolean()) t.erase("cache");
  if (t.contains("defaultConfiguration") && !t["defaultConfiguration"].is_string())
    t.erase("defaultConfiguration");
  if (auto it = t.find("inputs"); it != t.end()) {
    if (!it->is_array()) {
      t.erase(it);
    } else {
      json kept = json::array();
      for (auto& e : *it)
        if ((e.is_string() && !e.get<std::string>().empty()) || e.is_object()) kept.push_back(e);
      *it = std::move(kept);
    }
  }
  if (auto it = t.find("dependsOn"); it != t.end()) {
    if (!it->is_array()) {
      t.erase(it);
    } else {
      json kept = json::array();
      for (auto& e : *it) {
        bool object = e.is_object() && e.contains("target") && e["target"].is_string() &&
                      (!e.contains("projects") || e["projects"].is_string() ||
                       is_string_array(e["projects"]));
        if (e.is_string() || object) kept.push_back(e);
      }
      *it = std::move(kept);
    }
  }
}

}  // namespace

Result<NxTargets> parse_nx_graph_targets(std::string_view text) {
  json doc = json::parse(text, nullptr, false);
  const json* nodes = nullptr;
  if (doc.is_object() && doc.contains("graph") && doc["graph"].is_object())
    nodes = doc["graph"].contains("nodes") ? &doc["graph"]["nodes"] : nullptr;
  if (!nodes || !nodes->is_object()) return Error("Nx's graph JSON has no graph.nodes object");
  NxTargets out;
  for (const auto& [name, node] : nodes->items()) {
    if (!node.is_object() || !node.contains("data") || !node["data"].is_object()) continue;
    const json& data = node["data"];
    if (!data.contains("root") || !data["root"].is_string()) continue;
    json targets = data.value("targets", json::object());
    if (!targets.is_object()) continue;
    for (auto it = targets.begin(); it != targets.end();) {
      if (!it->is_object()) {
        it = targets.erase(it);
        continue;
      }
      sanitize_target(*it);
      ++it;
    }
    out[normalized_root(data["root"].get<std::string>())] = std::move(targets);
  }
  return out;
}

std::string partial_graph_problem(std::string_view output) {
  size_t at = output.find("errors occurred while processing the project graph");
  if (at == std::string_view::npos) return {};
  size_t start = output.rfind('\n', at);
  start = start == std::string_view::npos ? 0 : start + 1;
  std::string_view line = output.substr(start, output.find('\n', at) - start);
  while (!line.empty() && (line.front() == ' ' || line.front() == '>')) line.remove_prefix(1);
  if (line.rfind("NX", 0) == 0) line.remove_prefix(2);
  while (!line.empty() && line.front() == ' ') line.remove_prefix(1);
  while (!line.empty() && (line.back() == ' ' || line.back() == '\r')) line.remove_suffix(1);
  return std::string(line);
}

Result<NxTargets> infer_nx_targets(const fs::path& root, const NxInstall& nx,
                                   std::string* problem) {
  fs::path dir = root / ".strata" / "nx";
  std::error_code ec;
  fs::create_directories(dir, ec);
  fs::path file = dir / "graph.json";
  fs::remove(file, ec);
  std::vector<std::string> env;
  for (const auto& [k, v] : nx_environment(root)) env.push_back(k + "=" + v);
  env.push_back("NX_CACHE_DIRECTORY=" + (dir / "cache").string());
  auto run =
      run_capture({"node", nx.script, "graph", "--file=" + file.string()}, env, root.string());
  if (!run) return run.error();
  if (run->exit_code != 0)
    return Error("`nx graph` exited " + std::to_string(run->exit_code) + ": " +
                 last_line(run->err.empty() ? run->out : run->err));
  auto text = read_file(file);
  if (!text) return text.error();
  fs::remove(file, ec);
  if (problem) *problem = partial_graph_problem(run->out + run->err);
  return parse_nx_graph_targets(*text);
}

}  // namespace strata
