// The rollout judgement follows the Deployment controller's own status
// fields, in the order `kubectl rollout status` reads them: the generation
// must be observed, then the Progressing condition may report the deadline
// passed, then updated, old and available replica counts decide.

#include "cluster/rollout.h"

#include <thread>

namespace strata::cluster {

using nlohmann::json;
using std::chrono::milliseconds;

namespace {

int int_at(const json& j, const char* pointer) {
  json::json_pointer p(pointer);
  return j.contains(p) && j.at(p).is_number_integer() ? j.at(p).get<int>() : 0;
}

const json* condition(const json& deployment, const std::string& type) {
  json::json_pointer p("/status/conditions");
  if (!deployment.contains(p) || !deployment.at(p).is_array()) return nullptr;
  for (const auto& c : deployment.at(p))
    if (c.value("type", "") == type) return &c;
  return nullptr;
}

int64_t revision_of(const json& d) {
  static const json::json_pointer p("/metadata/annotations/deployment.kubernetes.io~1revision");
  if (!d.contains(p) || !d.at(p).is_string()) return 0;
  const std::string& s = d.at(p).get_ref<const std::string&>();
  return std::strtoll(s.c_str(), nullptr, 10);
}

std::vector<std::string> images_of(const json& d) {
  std::vector<std::string> out;
  json::json_pointer p("/spec/template/spec/containers");
  if (d.contains(p) && d.at(p).is_array())
    for (const auto& c : d.at(p)) out.push_back(c.value("image", ""));
  return out;
}

class SystemClock final : public Clock {
 public:
  milliseconds now() override {
    return std::chrono::duration_cast<milliseconds>(
        std::chrono::steady_clock::now().time_since_epoch());
  }
  void sleep(milliseconds d) override { std::this_thread::sleep_for(d); }
};

std::string seconds(milliseconds d) { return std::to_string((d.count() + 999) / 1000) + " s"; }

bool same_version(const json& before, const json& after) {
  auto rv = "/metadata/resourceVersion"_json_pointer;
  return before.value(rv, "") == after.value(rv, "") && !before.value(rv, "").empty();
}

}  // namespace

std::string_view phase_name(RolloutPhase p) {
  switch (p) {
    case RolloutPhase::k_unobserved:
      return "unobserved";
    case RolloutPhase::k_progressing:
      return "progressing";
    case RolloutPhase::k_complete:
      return "complete";
    case RolloutPhase::k_failed:
      return "failed";
  }
  return "?";
}

Clock& system_clock() {
  static SystemClock clock;
  return clock;
}

RolloutStatus assess_rollout(const json& d) {
  RolloutStatus s;
  s.desired = d.contains("/spec/replicas"_json_pointer) ? int_at(d, "/spec/replicas") : 1;
  s.updated = int_at(d, "/status/updatedReplicas");
  s.ready = int_at(d, "/status/readyReplicas");
  s.available = int_at(d, "/status/availableReplicas");
  s.revision = revision_of(d);
  s.images = images_of(d);
  const json* progressing = condition(d, "Progressing");
  if (progressing) s.last_rollout = progressing->value("lastUpdateTime", "");
  int total = int_at(d, "/status/replicas");
  if (int_at(d, "/metadata/generation") > int_at(d, "/status/observedGeneration") ||
      !d.contains("/status/observedGeneration"_json_pointer)) {
    s.message = "waiting for the deployment spec update to be observed";
    return s;
  }
  if (progressing && progressing->value("reason", "") == "ProgressDeadlineExceeded") {
    s.phase = RolloutPhase::k_failed;
    s.message = "exceeded its progress deadline: " + progressing->value("message", "");
    return s;
  }
  s.phase = RolloutPhase::k_progressing;
  if (s.updated < s.desired)
    s.message = std::to_string(s.updated) + " out of " + std::to_string(s.desired) +
                " new replicas have been updated";
  else if (total > s.updated)
    s.message = std::to_string(total - s.updated) + " old replicas are pending termination";
  else if (s.available < s.updated)
    s.message = std::to_string(s.available) + " of " + std::to_string(s.updated) +
                " updated replicas are available";
  else
    s.phase = RolloutPhase::k_complete, s.message = "successfully rolled out";
  return s;
}

Result<RolloutStatus> wait_for_rollout(KubernetesDeployer& cluster, const ObjectRef& ref,
                                       const DeployOptions& options, Clock& clock) {
  const milliseconds start = clock.now();
  for (;;) {
    auto d = cluster.get(ref);
    if (!d) return d.error();
    if (!*d) return Error(ref.str() + " disappeared while rolling out").of(ErrorKind::k_not_found);
    RolloutStatus s = assess_rollout(**d);
    if (s.phase == RolloutPhase::k_complete || s.phase == RolloutPhase::k_failed) return s;
    milliseconds waited = clock.now() - start;
    if (s.phase == RolloutPhase::k_unobserved && waited >= options.observe_grace) {
      s.message = "no controller observed it in " + seconds(waited) +
                  " (is kube-controller-manager running?)";
      return s;
    }
    if (waited >= options.timeout) {
      s.phase = RolloutPhase::k_failed;
      s.message = "timed out after " + seconds(waited) + ": " + s.message;
      return s;
    }
    clock.sleep(options.poll);
  }
}

bool DeployReport::ok() const {
  for (const auto& d : deployments)
    if (!d.failure.empty()) return false;
  return true;
}

namespace {

Result<AppliedObject> apply_one(KubernetesDeployer& cluster, const json& object,
                                const std::string& ns, const DeployOptions& options) {
  auto ref = ref_of(object, ns);
  if (!ref) return ref.error();
  auto before = cluster.get(*ref);
  if (!before) return Error(ref->str() + ": " + before.error().message).of(before.error().kind);
  json body = object;
  if (body["metadata"].value("namespace", "").empty() && !ref->namespace_.empty())
    body["metadata"]["namespace"] = ref->namespace_;
  auto after = cluster.apply(body, {options.dry_run, "strata", true});
  if (!after) {
    Error e = after.error();
    e.message = ref->str() + ": " + e.message;
    return e;
  }
  std::string action = !*before                         ? "created"
                       : same_version(**before, *after) ? "unchanged"
                                                        : "configured";
  return AppliedObject{*ref, action};
}

DeploymentOutcome follow(KubernetesDeployer& cluster, const ObjectRef& ref,
                         const DeployOptions& options, Clock& clock) {
  DeploymentOutcome out{ref, {}, false, {}, {}, {}};
  auto status = wait_for_rollout(cluster, ref, options, clock);
  if (!status) {
    out.failure = status.error().message;
    return out;
  }
  out.status = *status;
  out.waited = status->phase != RolloutPhase::k_unobserved;
  if (status->phase != RolloutPhase::k_failed) return out;
  out.failure = status->message;
  if (!options.rollback_on_failure) return out;
  auto rb = cluster.rollback(ref.namespace_, ref.name);
  if (!rb) {
    out.failure += "; not rolled back: " + rb.error().message;
    return out;
  }
  out.rolled_back = *rb;
  auto after = wait_for_rollout(cluster, ref, options, clock);
  if (after)
    out.after_rollback = *after;
  else
    out.after_rollback.message = after.error().message;
  return out;
}

}  // namespace

Result<DeployReport> deploy(KubernetesDeployer& cluster, const std::vector<json>& objects,
                            const std::string& default_namespace, const DeployOptions& options,
                            Clock& clock) {
  DeployReport report;
  for (const auto& object : objects) {
    auto applied = apply_one(cluster, object, default_namespace, options);
    if (!applied) return applied.error();
    report.applied.push_back(std::move(*applied));
  }
  if (options.dry_run || !options.wait) return report;
  for (const auto& a : report.applied)
    if (a.ref.kind == "Deployment")
      report.deployments.push_back(follow(cluster, a.ref, options, clock));
  return report;
}

}  // namespace strata::cluster
