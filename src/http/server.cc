// Design: one accept loop (poll on the listening socket and a wake pipe)
// hands each connection to its own detached thread, up to
// max_connections; past that the connection gets a 503 written without
// waiting and is closed, so a flood of slow clients can neither stall the
// accept loop nor a fast request such as /health. Every read and write
// polls with a deadline first: a request must arrive whole within the read
// timeout of its first byte, a kept-alive connection may idle for the idle
// timeout, and a response must be taken within the write timeout. Bodies
// are checked against the limit from Content-Length before a byte is read,
// and chunked bodies as they arrive. TLS (OpenSSL) wraps the same reads and
// writes; the socket timeouts bound OpenSSL's own blocking calls.

#include "http/server.h"

#include <arpa/inet.h>
#include <fcntl.h>
#include <fmt/format.h>
#include <netdb.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <openssl/err.h>
#include <openssl/ssl.h>
#include <poll.h>
#include <signal.h>
#include <sys/socket.h>
#include <unistd.h>

#include <chrono>
#include <cstring>
#include <thread>

#include "http/errors.h"

namespace strata::http {

using Clock = std::chrono::steady_clock;

struct Server::Tls {
  SSL_CTX* ctx = nullptr;
  ~Tls() {
    if (ctx) SSL_CTX_free(ctx);
  }
};

namespace {

std::string openssl_error() {
  unsigned long e = ERR_get_error();
  if (e == 0) return "unknown TLS error";
  char buf[256];
  ERR_error_string_n(e, buf, sizeof buf);
  return buf;
}

int remaining_ms(Clock::time_point deadline) {
  auto left =
      std::chrono::duration_cast<std::chrono::milliseconds>(deadline - Clock::now()).count();
  return left < 0 ? 0 : static_cast<int>(left);
}

void set_socket_timeout(int fd, int option, int ms) {
  timeval tv{ms / 1000, (ms % 1000) * 1000};
  setsockopt(fd, SOL_SOCKET, option, &tv, sizeof tv);
}

bool is_loopback(const std::string& host) {
  return host == "localhost" || host == "::1" || host.starts_with("127.");
}

std::string render(const Response& res, bool keep_alive) {
  std::string out =
      fmt::format("HTTP/1.1 {} {}\r\nContent-Type: {}\r\nContent-Length: {}\r\nConnection: {}\r\n",
                  res.status, reason_phrase(res.status), res.content_type, res.body.size(),
                  keep_alive ? "keep-alive" : "close");
  for (const auto& [k, v] : res.headers) out += k + ": " + v + "\r\n";
  out += "\r\n";
  out += res.body;
  return out;
}

std::string allowed_methods(const std::vector<std::string>& methods) {
  std::string out;
  for (const auto& m : methods) out += (out.empty() ? "" : ", ") + m;
  return out;
}

}  // namespace

std::string listen_url(const ServerOptions& o, int port) {
  std::string host = o.host.find(':') != std::string::npos ? "[" + o.host + "]" : o.host;
  return fmt::format("{}://{}:{}", o.tls_cert.empty() ? "http" : "https", host, port);
}

std::string exposure_warning(const ServerOptions& o) {
  if (is_loopback(o.host) || !o.token.empty() || !o.tokens.empty()) return {};
  return fmt::format(
      "strata: warning: serving on {} without a token: anyone who can reach this address can read "
      "and "
      "write; pass --token (or bind to 127.0.0.1)",
      o.host);
}

// One client connection: reads and writes with deadlines, over TLS or not.
class Server::Connection {
 public:
  Connection(int fd, SSL* ssl) : m_fd(fd), m_ssl(ssl) {}
  ~Connection() {
    if (m_ssl) SSL_free(m_ssl);
  }

  // Up to `n` bytes before the deadline: > 0 read, 0 end of stream, -1 timeout or error.
  long read(char* buf, size_t n, Clock::time_point deadline) {
    if (!(m_ssl && SSL_pending(m_ssl) > 0)) {
      pollfd p{m_fd, POLLIN, 0};
      int r = ::poll(&p, 1, remaining_ms(deadline));
      if (r <= 0) return -1;
    }
    if (m_ssl) {
      int got = SSL_read(m_ssl, buf, static_cast<int>(std::min<size_t>(n, 1 << 30)));
      return got > 0 ? got : (SSL_get_error(m_ssl, got) == SSL_ERROR_ZERO_RETURN ? 0 : -1);
    }
    ssize_t got = ::recv(m_fd, buf, n, 0);
    return got < 0 ? -1 : got;
  }

  bool write_all(std::string_view data, Clock::time_point deadline) {
    while (!data.empty()) {
      pollfd p{m_fd, POLLOUT, 0};
      if (::poll(&p, 1, remaining_ms(deadline)) <= 0) return false;
      long put = m_ssl ? SSL_write(m_ssl, data.data(),
                                   static_cast<int>(std::min<size_t>(data.size(), 1 << 30)))
                       : ::send(m_fd, data.data(), data.size(), MSG_NOSIGNAL);
      if (put <= 0) return false;
      data.remove_prefix(static_cast<size_t>(put));
    }
    return true;
  }

 private:
  int m_fd;
  SSL* m_ssl;
};

Server::Server(ServerOptions options) : m_options(std::move(options)) {
  route("GET", "/metrics", [this](const Request&, Response& res) {
    res.content_type = "text/plain; version=0.0.4";
    res.body = m_metrics.render();
  });
}

Server::~Server() {
  if (m_listen_fd >= 0) ::close(m_listen_fd);
  for (int fd : m_wake)
    if (fd >= 0) ::close(fd);
}

void Server::route(std::string method, std::string pattern, Handler handler, Role required) {
  std::regex re(pattern);
  m_routes.push_back(
      {std::move(method), std::move(pattern), std::move(re), std::move(handler), required});
}

Result<int> Server::bind() {
  if (!m_options.audit_log.empty() && !m_audit) {
    auto log = AuditLog::open(m_options.audit_log);
    if (!log) return log.error();
    m_audit = std::move(*log);
  }
  if (tls()) {
    if (m_options.tls_key.empty())
      return Error("--tls-cert needs --tls-key", {}, "pass the certificate's private key file");
    m_tls = std::make_unique<Tls>();
    m_tls->ctx = SSL_CTX_new(TLS_server_method());
    SSL_CTX_set_min_proto_version(m_tls->ctx, TLS1_2_VERSION);
    if (SSL_CTX_use_certificate_chain_file(m_tls->ctx, m_options.tls_cert.c_str()) != 1)
      return Error(fmt::format("cannot load the TLS certificate: {}", openssl_error()),
                   {m_options.tls_cert}, "pass a PEM certificate (chain) with --tls-cert");
    if (SSL_CTX_use_PrivateKey_file(m_tls->ctx, m_options.tls_key.c_str(), SSL_FILETYPE_PEM) != 1 ||
        SSL_CTX_check_private_key(m_tls->ctx) != 1)
      return Error(fmt::format("cannot load the TLS key: {}", openssl_error()), {m_options.tls_key},
                   "pass the PEM private key that matches --tls-cert with --tls-key");
  } else if (!m_options.tls_key.empty()) {
    return Error("--tls-key needs --tls-cert", {}, "pass the certificate file too");
  }
  addrinfo hints{};
  hints.ai_family = AF_UNSPEC;
  hints.ai_socktype = SOCK_STREAM;
  hints.ai_flags = AI_PASSIVE | AI_NUMERICSERV;
  addrinfo* found = nullptr;
  std::string port = std::to_string(m_options.port);
  if (getaddrinfo(m_options.host.c_str(), port.c_str(), &hints, &found) != 0 || !found)
    return Error(fmt::format("cannot resolve the address '{}'", m_options.host), {},
                 "pass --host 127.0.0.1");
  // Non-blocking, so a client that resets between poll and accept cannot
  // block the accept loop.
  int fd = ::socket(found->ai_family, SOCK_STREAM | SOCK_CLOEXEC | SOCK_NONBLOCK, 0);
  int one = 1;
  setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
  bool bound =
      fd >= 0 && ::bind(fd, found->ai_addr, found->ai_addrlen) == 0 && ::listen(fd, 1024) == 0;
  freeaddrinfo(found);
  if (!bound) {
    if (fd >= 0) ::close(fd);
    return Error(fmt::format("cannot listen on {}:{}: {}", m_options.host, m_options.port,
                             std::strerror(errno)),
                 {},
                 "is another server using the port? pick another with --port (0 picks a free one)")
        .of(ErrorKind::k_unavailable);
  }
  m_listen_fd = fd;
  sockaddr_storage addr{};
  socklen_t len = sizeof addr;
  getsockname(fd, reinterpret_cast<sockaddr*>(&addr), &len);
  int chosen = addr.ss_family == AF_INET6 ? ntohs(reinterpret_cast<sockaddr_in6*>(&addr)->sin6_port)
                                          : ntohs(reinterpret_cast<sockaddr_in*>(&addr)->sin_port);
  if (::pipe2(m_wake, O_CLOEXEC) != 0) return Error("cannot create a pipe").of(ErrorKind::k_io);
  return chosen;
}

void Server::stop() {
  m_stopping = true;
  if (m_wake[1] >= 0) {
    char c = 1;
    [[maybe_unused]] auto n = ::write(m_wake[1], &c, 1);
  }
}

void Server::refuse(int fd) {
  m_metrics.refused();
  // Non-blocking and best effort: a refused client must not hold the
  // accept loop. A TLS client cannot read plain text, so it is just closed.
  if (!tls()) {
    static const std::string k_busy = [] {
      Response res;
      send_error(res, 503, Error("too many open connections", {}, "retry in a moment"));
      res.set_header("Retry-After", "1");
      return render(res, false);
    }();
    fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) | O_NONBLOCK);
    [[maybe_unused]] auto n = ::send(fd, k_busy.data(), k_busy.size(), MSG_NOSIGNAL);
  }
  ::close(fd);
}

Status Server::listen() {
  if (m_listen_fd < 0) return Error("listen() before bind()").of(ErrorKind::k_internal);
  signal(SIGPIPE,
         SIG_IGN);  // OpenSSL writes with write(2); a vanished client must not kill the server
  while (!m_stopping) {
    pollfd p[2] = {{m_listen_fd, POLLIN, 0}, {m_wake[0], POLLIN, 0}};
    if (::poll(p, 2, -1) < 0) {
      if (errno == EINTR) continue;
      return Error(fmt::format("the HTTP server stopped: {}", std::strerror(errno)))
          .of(ErrorKind::k_io);
    }
    if (m_stopping || !(p[0].revents & POLLIN)) continue;
    int fd = ::accept4(m_listen_fd, nullptr, nullptr, SOCK_CLOEXEC);
    if (fd < 0) {
      // Out of descriptors: back off briefly instead of spinning.
      if (errno == EMFILE || errno == ENFILE)
        std::this_thread::sleep_for(std::chrono::milliseconds(10));
      continue;
    }
    {
      std::lock_guard lock(m_mutex);
      if (static_cast<int>(m_open_fds.size()) >= m_options.max_connections) {
        refuse(fd);
        continue;
      }
      m_open_fds.insert(fd);
    }
    m_metrics.opened();
    std::thread([this, fd] { serve_connection(fd); }).detach();
  }
  // Wake every connection thread and wait for them to finish.
  std::unique_lock lock(m_mutex);
  for (int fd : m_open_fds) ::shutdown(fd, SHUT_RDWR);
  m_idle.wait(lock, [this] { return m_open_fds.empty(); });
  return ok_status();
}

std::optional<TokenGrant> Server::authenticate(const Request& req) const {
  bool named = !m_options.tokens.empty();
  if (!named && m_options.token.empty()) return TokenGrant{"anonymous", Role::k_admin, ""};
  std::string_view auth = req.header("Authorization").value_or("");
  std::string_view given = auth.starts_with("Bearer ") ? auth.substr(7) : std::string_view();
  if (const TokenGrant* g = find_grant(m_options.tokens, given)) return *g;
  // The single --token: constant time too (find_grant compares that way).
  if (!m_options.token.empty() && find_grant({{"token", Role::k_admin, m_options.token}}, given))
    return TokenGrant{"token", Role::k_admin, ""};
  return std::nullopt;
}

void Server::dispatch(Request& req, Response& res, std::string& route_label) {
  route_label = "unmatched";
  if (req.path == "/health") return route_request(req, res, route_label, Role::k_admin);
  auto who = authenticate(req);
  if (!who) {
    res.set_header("WWW-Authenticate", "Bearer");
    send_error(res, 401,
               Error("missing or wrong bearer token", {}, "send 'Authorization: Bearer TOKEN'"));
  } else {
    route_request(req, res, route_label, who->role);
  }
  audit(req, res, route_label, who ? &*who : nullptr);
}

void Server::audit(const Request& req, const Response& res, const std::string& label,
                   const TokenGrant* who) {
  if (!m_audit) return;
  AuditEntry e;
  e.time_ms = std::chrono::duration_cast<std::chrono::milliseconds>(
                  std::chrono::system_clock::now().time_since_epoch())
                  .count();
  e.who = who ? who->name : "-";
  e.role = who ? std::string(to_string(who->role)) : "";
  e.method = req.method;
  e.path = req.path;
  e.route = label;
  e.status = res.status;
  e.outcome = res.status == 401   ? "unauthenticated"
              : res.status == 403 ? "denied"
              : res.status < 400  ? "ok"
                                  : "error";
  m_audit->record(std::move(e));
}

void Server::route_request(Request& req, Response& res, std::string& route_label, Role role) {
  std::vector<std::string> allowed;
  for (const auto& r : m_routes) {
    std::smatch m;
    if (!std::regex_match(req.path, m, r.re)) continue;
    if (r.method != req.method) {
      allowed.push_back(r.method);
      continue;
    }
    route_label = r.pattern;
    if (role < r.required)
      return send_error(res, 403,
                        Error(fmt::format("{} {} needs the {} role; this token is a {}", req.method,
                                          req.path, to_string(r.required), to_string(role)),
                              {}, "use a token with that role"));
    for (size_t i = 1; i < m.size(); ++i) req.params.push_back(m[i].str());
    req.role = role;
    try {
      r.handler(req, res);
    } catch (const std::exception& e) {
      res = Response();
      send_error(res, 500, Error(std::string("internal error: ") + e.what()));
    }
    return;
  }
  if (allowed.empty())
    return send_error(res, 404, Error(fmt::format("no route {} {}", req.method, req.path)));
  res.set_header("Allow", allowed_methods(allowed));
  send_error(res, 405,
             Error(fmt::format("{} is not allowed on {}", req.method, req.path), {},
                   "allowed: " + allowed_methods(allowed)));
}

// Reads and answers the requests of one connection, in order, until the
// client closes, a timeout passes, or a request cannot be read whole.
class RequestLoop {
 public:
  RequestLoop(const ServerOptions& o, Metrics& metrics, int fd, Server::Connection& conn,
              const std::atomic<bool>& stopping,
              std::function<void(Request&, Response&, std::string&)> dispatch)
      : m_o(o),
        m_metrics(metrics),
        m_fd(fd),
        m_conn(conn),
        m_stopping(stopping),
        m_dispatch(std::move(dispatch)) {}

  void run() {
    bool first = true;
    while (!m_stopping) {
      if (m_buf.empty() &&
          !fill(Clock::now() +
                std::chrono::milliseconds(first ? m_o.read_timeout_ms : m_o.idle_timeout_ms)))
        return;  // idle or never spoke: closed without an answer
      first = false;
      m_start = Clock::now();
      m_deadline = m_start + std::chrono::milliseconds(m_o.read_timeout_ms);
      Request req;
      if (!read_request(req)) return;
      Response res;
      std::string label;
      m_dispatch(req, res, label);
      bool keep = wants_keep_alive(req) && !m_stopping;
      if (!answer(res, label, req.method, keep) || !keep) return;
    }
  }

 private:
  // Appends what arrives before the deadline; false on end, timeout or error.
  bool fill(Clock::time_point deadline, long* got = nullptr) {
    char chunk[16384];
    long n = m_conn.read(chunk, sizeof chunk, deadline);
    if (got) *got = n;
    if (n <= 0) return false;
    m_buf.append(chunk, static_cast<size_t>(n));
    return true;
  }

  // More bytes of the current request; on timeout answers 408.
  bool more() {
    long got = 0;
    if (fill(m_deadline, &got)) return true;
    if (got < 0) fail(408, "the request did not arrive within the read timeout");
    return false;
  }

  bool answer(const Response& res, const std::string& label, const std::string& method, bool keep) {
    auto secs = std::chrono::duration<double>(Clock::now() - m_start).count();
    m_metrics.record(label, method_label_of(method), res.status, secs);
    return m_conn.write_all(render(res, keep),
                            Clock::now() + std::chrono::milliseconds(m_o.write_timeout_ms));
  }

  // Known methods only, so metric labels stay bounded.
  static std::string method_label_of(const std::string& m) {
    for (const char* known : {"GET", "HEAD", "POST", "PUT", "DELETE", "PATCH", "OPTIONS"})
      if (m == known) return m;
    return "other";
  }

  // Answers an unreadable request and closes: the rest of its bytes are
  // read and dropped for up to a second first, so the client sees the
  // answer rather than a reset.
  bool fail(int status, std::string message, std::string hint = {}) {
    Response res;
    send_error(res, status, Error(std::move(message), {}, std::move(hint)));
    if (answer(res, "unmatched", m_method, false)) {
      ::shutdown(m_fd, SHUT_WR);
      auto until = Clock::now() + std::chrono::seconds(1);
      char sink[16384];
      size_t dropped = 0;
      while (dropped < (64u << 20)) {
        long n = m_conn.read(sink, sizeof sink, until);
        if (n <= 0) break;
        dropped += static_cast<size_t>(n);
      }
    }
    return false;
  }

  bool read_request(Request& req) {
    size_t head_end;
    while ((head_end = m_buf.find("\r\n\r\n")) == std::string::npos) {
      if (m_buf.size() > m_o.max_head_bytes)
        return fail(431, "the request's headers are too large");
      if (!more()) return false;
    }
    if (head_end > m_o.max_head_bytes) return fail(431, "the request's headers are too large");
    if (auto e = parse_head(std::string_view(m_buf).substr(0, head_end + 2), req))
      return fail(e->status, e->message);
    m_method = req.method;
    auto framing = body_framing(req);
    if (auto* e = std::get_if<HeadError>(&framing)) return fail(e->status, e->message);
    const auto& f = std::get<BodyFraming>(framing);
    m_buf.erase(0, head_end + 4);
    if (!f.chunked && f.length > m_o.max_body_bytes) return too_large();
    bool expects = req.header("Expect") && iequals(*req.header("Expect"), "100-continue");
    if (expects && (f.chunked || f.length > m_buf.size()) &&
        !m_conn.write_all("HTTP/1.1 100 Continue\r\n\r\n",
                          Clock::now() + std::chrono::milliseconds(m_o.write_timeout_ms)))
      return false;
    return f.chunked ? read_chunked(req) : read_sized(req, static_cast<size_t>(f.length));
  }

  bool too_large() {
    return fail(413,
                fmt::format("the request body is larger than the server accepts ({} bytes)",
                            m_o.max_body_bytes),
                "send a smaller body, or raise the server's limit (--max-body-mb)");
  }

  bool read_sized(Request& req, size_t length) {
    while (m_buf.size() < length)
      if (!more()) return false;
    req.body = m_buf.substr(0, length);
    m_buf.erase(0, length);
    return true;
  }

  bool read_chunked(Request& req) {
    ChunkedDecoder decoder(m_o.max_body_bytes);
    while (true) {
      size_t used = 0;
      auto state = decoder.feed(m_buf, used, req.body);
      m_buf.erase(0, used);
      if (state == ChunkedDecoder::State::k_done) return true;
      if (state == ChunkedDecoder::State::k_too_large) return too_large();
      if (state == ChunkedDecoder::State::k_malformed) return fail(400, "malformed chunked body");
      if (!more()) return false;
    }
  }

  const ServerOptions& m_o;
  Metrics& m_metrics;
  int m_fd;
  Server::Connection& m_conn;
  const std::atomic<bool>& m_stopping;
  std::function<void(Request&, Response&, std::string&)> m_dispatch;
  std::string m_buf;
  std::string m_method = "other";
  Clock::time_point m_start = Clock::now();
  Clock::time_point m_deadline = Clock::now();
};

void Server::serve_connection(int fd) {
  int one = 1;
  // Headers and body go out in one write, but without TCP_NODELAY a second
  // response on the connection can wait for the client's delayed ACK.
  setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
  // Bounds for OpenSSL's own blocking reads and writes (the handshake).
  set_socket_timeout(fd, SO_RCVTIMEO, m_options.read_timeout_ms);
  set_socket_timeout(fd, SO_SNDTIMEO, m_options.write_timeout_ms);
  SSL* ssl = nullptr;
  bool ready = true;
  if (m_tls) {
    ssl = SSL_new(m_tls->ctx);
    ready = ssl && SSL_set_fd(ssl, fd) == 1 && SSL_accept(ssl) == 1;
  }
  {
    Connection conn(fd, ssl);
    if (ready) {
      RequestLoop loop(
          m_options, m_metrics, fd, conn, m_stopping,
          [this](Request& req, Response& res, std::string& label) { dispatch(req, res, label); });
      loop.run();
    }
    if (ssl && ready) SSL_shutdown(ssl);
  }
  ERR_clear_error();  // OpenSSL's error queue is per thread; leave it empty
  m_metrics.closed();
  std::lock_guard lock(m_mutex);
  m_open_fds.erase(fd);
  ::close(fd);  // under the lock, so stop() never shuts down a reused descriptor
  m_idle.notify_all();
}

}  // namespace strata::http
