#pragma once
// ApiTransport over cpp-httplib with OpenSSL: the server's CA from the
// kubeconfig (PEM in memory), a bearer token or a client certificate. One
// keep-alive connection serves the plain requests; each stream opens its
// own, so following several pods' logs runs in parallel.

#include <memory>

#include "cluster/api_transport.h"
#include "cluster/kubeconfig.h"
#include "util/mutex.h"

namespace httplib {
class ClientImpl;
class SSLClient;
}  // namespace httplib

namespace strata::cluster {

// The parts of a kubeconfig's server URL.
struct Endpoint {
  bool tls = true;
  std::string host;
  int port = 443;
  std::string prefix;  // a path the API server sits under
};
Result<Endpoint> parse_server(const std::string& server);

class HttpsTransport final : public ApiTransport {
 public:
  // Checks the server URL and the PEM blocks; no connection yet.
  static Result<std::unique_ptr<HttpsTransport>> open(const KubeConfig& config, int timeout_ms);
  ~HttpsTransport() override;

  Result<ApiReply> send(const ApiRequest& request) override;
  Status stream(const ApiRequest& request,
                const std::function<bool(std::string_view)>& chunk) override;

 private:
  HttpsTransport(KubeConfig config, int timeout_ms);
  Result<std::unique_ptr<httplib::ClientImpl>> make_client(bool streaming) const;
  Result<std::unique_ptr<httplib::SSLClient>> make_ssl_client(const Endpoint& ep) const;

  KubeConfig m_config;
  int m_timeout_ms;
  std::string m_prefix;
  Mutex m_mutex;  // one request at a time on m_client
  std::unique_ptr<httplib::ClientImpl> m_client GUARDED_BY(m_mutex);
};

}  // namespace strata::cluster
