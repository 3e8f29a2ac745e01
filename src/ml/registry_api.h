#pragma once
// RegistryApi: the model registry as a JSON HTTP API on the HTTP layer
// (http/server.h), with bearer tokens carrying a role: reader (GET),
// writer (promote and roll back through the gates), admin (also --force
// past the gates, and webhook subscriptions). Alias moves made here are
// delivered to the webhooks like the command line's. docs/commands/model.md.

#include <map>
#include <mutex>
#include <string>

#include "http/server.h"
#include "ml/pipeline.h"
#include "registry/model_registry.h"
#include "registry/webhooks.h"
#include "util/result.h"

namespace strata::ml {

enum class Role { k_reader = 1, k_writer = 2, k_admin = 3 };

// "reader:TOKEN,writer:TOKEN2" (STRATA_REGISTRY_TOKENS) -> token -> role.
Result<std::map<std::string, Role>> parse_tokens(const std::string& spec);

class RegistryApi {
 public:
  // The server's own token must be empty: roles are checked here.
  RegistryApi(MLPipeline& pipeline, registry::ModelRegistry& registry,
              registry::WebhookTransport& webhooks, std::map<std::string, Role> tokens,
              http::ServerOptions options);

  Result<int> bind() { return m_server.bind(); }
  Status listen() { return m_server.listen(); }
  void stop() { m_server.stop(); }

 private:
  void routes();
  // Answers 401/403 and returns false when the request's token lacks `need`.
  bool allowed(const http::Request& req, http::Response& res, Role need,
               Role* role = nullptr) const;
  void moved(const registry::AliasEvent& event);

  MLPipeline& m_pipeline;
  registry::ModelRegistry& m_registry;
  registry::WebhookTransport& m_webhooks;
  std::map<std::string, Role> m_tokens;
  http::Server m_server;
  std::mutex m_mutex;  // one database connection: requests take turns
};

}  // namespace strata::ml
