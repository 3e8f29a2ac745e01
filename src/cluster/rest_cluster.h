#pragma once
// The REST adapter: KubernetesDeployer, ServiceScaler and LogAggregator
// over the API server's own HTTP API, with no client library and no
// kubectl. Requests go through an ApiTransport (HttpsTransport, or a fake
// in tests). Non-2xx answers become Errors carrying the server's Status
// message and a kind (404 not found, 409 conflict, 422 invalid, 5xx
// unavailable).

#include <map>
#include <memory>

#include "cluster/api_transport.h"
#include "cluster/kubernetes_deployer.h"
#include "cluster/log_aggregator.h"
#include "cluster/service_scaler.h"
#include "util/mutex.h"

namespace strata::cluster {

class RestCluster final : public KubernetesDeployer, public ServiceScaler, public LogAggregator {
 public:
  // `default_namespace` fills objects that name none (the kubeconfig
  // context's namespace).
  RestCluster(std::unique_ptr<ApiTransport> transport, std::string default_namespace);

  const std::string& default_namespace() const { return m_namespace; }

  Result<nlohmann::json> apply(const nlohmann::json& object, const ApplyOptions& options) override;
  Result<std::optional<nlohmann::json>> get(const ObjectRef& ref) override;
  Result<std::vector<nlohmann::json>> list(const ListQuery& query) override;
  Result<Rollback> rollback(const std::string& namespace_, const std::string& name) override;

  Result<Scale> get_scale(const std::string& namespace_, const std::string& deployment) override;
  Result<Scale> set_scale(const std::string& namespace_, const std::string& deployment,
                          int replicas) override;

  Status logs(const std::string& namespace_, const LogOptions& options,
              const LogSink& sink) override;

 private:
  Result<ResourceType> resource_type(const std::string& api_version, const std::string& kind);
  Result<std::string> object_path(const ObjectRef& ref);
  // Sends and parses a JSON answer; a non-2xx status is an Error.
  Result<nlohmann::json> call(const ApiRequest& request);
  Status stream_pod(const std::string& namespace_, const std::string& pod,
                    const LogOptions& options, const LogSink& sink);

  std::unique_ptr<ApiTransport> m_transport;
  std::string m_namespace;
  Mutex m_discovery_mutex;
  std::map<std::string, ResourceType> m_discovered  // "apps/v1 Deployment"
      GUARDED_BY(m_discovery_mutex);
};

// The Error for a non-2xx answer: the Status object's message when the body
// is one, the HTTP status otherwise.
Error api_error(const ApiReply& reply, const std::string& what);

}  // namespace strata::cluster
