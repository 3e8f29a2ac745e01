#pragma once
// RegistryApi: the model registry as a JSON HTTP API on the HTTP layer
// (http/server.h), whose named tokens carry a role: reader (GET), writer
// (promote and roll back through the gates), admin (also "force" past the
// gates, and webhook subscriptions); the server checks each route's role
// and writes its audit log. Alias moves made here are delivered to the
// webhooks like the command line's. docs/commands/model.md.

#include <mutex>
#include <string>
#include <vector>

#include "http/access.h"
#include "http/server.h"
#include "ml/pipeline.h"
#include "registry/model_registry.h"
#include "registry/webhooks.h"
#include "util/result.h"

namespace strata::ml {

// The deprecated STRATA_REGISTRY_TOKENS form, "reader:TOKEN,writer:TOKEN2",
// as named grants: each named by its role and position ("writer-2"), which
// is what the audit log shows for it.
Result<std::vector<http::TokenGrant>> legacy_token_grants(const std::string& spec);

class RegistryApi {
 public:
  // `options.tokens` (and `options.audit_log`) decide who may do what.
  RegistryApi(MLPipeline& pipeline, registry::ModelRegistry& registry,
              registry::WebhookTransport& webhooks, http::ServerOptions options);

  Result<int> bind() { return m_server.bind(); }
  Status listen() { return m_server.listen(); }
  void stop() { m_server.stop(); }

 private:
  void routes();
  void moved(const registry::AliasEvent& event);

  MLPipeline& m_pipeline;
  registry::ModelRegistry& m_registry;
  registry::WebhookTransport& m_webhooks;
  http::Server m_server;
  std::mutex m_mutex;  // one database connection: requests take turns
};

}  // namespace strata::ml
