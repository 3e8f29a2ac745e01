#pragma once
// Server: the one HTTP/1.1 server every Strata server runs on. A thread
// per connection up to a limit (beyond it: 503 and close), so a slow client
// only ever holds its own thread; read, write and idle timeouts; body
// limits decided from the headers before reading; 405 with Allow for a
// known path; optional bearer token and TLS; Prometheus /metrics.

#include <atomic>
#include <condition_variable>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <regex>
#include <set>
#include <string>
#include <vector>

#include "http/access.h"
#include "http/audit_log.h"
#include "http/message.h"
#include "http/metrics.h"
#include "util/result.h"

namespace strata::http {

class RequestLoop;

struct ServerOptions {
  std::string host = "127.0.0.1";
  int port = 0;       // 0: any free port
  std::string token;  // empty: no authentication; /health never needs it
  // Named tokens with roles (http/access.h); with any, `token` is one more
  // grant, named "token", with the admin role.
  std::vector<TokenGrant> tokens;
  std::string audit_log;  // a file to append one JSON line per request to; "" for none
  size_t max_body_bytes = 64u << 20;
  size_t max_head_bytes = 64u << 10;
  int read_timeout_ms = 5000;   // a whole request, from its first byte
  int write_timeout_ms = 5000;  // a whole response
  int idle_timeout_ms = 5000;   // a kept-alive connection waiting for its next request
  int max_connections = 512;
  std::string tls_cert;  // PEM files; both set: HTTPS only
  std::string tls_key;
};

using Handler = std::function<void(const Request&, Response&)>;

// A one-line warning when `o` serves beyond this machine without a token;
// empty when it does not.
std::string exposure_warning(const ServerOptions& o);

// "http://127.0.0.1:8000", "https://[::1]:8443": the address a server
// started with `o` answers on once bound to `port`.
std::string listen_url(const ServerOptions& o, int port);

class Server {
 public:
  explicit Server(ServerOptions options);
  ~Server();
  Server(const Server&) = delete;
  Server& operator=(const Server&) = delete;

  // `pattern` is a regular expression over the whole path; its groups
  // become Request::params. With tokens, a caller whose role is below
  // `required` gets 403. Add routes before listen().
  void route(std::string method, std::string pattern, Handler handler,
             Role required = Role::k_reader);

  // Binds the socket and loads the TLS certificate; returns the port.
  Result<int> bind();
  // Serves until stop() is called from another thread.
  Status listen();
  void stop();

  bool tls() const { return !m_options.tls_cert.empty(); }
  const ServerOptions& options() const { return m_options; }
  Metrics& metrics() { return m_metrics; }

 private:
  struct Route {
    std::string method;
    std::string pattern;
    std::regex re;
    Handler handler;
    Role required = Role::k_reader;
  };
  struct Tls;
  class Connection;
  friend class RequestLoop;

  void serve_connection(int fd);
  void dispatch(Request& req, Response& res, std::string& route_label);
  // The caller's grant; nullopt when a token is required and missing or
  // wrong. Without authentication everyone is an anonymous admin.
  std::optional<TokenGrant> authenticate(const Request& req) const;
  void route_request(Request& req, Response& res, std::string& route_label, Role role);
  void audit(const Request& req, const Response& res, const std::string& label,
             const TokenGrant* who);
  void refuse(int fd);

  ServerOptions m_options;
  std::vector<Route> m_routes;
  Metrics m_metrics;
  std::unique_ptr<Tls> m_tls;
  std::unique_ptr<AuditLog> m_audit;  // opened by bind()
  int m_listen_fd = -1;
  int m_wake[2] = {-1, -1};  // stop() writes to [1] to wake the accept loop
  std::atomic<bool> m_stopping{false};
  std::mutex m_mutex;
  std::condition_variable m_idle;
  std::set<int> m_open_fds;  // guarded by m_mutex
};

}  // namespace strata::http
