// Builds the overlays by difference: the base is render_service with no
// environment, each overlay renders its environment and compares object by
// object. A changed object becomes an RFC 6902 JSON patch (nlohmann's diff),
// an object only the environment has (an autoscaler, a disruption budget)
// becomes a file of the overlay, and one only the base has is deleted with a
// `$patch: delete`. So the overlays can never disagree with the renderer:
// there is one source of truth and kustomize replays its differences.

#include "kube/kustomize.h"

#include <algorithm>
#include <cctype>
#include <set>

#include "kube/objects.h"
#include "kube/yaml.h"
#include "service/generated_header.h"
#include "service/service_layout.h"
#include "util/fs.h"

namespace strata::kube {

namespace {

namespace fs = std::filesystem;
using nlohmann::json;

std::string lower(std::string s) {
  for (char& c : s) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return s;
}

// "deployment.yaml", "horizontalpodautoscaler.yaml": one object per kind.
std::string file_of(const Object& o) { return lower(o.kind) + ".yaml"; }

std::string key_of(const Object& o) { return o.kind + "/" + o.name; }

json target_of(const Object& o) {
  json t = json::object();
  auto slash = o.api_version.find('/');
  if (slash != std::string::npos) t["group"] = o.api_version.substr(0, slash);
  t["version"] = slash == std::string::npos ? o.api_version : o.api_version.substr(slash + 1);
  t["kind"] = o.kind;
  t["name"] = o.name;
  return t;
}

json kustomization(const json& resources, const json& patches) {
  json k = {{"apiVersion", "kustomize.config.k8s.io/v1beta1"},
            {"kind", "Kustomization"},
            {"resources", resources}};
  if (!patches.empty()) k["patches"] = patches;
  return k;
}

class TreeWriter {
 public:
  TreeWriter(const fs::path& root, std::string dir, std::map<std::string, std::string>& out)
      : m_dir(std::move(dir)), m_out(out) {
    std::vector<std::string> inputs = {std::string(k_topology_file)};
    m_header = service::generated_header("#", service::inputs_hash(root, inputs), inputs);
  }
  void add(const std::string& rel, const json& value) {
    m_out[m_dir + "/" + rel] = m_header + to_yaml(value);
  }

 private:
  std::string m_dir;
  std::string m_header;
  std::map<std::string, std::string>& m_out;
};

void add_overlay(TreeWriter& w, const std::string& env, const std::vector<Object>& base,
                 const std::vector<Object>& objects) {
  std::map<std::string, const Object*> in_base;
  for (const auto& o : base) in_base[key_of(o)] = &o;
  json resources = json::array({"../../base"});
  json patches = json::array();
  std::set<std::string> seen;
  for (const auto& o : objects) {
    seen.insert(key_of(o));
    auto it = in_base.find(key_of(o));
    if (it == in_base.end()) {
      w.add("overlays/" + env + "/" + file_of(o), o.body);
      resources.push_back(file_of(o));
      continue;
    }
    json diff = json::diff(it->second->body, o.body);
    if (!diff.empty()) patches.push_back({{"target", target_of(o)}, {"patch", diff.dump()}});
  }
  for (const auto& o : base) {
    if (seen.count(key_of(o))) continue;
    json del = {{"apiVersion", o.api_version},
                {"kind", o.kind},
                {"metadata", {{"name", o.name}}},
                {"$patch", "delete"}};
    patches.push_back({{"patch", del.dump()}});
  }
  w.add("overlays/" + env + "/kustomization.yaml", kustomization(resources, patches));
}

bool is_dir(const fs::path& p) {
  std::error_code ec;
  return fs::is_directory(p, ec);
}

// The folder a context's generated project lives in; the tree goes only
// where that project exists, so it follows split and merge.
std::string project_dir(const std::string& context) {
  return context == k_monolith ? std::string(service::k_monolith_dir)
                               : service::service_dir(context);
}

Status sync_tree(const fs::path& root, const std::string& dir,
                 const std::map<std::string, std::string>& files, KustomizeChange& change) {
  std::set<std::string> keep;
  for (const auto& [rel, text] : files) {
    keep.insert(rel);
    auto old = read_file(root / rel);
    if (old && *old == text) continue;
    std::error_code ec;
    fs::create_directories((root / rel).parent_path(), ec);
    if (auto st = write_atomic(root / rel, text); !st) return st;
    change.written.push_back(rel);
  }
  std::error_code ec;
  std::vector<fs::path> stale;
  for (auto it = fs::recursive_directory_iterator(root / dir, ec);
       !ec && it != fs::recursive_directory_iterator(); it.increment(ec))
    if (it->is_regular_file() && !keep.count(it->path().lexically_relative(root).generic_string()))
      stale.push_back(it->path());
  for (const auto& p : stale) {
    fs::remove(p, ec);
    change.removed.push_back(p.lexically_relative(root).generic_string());
  }
  return ok_status();
}

}  // namespace

std::string kustomize_dir(const std::string& context) { return project_dir(context) + "/k8s"; }

Result<std::map<std::string, std::string>> kustomize_files(const fs::path& root,
                                                           const Topology& topology,
                                                           const std::string& context) {
  auto base = render_service(root, topology, {context, "", ""});
  if (!base) return base.error();
  std::map<std::string, std::string> out;
  TreeWriter w(root, kustomize_dir(context), out);
  json resources = json::array();
  for (const auto& o : *base) {
    w.add("base/" + file_of(o), o.body);
    resources.push_back(file_of(o));
  }
  w.add("base/kustomization.yaml", kustomization(resources, json::array()));
  for (std::string_view env : k_environments) {
    auto objects = render_service(root, topology, {context, std::string(env), ""});
    if (!objects) return objects.error();
    add_overlay(w, std::string(env), *base, *objects);
  }
  return out;
}

Result<KustomizeChange> write_kustomize(const fs::path& root, const Topology& topology) {
  KustomizeChange change;
  for (const auto& context : deployable_contexts(topology)) {
    if (!is_dir(root / project_dir(context))) continue;
    auto files = kustomize_files(root, topology, context);
    if (!files) return files.error();
    if (auto st = sync_tree(root, kustomize_dir(context), *files, change); !st) return st.error();
  }
  return change;
}

}  // namespace strata::kube
