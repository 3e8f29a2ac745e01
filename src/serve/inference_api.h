#pragma once
// InferenceApi: the KServe v2 Open Inference Protocol over HTTP on the
// shared server layer (src/http: timeouts, limits, token, /metrics), plus
// Triton-style repository endpoints to reload a model (pick up a moved
// alias) and to roll back. Errors answer {"error": "..."}, as KServe
// clients expect.

#include <string>

#include "http/server.h"
#include "serve/served_models.h"

namespace strata::serve {

class InferenceApi {
 public:
  InferenceApi(ServedModels& models, http::ServerOptions options);

  Result<int> bind() { return m_server.bind(); }
  Status listen() { return m_server.listen(); }
  void stop() { m_server.stop(); }
  http::Server& server() { return m_server; }

 private:
  void routes();
  void infer(const http::Request& req, http::Response& res, const std::string& name,
             const std::string& version);
  void metadata(http::Response& res, const std::string& name, const std::string& version);

  ServedModels& m_models;
  http::Server m_server;
};

// {"error": message} with the status of the error's kind.
void send_v2_error(http::Response& res, const Error& e);

}  // namespace strata::serve
