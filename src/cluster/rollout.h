#pragma once
// Deploying a set of objects and following it through: apply each object
// server-side, wait until every Deployment among them has rolled out (as
// `kubectl rollout status` judges it), and when one fails or times out,
// roll it back to its previous revision and wait for that too. The logic
// runs on the KubernetesDeployer port and a Clock, so unit tests drive it
// with a fake cluster and no real time.

#include <chrono>
#include <cstdint>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

#include "cluster/kubernetes_deployer.h"

namespace strata::cluster {

// Where one Deployment's rollout stands.
enum class RolloutPhase {
  k_unobserved,   // no controller has seen this generation yet
  k_progressing,  // new pods are coming up, or old ones going away
  k_complete,     // every replica is updated and available
  k_failed,       // Progressing=False: ProgressDeadlineExceeded
};
std::string_view phase_name(RolloutPhase p);

struct RolloutStatus {
  RolloutPhase phase = RolloutPhase::k_unobserved;
  std::string message;  // kubectl's wording: "1 of 3 updated replicas are available"
  int desired = 0, updated = 0, ready = 0, available = 0;
  int64_t revision = 0;
  std::vector<std::string> images;  // the pod template's, in container order
  std::string last_rollout;         // the Progressing condition's lastUpdateTime
};

// Judges a Deployment object (spec, status, metadata.generation).
RolloutStatus assess_rollout(const nlohmann::json& deployment);

// Time for the waiting loops; tests advance it by hand.
class Clock {
 public:
  virtual ~Clock() = default;
  virtual std::chrono::milliseconds now() = 0;
  virtual void sleep(std::chrono::milliseconds d) = 0;
};
Clock& system_clock();

struct DeployOptions {
  bool dry_run = false;
  bool wait = true;
  std::chrono::milliseconds timeout{std::chrono::minutes(5)};
  // No controller observing a Deployment this long means none runs (an API
  // server alone): the objects are stored, the rollout is not waited for.
  std::chrono::milliseconds observe_grace{std::chrono::seconds(15)};
  std::chrono::milliseconds poll{std::chrono::milliseconds(500)};
  bool rollback_on_failure = true;
};

struct AppliedObject {
  ObjectRef ref;
  std::string action;  // "created", "configured", "unchanged"
};

struct DeploymentOutcome {
  ObjectRef ref;
  RolloutStatus status;  // the last one seen
  bool waited = false;   // false: dry run, --no-wait, or no controller observed it
  std::string failure;   // why the rollout failed, "" when it did not
  std::optional<Rollback> rolled_back;
  RolloutStatus after_rollback;  // when rolled back: the status it reached
};

struct DeployReport {
  std::vector<AppliedObject> applied;
  std::vector<DeploymentOutcome> deployments;
  bool ok() const;
};

// Applies `objects` in order (a namespace-less object goes to
// `default_namespace`) and follows their Deployments. An apply error stops
// at that object and is returned as the error, naming it.
Result<DeployReport> deploy(KubernetesDeployer& cluster, const std::vector<nlohmann::json>& objects,
                            const std::string& default_namespace, const DeployOptions& options,
                            Clock& clock = system_clock());

// Polls one Deployment until it completes, fails, the deadline passes
// (reported as failed, "timed out ...") or no controller observes it within
// the grace period.
Result<RolloutStatus> wait_for_rollout(KubernetesDeployer& cluster, const ObjectRef& deployment,
                                       const DeployOptions& options, Clock& clock);

}  // namespace strata::cluster
