// The policy judges pod specs wherever a workload keeps one (a Pod's spec,
// a Deployment's template, a CronJob's job template), container by
// container. A missing field is reported at the nearest node that exists,
// so the line points into the container that lacks it. Jobs and CronJobs
// run to completion and have no probes to check; everything else is
// checked the same way.

#include "kube/policy.h"

#include <algorithm>
#include <cctype>
#include <map>

#include "kube/yaml.h"
#include "util/fs.h"
#include "util/json_limits.h"

namespace strata::kube {

namespace {

using nlohmann::json;

// Where each kind keeps its pod spec, and whether it serves (probes apply).
struct PodSpecAt {
  std::string pointer;
  bool serves;
};

const std::map<std::string, PodSpecAt>& pod_kinds() {
  static const std::map<std::string, PodSpecAt> kinds = {
      {"Pod", {"/spec", true}},
      {"Deployment", {"/spec/template/spec", true}},
      {"StatefulSet", {"/spec/template/spec", true}},
      {"DaemonSet", {"/spec/template/spec", true}},
      {"ReplicaSet", {"/spec/template/spec", true}},
      {"ReplicationController", {"/spec/template/spec", true}},
      {"Job", {"/spec/template/spec", false}},
      {"CronJob", {"/spec/jobTemplate/spec/template/spec", false}},
  };
  return kinds;
}

// "/spec/containers/0/resources" -> "spec.containers[0].resources"
std::string field_path(const std::string& pointer) {
  std::string out;
  size_t i = 1;
  while (i <= pointer.size() && !pointer.empty()) {
    size_t next = pointer.find('/', i);
    std::string part = pointer.substr(i, next == std::string::npos ? std::string::npos : next - i);
    bool index = !part.empty() && std::all_of(part.begin(), part.end(), ::isdigit);
    out += index ? "[" + part + "]" : (out.empty() ? "" : ".") + part;
    if (next == std::string::npos) break;
    i = next + 1;
  }
  return out;
}

// A member's string value; "" when absent or not a string (json::value
// would throw on a team's `kind: 3`).
std::string text_of(const json& o, const char* key) {
  if (!o.is_object() || !o.contains(key) || !o[key].is_string()) return "";
  return o[key].get<std::string>();
}

class Checker {
 public:
  Checker(const json& object, const std::string& file, const Locate& locate)
      : m_object(object), m_file(file), m_locate(locate) {
    std::string name = object.contains("metadata") ? text_of(object["metadata"], "name") : "";
    m_name = text_of(object, "kind") + "/" + (name.empty() ? "?" : name);
  }

  std::vector<Finding> run() {
    auto kind = pod_kinds().find(text_of(m_object, "kind"));
    if (kind == pod_kinds().end()) return {};
    const json* pod = at(kind->second.pointer);
    if (!pod || !pod->is_object()) return {};
    check_pod(*pod, kind->second.pointer, kind->second.serves);
    return std::move(m_found);
  }

 private:
  const json* at(const std::string& pointer) const {
    json::json_pointer p(pointer);
    return m_object.contains(p) ? &m_object.at(p) : nullptr;
  }
  bool is_true(const std::string& pointer) const {
    const json* v = at(pointer);
    return v && v->is_boolean() && v->get<bool>();
  }
  bool has(const std::string& pointer) const {
    const json* v = at(pointer);
    return v && !v->is_null();
  }

  void report(const std::string& pointer, const std::string& rule, const std::string& message) {
    // The nearest node that exists, so a missing field points at its parent.
    std::string at_ptr = pointer;
    while (!at_ptr.empty() && !has(at_ptr)) at_ptr = at_ptr.substr(0, at_ptr.rfind('/'));
    TextPos p = m_locate ? m_locate(at_ptr) : TextPos{};
    m_found.push_back(
        {SourceLoc{m_file, p.line, p.col}, m_name, field_path(pointer), rule, message});
  }

  void check_pod(const json& pod, const std::string& ptr, bool serves) {
    if (is_true(ptr + "/hostNetwork"))
      report(ptr + "/hostNetwork", "host-network", "uses the host's network");
    for (const char* ns : {"hostPID", "hostIPC"})
      if (is_true(ptr + "/" + ns))
        report(ptr + "/" + ns, "host-namespaces",
               std::string("shares the host's ") + (ns + 4) + " namespace");
    if (pod.contains("volumes") && pod["volumes"].is_array())
      for (size_t i = 0; i < pod["volumes"].size(); ++i)
        if (pod["volumes"][i].is_object() && pod["volumes"][i].contains("hostPath"))
          report(ptr + "/volumes/" + std::to_string(i) + "/hostPath", "host-path",
                 "mounts a directory of the host");
    check_containers(pod, ptr, "containers", serves);
    check_containers(pod, ptr, "initContainers", false);
  }

  void check_containers(const json& pod, const std::string& ptr, const char* list, bool probes) {
    if (!pod.contains(list) || !pod[list].is_array()) return;
    for (size_t i = 0; i < pod[list].size(); ++i)
      check_container(ptr, ptr + "/" + list + "/" + std::to_string(i), probes);
  }

  void check_container(const std::string& pod, const std::string& c, bool probes) {
    if (probes)
      for (const char* probe : {"livenessProbe", "readinessProbe"})
        if (!has(c + "/" + probe))
          report(c + "/" + probe, "probes", "has no " + std::string(probe));
    for (const char* resource : {"cpu", "memory"})
      if (!has(c + "/resources/limits/" + resource))
        report(c + "/resources/limits/" + resource, "limits",
               "has no " + std::string(resource) + " limit");
    check_user(pod, c);
    if (!is_true(c + "/securityContext/readOnlyRootFilesystem"))
      report(c + "/securityContext/readOnlyRootFilesystem", "read-only-root",
             "may write to its root file system (set readOnlyRootFilesystem: true)");
    if (is_true(c + "/securityContext/privileged"))
      report(c + "/securityContext/privileged", "privileged", "runs privileged");
  }

  // The container's own setting wins over the pod's, as in Kubernetes.
  void check_user(const std::string& pod, const std::string& c) {
    std::string own = c + "/securityContext/runAsNonRoot";
    std::string inherited = pod + "/securityContext/runAsNonRoot";
    bool non_root = has(own) ? is_true(own) : is_true(inherited);
    if (!non_root)
      report(own, "non-root", "may run as root (set securityContext.runAsNonRoot: true)");
    for (const std::string& user :
         {c + "/securityContext/runAsUser", pod + "/securityContext/runAsUser"}) {
      const json* v = at(user);
      if (v && v->is_number_integer() && v->get<int64_t>() == 0) {
        report(user, "non-root", "runs as user 0 (root)");
        break;
      }
    }
  }

  const json& m_object;
  const std::string& m_file;
  const Locate& m_locate;
  std::string m_name;
  std::vector<Finding> m_found;
};

bool is_object_document(const json& v) {
  return v.is_object() && v.contains("apiVersion") && v.contains("kind");
}

// A `kind: List` (what `kubectl get -o yaml` writes) holds its objects in items.
void check_document(const json& doc, const std::string& file, const Locate& locate,
                    std::vector<Finding>& out) {
  if (!is_object_document(doc)) return;
  if (doc["kind"] == "List" && doc.contains("items") && doc["items"].is_array()) {
    for (size_t i = 0; i < doc["items"].size(); ++i) {
      std::string prefix = "/items/" + std::to_string(i);
      Locate inner = [&, prefix](const std::string& p) { return locate(prefix + p); };
      check_document(doc["items"][i], file, inner, out);
    }
    return;
  }
  for (auto& f : check_object(doc, file, locate)) out.push_back(std::move(f));
}

bool manifest_extension(const std::filesystem::path& p) {
  auto ext = p.extension().string();
  return ext == ".yaml" || ext == ".yml" || ext == ".json";
}

}  // namespace

std::vector<Finding> check_object(const json& object, const std::string& file,
                                  const Locate& locate) {
  return Checker(object, file, locate).run();
}

Result<std::vector<Finding>> check_manifest_file(const std::filesystem::path& path,
                                                 const std::string& shown_as) {
  auto text = read_file(path, k_config_max_bytes, "manifest");
  if (!text) return text.error();
  std::vector<Finding> out;
  // Not a Kubernetes object (package.json, a CI workflow): nothing to judge,
  // and no reason to parse it (a tsconfig.json with comments is no JSON).
  if (text->find("apiVersion") == std::string::npos) return out;
  if (path.extension() == ".json") {
    auto doc = parse_json_file_text(shown_as, *text, /*comments=*/false);
    if (!doc) return doc.error();
    JsonLocator locator(*text);
    check_document(*doc, shown_as, [&](const std::string& p) { return locator.locate(p); }, out);
    return out;
  }
  auto docs = parse_yaml(*text, shown_as);
  if (!docs) return docs.error();
  for (const auto& d : *docs) {
    Locate locate = [&](const std::string& p) {
      auto it = d.positions.find(p);
      return it == d.positions.end() ? TextPos{} : it->second;
    };
    check_document(d.value, shown_as, locate, out);
  }
  return out;
}

std::vector<std::filesystem::path> manifest_files(const std::filesystem::path& path) {
  std::vector<std::filesystem::path> out;
  std::error_code ec;
  if (!std::filesystem::is_directory(path, ec)) return {path};
  for (auto it = std::filesystem::recursive_directory_iterator(path, ec);
       !ec && it != std::filesystem::recursive_directory_iterator(); it.increment(ec)) {
    std::string name = it->path().filename().string();
    if (it->is_directory() && (name.starts_with(".") || name == "node_modules")) {
      it.disable_recursion_pending();
      continue;
    }
    if (it->is_regular_file() && manifest_extension(it->path())) out.push_back(it->path());
  }
  std::sort(out.begin(), out.end());
  return out;
}

std::string rule_hint(const std::string& rule) {
  static const std::map<std::string, std::string> hints = {
      {"probes", "add livenessProbe and readinessProbe (an httpGet on the health path)"},
      {"limits", "set resources.limits.cpu and resources.limits.memory"},
      {"non-root", "set securityContext.runAsNonRoot: true and a numeric runAsUser other than 0"},
      {"read-only-root",
       "set securityContext.readOnlyRootFilesystem: true and mount an emptyDir where the "
       "container writes (/tmp)"},
      {"privileged", "drop privileged: true; add only the capabilities the container needs"},
      {"host-path", "use an emptyDir, a ConfigMap or a PersistentVolumeClaim instead"},
      {"host-network", "drop hostNetwork: true; expose the port through a Service"},
      {"host-namespaces", "drop hostPID and hostIPC"},
  };
  auto it = hints.find(rule);
  return it == hints.end() ? "" : it->second;
}

std::string format_finding(const Finding& f) {
  return f.loc.str() + ": " + f.object + ": " + f.field + ": " + f.message + " [" + f.rule + "]";
}

}  // namespace strata::kube
