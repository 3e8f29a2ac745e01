#pragma once
// The wire under the REST adapter: one HTTP request to the API server and
// its answer, or a streamed answer (logs, -f). The real one is
// HttpsTransport (cpp-httplib with OpenSSL); unit tests give RestCluster a
// fake that answers from a table, so the adapter's paths, content types and
// bodies are checked without a server.

#include <functional>
#include <string>
#include <string_view>

#include "util/result.h"

namespace strata::cluster {

struct ApiRequest {
  std::string method;  // GET, PATCH, PUT, POST, DELETE
  std::string path;    // with its query string
  std::string content_type;
  std::string body;
};

struct ApiReply {
  int status = 0;
  std::string body;
};

class ApiTransport {
 public:
  virtual ~ApiTransport() = default;
  // Any HTTP status is a reply; an error means no answer (connection, TLS).
  virtual Result<ApiReply> send(const ApiRequest& request) = 0;
  // Hands the body to `chunk` as it arrives, until the server ends it or
  // `chunk` returns false. A non-2xx answer is an error with its message.
  virtual Status stream(const ApiRequest& request,
                        const std::function<bool(std::string_view)>& chunk) = 0;
};

}  // namespace strata::cluster
