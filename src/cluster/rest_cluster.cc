// Paths follow the API's conventions: /api/v1 for the core group,
// /apis/GROUP/VERSION otherwise, /namespaces/NS for namespaced kinds, and
// the subresources `scale` and `log`. Server-side apply is a PATCH with
// content type application/apply-patch+yaml (JSON is YAML) and a
// fieldManager; the rollback copies the previous ReplicaSet's pod template
// into the Deployment with a JSON patch, which is what `kubectl rollout
// undo` does, and the Deployment controller then rolls that template out as
// a new revision.

#include "cluster/rest_cluster.h"

#include <thread>

#include "util/json_limits.h"

namespace strata::cluster {

using nlohmann::json;

namespace {

// API answers can be large (a list of every pod); the config limit is 16 MB.
constexpr size_t k_max_answer_bytes = size_t{256} << 20;

Result<json> parse_answer(const std::string& body) {
  return parse_json_file_text("API server answer", body, false, k_max_answer_bytes);
}

ErrorKind kind_of_status(int status) {
  if (status == 404) return ErrorKind::k_not_found;
  if (status == 409) return ErrorKind::k_conflict;
  if (status >= 500 || status == 429) return ErrorKind::k_unavailable;
  return ErrorKind::k_invalid_input;
}

int64_t revision_of(const json& object) {
  // The annotation deployment.kubernetes.io/revision ('/' escaped as ~1).
  static const json::json_pointer p("/metadata/annotations/deployment.kubernetes.io~1revision");
  if (!object.contains(p) || !object.at(p).is_string()) return 0;
  try {
    return std::stoll(object.at(p).get<std::string>());
  } catch (...) {
    return 0;
  }
}

// "k=v,k2=v2" from a LabelSelector's matchLabels.
std::string selector_string(const json& selector) {
  std::string out;
  if (!selector.is_object() || !selector.contains("matchLabels")) return out;
  for (const auto& [k, v] : selector["matchLabels"].items())
    if (v.is_string()) out += (out.empty() ? "" : ",") + k + "=" + v.get<std::string>();
  return out;
}

bool owned_by(const json& object, const std::string& uid) {
  auto refs = object.value("/metadata/ownerReferences"_json_pointer, json::array());
  for (const auto& r : refs)
    if (r.value("uid", "") == uid) return true;
  return false;
}

Scale scale_of(const json& s) {
  return {s.value("/spec/replicas"_json_pointer, 0), s.value("/status/replicas"_json_pointer, 0)};
}

}  // namespace

Error api_error(const ApiReply& reply, const std::string& what) {
  std::string message;
  auto body = parse_answer(reply.body);
  if (body && body->is_object() && body->value("kind", "") == "Status")
    message = body->value("message", "");
  if (message.empty())
    message = "HTTP " + std::to_string(reply.status) +
              (reply.body.empty() ? "" : ": " + reply.body.substr(0, 300));
  // The server's own message names the object and the field already.
  Error e(message.starts_with("HTTP ") ? what + ": " + message : message);
  if (reply.status == 401)
    e.hint = "the API server refused the credentials: check the kubeconfig's token or certificate";
  if (reply.status == 403) e.hint = "the kubeconfig's user lacks the permission (RBAC)";
  return std::move(e).of(kind_of_status(reply.status));
}

RestCluster::RestCluster(std::unique_ptr<ApiTransport> transport, std::string default_namespace)
    : m_transport(std::move(transport)), m_namespace(std::move(default_namespace)) {}

Result<json> RestCluster::call(const ApiRequest& request) {
  auto reply = m_transport->send(request);
  if (!reply) return reply.error();
  if (reply->status < 200 || reply->status >= 300)
    return api_error(*reply, request.method + " " + request.path.substr(0, request.path.find('?')));
  if (reply->body.empty()) return json::object();
  auto body = parse_answer(reply->body);
  if (!body) return body.error();
  return std::move(*body);
}

Result<ResourceType> RestCluster::resource_type(const std::string& api_version,
                                                const std::string& kind) {
  if (auto known = known_resource(api_version, kind)) return *known;
  std::string key = api_version + " " + kind;
  {
    MutexLock lock(m_discovery_mutex);
    if (auto it = m_discovered.find(key); it != m_discovered.end()) return it->second;
  }
  // Discovery: the group version's resource list names each kind's plural.
  auto doc = call({"GET", group_version_path(api_version), "", ""});
  if (!doc)
    return Error("the cluster does not serve " + api_version + ": " + doc.error().message)
        .of(ErrorKind::k_not_found);
  for (const auto& r : doc->value("resources", json::array())) {
    std::string name = r.value("name", "");
    if (r.value("kind", "") == kind && name.find('/') == std::string::npos) {
      MutexLock lock(m_discovery_mutex);
      return m_discovered[key] = ResourceType{name, r.value("namespaced", true)};
    }
  }
  return Error("the cluster does not know kind " + kind + " in " + api_version)
      .of(ErrorKind::k_not_found);
}

Result<std::string> RestCluster::object_path(const ObjectRef& ref) {
  auto type = resource_type(ref.api_version, ref.kind);
  if (!type) return type.error();
  return resource_path(ref.api_version, *type, ref.namespace_, ref.name);
}

Result<json> RestCluster::apply(const json& object, const ApplyOptions& options) {
  auto ref = ref_of(object, m_namespace);
  if (!ref) return ref.error();
  auto path = object_path(*ref);
  if (!path) return path.error();
  std::string query = "?fieldManager=" + query_escape(options.field_manager);
  if (options.force) query += "&force=true";
  if (options.dry_run) query += "&dryRun=All";
  return call({"PATCH", *path + query, "application/apply-patch+yaml", object.dump()});
}

Result<std::optional<json>> RestCluster::get(const ObjectRef& ref) {
  auto path = object_path(ref);
  if (!path) return path.error();
  auto object = call({"GET", *path, "", ""});
  if (!object && object.error().kind == ErrorKind::k_not_found) return std::optional<json>();
  if (!object) return object.error();
  return std::optional<json>(std::move(*object));
}

Result<std::vector<json>> RestCluster::list(const ListQuery& q) {
  auto type = resource_type(q.api_version, q.kind);
  if (!type) return type.error();
  std::string path = resource_path(q.api_version, *type, q.namespace_);
  if (!q.label_selector.empty()) path += "?labelSelector=" + query_escape(q.label_selector);
  auto doc = call({"GET", path, "", ""});
  if (!doc) return doc.error();
  std::vector<json> items;
  for (auto& item : (*doc)["items"]) {
    // Items of a list carry no apiVersion or kind of their own.
    item["apiVersion"] = q.api_version;
    item["kind"] = q.kind;
    items.push_back(std::move(item));
  }
  return items;
}

Result<Rollback> RestCluster::rollback(const std::string& ns, const std::string& name) {
  auto deployment = get({"apps/v1", "Deployment", ns, name});
  if (!deployment) return deployment.error();
  if (!*deployment)
    return Error("Deployment/" + name + " does not exist in namespace " + ns)
        .of(ErrorKind::k_not_found);
  const json& d = **deployment;
  int64_t current = revision_of(d);
  auto sets = list({"apps/v1", "ReplicaSet", ns,
                    selector_string(d.value("/spec/selector"_json_pointer, json()))});
  if (!sets) return sets.error();
  const json* previous = nullptr;
  int64_t previous_revision = 0;
  std::string uid = d.value("/metadata/uid"_json_pointer, "");
  for (const auto& rs : *sets) {
    int64_t r = revision_of(rs);
    if (owned_by(rs, uid) && r < current && r > previous_revision) {
      previous = &rs;
      previous_revision = r;
    }
  }
  if (!previous)
    return Error("Deployment/" + name + " has no previous revision to roll back to (revision " +
                 std::to_string(current) + " is its first)")
        .of(ErrorKind::k_not_found);
  json tmpl = previous->at("spec").at("template");
  // The ReplicaSet's own label, which the Deployment controller adds back.
  if (tmpl.contains("metadata") && tmpl["metadata"].contains("labels"))
    tmpl["metadata"]["labels"].erase("pod-template-hash");
  json patch = json::array({{{"op", "replace"}, {"path", "/spec/template"}, {"value", tmpl}}});
  auto path = object_path({"apps/v1", "Deployment", ns, name});
  auto done =
      call({"PATCH", *path + "?fieldManager=strata", "application/json-patch+json", patch.dump()});
  if (!done) return done.error();
  return Rollback{current, previous_revision};
}

Result<Scale> RestCluster::get_scale(const std::string& ns, const std::string& deployment) {
  auto s =
      call({"GET", resource_path("apps/v1", {"deployments"}, ns, deployment) + "/scale", "", ""});
  if (!s) return s.error();
  return scale_of(*s);
}

Result<Scale> RestCluster::set_scale(const std::string& ns, const std::string& deployment,
                                     int replicas) {
  json patch = {{"spec", {{"replicas", replicas}}}};
  auto s = call(
      {"PATCH",
       resource_path("apps/v1", {"deployments"}, ns, deployment) + "/scale?fieldManager=strata",
       "application/merge-patch+json", patch.dump()});
  if (!s) return s.error();
  return scale_of(*s);
}

Status RestCluster::stream_pod(const std::string& ns, const std::string& pod,
                               const LogOptions& options, const LogSink& sink) {
  std::string path = "/api/v1/namespaces/" + ns + "/pods/" + pod + "/log";
  std::string query;
  if (options.follow) query += "&follow=true";
  if (options.tail_lines >= 0) query += "&tailLines=" + std::to_string(options.tail_lines);
  if (!query.empty()) path += "?" + query.substr(1);
  std::string partial;
  Status s = m_transport->stream({"GET", path, "", ""}, [&](std::string_view chunk) {
    partial.append(chunk);
    size_t start = 0;
    for (size_t nl; (nl = partial.find('\n', start)) != std::string::npos; start = nl + 1)
      sink(pod, std::string_view(partial).substr(start, nl - start));
    partial.erase(0, start);
    return true;
  });
  if (!partial.empty()) sink(pod, partial);
  if (!s) return Error("logs of pod " + pod + ": " + s.error().message).of(s.error().kind);
  return s;
}

Status RestCluster::logs(const std::string& ns, const LogOptions& options, const LogSink& sink) {
  auto pods = list({"v1", "Pod", ns, options.label_selector});
  if (!pods) return pods.error();
  if (pods->empty())
    return Error("no pods match " + options.label_selector + " in namespace " + ns)
        .of(ErrorKind::k_not_found);
  Mutex sink_mutex;
  LogSink locked = [&](std::string_view pod, std::string_view line) {
    MutexLock lock(sink_mutex);
    sink(pod, line);
  };
  std::vector<Status> results(pods->size(), ok_status());
  std::vector<std::thread> threads;
  for (size_t i = 0; i < pods->size(); ++i) {
    std::string pod = (*pods)[i].value("/metadata/name"_json_pointer, "");
    threads.emplace_back([&, i, pod] { results[i] = stream_pod(ns, pod, options, locked); });
  }
  for (auto& t : threads) t.join();
  for (auto& r : results)
    if (!r) return r;
  return ok_status();
}

}  // namespace strata::cluster
