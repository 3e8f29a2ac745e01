#pragma once
// HttpApi: the vector store as a JSON HTTP API (docs/commands/vec.md) on
// the HTTP layer (http/server.h): GET /health, GET /metrics, GET/POST
// /v1/collections, GET/DELETE /v1/collections/NAME and POST
// /v1/collections/NAME/{upsert,get,delete,count,query}. Errors answer
// {"error": {"code", "message", "hint"}} with the status of the error's
// kind; answers whose filter compared mismatched types carry "warnings".

#include <memory>
#include <string>

#include "http/server.h"
#include "util/result.h"
#include "vector/vector_store.h"

namespace strata::vec {

using HttpOptions = http::ServerOptions;

class HttpApi {
 public:
  HttpApi(VectorStore& store, HttpOptions options);
  ~HttpApi();

  // Binds the socket; returns the port (the chosen one when asked for 0).
  Result<int> bind() { return m_server.bind(); }
  // Serves until stop() is called from another thread.
  Status listen() { return m_server.listen(); }
  void stop() { m_server.stop(); }

 private:
  void routes();

  VectorStore& m_store;
  http::Server m_server;
};

}  // namespace strata::vec
