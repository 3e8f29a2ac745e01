#pragma once
// HttpApi: the vector store as a JSON HTTP API (docs/commands/vec.md):
// GET /health, GET/POST /v1/collections, GET /v1/collections/NAME and POST
// /v1/collections/NAME/{upsert,get,delete,count,query}. Bad requests get a
// 4xx answer with {"error": {"code", "message", "hint"}}; bodies over the
// size limit get 413; with a token set, every route but /health needs
// "Authorization: Bearer TOKEN".

#include <memory>
#include <string>

#include "util/result.h"
#include "vector/vector_store.h"

namespace httplib {
class Server;
}

namespace strata::vec {

struct HttpOptions {
  std::string host = "127.0.0.1";
  int port = 8765;  // 0: any free port
  std::string token;  // empty: no authentication
  size_t max_body_bytes = 64u << 20;
  int threads = 8;
};

class HttpApi {
 public:
  HttpApi(VectorStore& store, HttpOptions options);
  ~HttpApi();

  // Binds the socket; returns the port (the chosen one when asked for 0).
  Result<int> bind();
  // Serves until stop() is called from another thread.
  Status listen();
  void stop();

 private:
  void routes();

  VectorStore& m_store;
  HttpOptions m_options;
  std::unique_ptr<httplib::Server> m_server;
};

}  // namespace strata::vec
