#pragma once
// The seed's KubernetesDeployer port: what `strata deploy` needs from a
// cluster. RestCluster implements it over the API server's REST API; the
// deploy logic (cluster/rollout.h) is tested against a fake.

#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

#include "cluster/resource.h"
#include "util/result.h"

namespace strata::cluster {

struct ApplyOptions {
  bool dry_run = false;  // the server validates and answers, stores nothing
  std::string field_manager = "strata";
  bool force = true;  // take over fields another manager set (kubectl --force-conflicts)
};

struct ListQuery {
  std::string api_version, kind, namespace_;
  std::string label_selector;  // "app=orders,tier=api"
};

// Where a rollback went.
struct Rollback {
  int64_t from_revision = 0;
  int64_t to_revision = 0;
};

class KubernetesDeployer {
 public:
  virtual ~KubernetesDeployer() = default;
  // Server-side apply of one whole object; the object as the server has it
  // (or would have it, on a dry run).
  virtual Result<nlohmann::json> apply(const nlohmann::json& object,
                                       const ApplyOptions& options) = 0;
  // The object, or nothing when it does not exist.
  virtual Result<std::optional<nlohmann::json>> get(const ObjectRef& ref) = 0;
  virtual Result<std::vector<nlohmann::json>> list(const ListQuery& query) = 0;
  // Puts the Deployment's pod template back to its previous revision's
  // (the ReplicaSet before the current one), as `kubectl rollout undo`.
  virtual Result<Rollback> rollback(const std::string& namespace_, const std::string& name) = 0;
};

}  // namespace strata::cluster
