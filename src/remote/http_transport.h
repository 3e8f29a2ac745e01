#pragma once
// RemoteTransport over HTTP(S) with cpp-httplib: basic auth from the URL or
// a bearer token, connect/read/write timeouts, keep-alive connections.
// cpp-httplib loads OpenSSL's TLS, so this class lives in the "remote-http"
// plugin (strata-remote-http.so); the binary reaches it through
// load_http_transport (remote/remote_connection.h) once a remote cache is
// configured.

#include <filesystem>
#include <memory>
#include <mutex>

#include "remote/remote_settings.h"
#include "remote/transport.h"

namespace httplib {
class Client;
}

namespace strata::remote {

class HttpTransport : public RemoteTransport {
 public:
  HttpTransport(const RemoteUrl& url, const RemoteSettings& settings);
  ~HttpTransport() override;

  Result<std::optional<std::string>> get(const std::string& path, uint64_t max_bytes) override;
  Status put(const std::string& path, std::string_view body) override;

 private:
  std::unique_ptr<httplib::Client> make_client() const;

  RemoteUrl m_url;
  std::string m_token;
  int m_timeout_ms;
  // Downloads run on the scheduler's thread and uploads on a worker: one
  // connection each, so a slow upload never holds up a lookup.
  std::mutex m_get_mutex, m_put_mutex;
  std::unique_ptr<httplib::Client> m_get_client, m_put_client;
};

}  // namespace strata::remote
