// The server over real sockets on 127.0.0.1: each test starts one on a free
// port with short timeouts and talks raw HTTP to it, so half-sent requests
// and lying headers can be written exactly.

#include "http/server.h"

#include <arpa/inet.h>
#include <gtest/gtest.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <fstream>
#include <nlohmann/json.hpp>
#include <thread>

#include "http/errors.h"

namespace strata::http {
namespace {

class Running {
 public:
  explicit Running(ServerOptions o) : m_server(std::move(o)) {
    m_server.route("GET", "/health",
                   [](const Request&, Response& res) { send_json(res, 200, {{"status", "ok"}}); });
    m_server.route("POST", "/echo", [](const Request& req, Response& res) {
      send_json(res, 200, {{"bytes", req.body.size()}});
    });
    m_server.route("DELETE", "/things/([a-z]+)", [](const Request& req, Response& res) {
      send_json(res, 200, {{"deleted", req.params.at(0)}});
    });
    m_server.route("GET", "/things/([a-z]+)", [](const Request& req, Response& res) {
      send_error(res, Error("no thing '" + req.params.at(0) + "'").of(ErrorKind::k_not_found));
    });
    m_server.route("GET", "/whoami", [](const Request& req, Response& res) {
      send_json(res, 200, {{"role", std::string(to_string(req.role))}});
    });
    m_server.route(
        "PUT", "/settings",
        [](const Request&, Response& res) { send_json(res, 200, {{"set", true}}); }, Role::k_admin);
    auto port = m_server.bind();
    EXPECT_TRUE(port.ok());
    m_port = port.ok() ? *port : 0;
    m_thread = std::thread([this] { (void)m_server.listen(); });
  }
  ~Running() {
    m_server.stop();
    m_thread.join();
  }
  int port() const { return m_port; }

 private:
  Server m_server;
  int m_port = 0;
  std::thread m_thread;
};

int connect_to(int port) {
  int fd = ::socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in a{};
  a.sin_family = AF_INET;
  a.sin_port = htons(static_cast<uint16_t>(port));
  a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  EXPECT_EQ(::connect(fd, reinterpret_cast<sockaddr*>(&a), sizeof a), 0);
  return fd;
}

void send_all(int fd, std::string_view data) {
  while (!data.empty()) {
    ssize_t n = ::send(fd, data.data(), data.size(), MSG_NOSIGNAL);
    if (n <= 0) return;
    data.remove_prefix(static_cast<size_t>(n));
  }
}

// Everything the server sends until it closes, or until `ms` pass.
std::string read_until_close(int fd, int ms = 10000) {
  std::string out;
  char buf[4096];
  while (true) {
    pollfd p{fd, POLLIN, 0};
    if (::poll(&p, 1, ms) <= 0) break;
    ssize_t n = ::recv(fd, buf, sizeof buf, 0);
    if (n <= 0) break;
    out.append(buf, static_cast<size_t>(n));
  }
  return out;
}

// One request on a fresh connection that asks to be closed after it.
std::string exchange(int port, const std::string& request) {
  int fd = connect_to(port);
  send_all(fd, request);
  std::string out = read_until_close(fd);
  ::close(fd);
  return out;
}

ServerOptions quick() {
  ServerOptions o;
  o.host = "127.0.0.1";
  o.read_timeout_ms = 300;
  o.idle_timeout_ms = 300;
  o.max_body_bytes = 1024;
  return o;
}

TEST(Server, AnswersRoutesWithParams) {
  Running s(quick());
  std::string out = exchange(s.port(), "DELETE /things/abc HTTP/1.1\r\nConnection: close\r\n\r\n");
  EXPECT_TRUE(out.starts_with("HTTP/1.1 200 OK\r\n")) << out;
  EXPECT_NE(out.find("{\"deleted\":\"abc\"}"), std::string::npos) << out;
}

TEST(Server, WrongMethodIs405WithAllow) {
  Running s(quick());
  std::string out = exchange(s.port(), "PUT /things/abc HTTP/1.1\r\nConnection: close\r\n\r\n");
  EXPECT_TRUE(out.starts_with("HTTP/1.1 405 ")) << out;
  EXPECT_NE(out.find("Allow: DELETE, GET\r\n"), std::string::npos) << out;
  out = exchange(s.port(), "GET /nowhere HTTP/1.1\r\nConnection: close\r\n\r\n");
  EXPECT_TRUE(out.starts_with("HTTP/1.1 404 ")) << out;
}

TEST(Server, ErrorKindPicksTheStatus) {
  Running s(quick());
  std::string out = exchange(s.port(), "GET /things/abc HTTP/1.1\r\nConnection: close\r\n\r\n");
  EXPECT_TRUE(out.starts_with("HTTP/1.1 404 ")) << out;
  EXPECT_NE(out.find("\"code\":\"not_found\""), std::string::npos) << out;
}

TEST(Server, HugeContentLengthIsRefusedBeforeAnyBody) {
  Running s(quick());
  int fd = connect_to(s.port());
  send_all(fd, "POST /echo HTTP/1.1\r\nContent-Length: 99999999999\r\n\r\n");
  std::string out = read_until_close(fd);
  ::close(fd);
  EXPECT_TRUE(out.starts_with("HTTP/1.1 413 ")) << out;
  EXPECT_NE(out.find("payload_too_large"), std::string::npos);
}

TEST(Server, AnyContentTypeMayUseTheWholeLimit) {
  Running s(quick());
  std::string body(1000, 'a');
  std::string out = exchange(s.port(),
                             "POST /echo HTTP/1.1\r\nConnection: close\r\nContent-Type: "
                             "application/x-www-form-urlencoded\r\n"
                             "Content-Length: 1000\r\n\r\n" +
                                 body);
  EXPECT_NE(out.find("{\"bytes\":1000}"), std::string::npos) << out;
}

TEST(Server, ChunkedBodiesAreDecodedAndCounted) {
  Running s(quick());
  std::string out =
      exchange(s.port(),
               "POST /echo HTTP/1.1\r\nConnection: close\r\nTransfer-Encoding: chunked\r\n\r\n"
               "3\r\nabc\r\n2\r\nde\r\n0\r\n\r\n");
  EXPECT_NE(out.find("{\"bytes\":5}"), std::string::npos) << out;
  out = exchange(s.port(), "POST /echo HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n400\r\n" +
                               std::string(1024, 'x') + "\r\n1\r\n");
  EXPECT_TRUE(out.starts_with("HTTP/1.1 413 ")) << out;
}

TEST(Server, HalfARequestIsDroppedAfterTheReadTimeout) {
  Running s(quick());
  int fd = connect_to(s.port());
  send_all(fd, "GET /health HTTP/1.1\r\nHost: x\r\n");  // and never the blank line
  std::string out = read_until_close(fd);               // the server ends it; 10 s bound
  ::close(fd);
  EXPECT_TRUE(out.starts_with("HTTP/1.1 408 ")) << out;
}

TEST(Server, IdleKeptAliveConnectionsAreClosed) {
  Running s(quick());
  int fd = connect_to(s.port());
  send_all(fd, "GET /health HTTP/1.1\r\n\r\n");  // keep-alive by default, then silence
  char buf[4096];
  ssize_t n = ::recv(fd, buf, sizeof buf, 0);
  ASSERT_GT(n, 0);
  EXPECT_TRUE(std::string_view(buf, static_cast<size_t>(n)).starts_with("HTTP/1.1 200 "));
  pollfd p{fd, POLLIN, 0};
  ASSERT_EQ(::poll(&p, 1, 10000), 1) << "the idle connection was not closed";
  EXPECT_EQ(::recv(fd, buf, sizeof buf, 0), 0) << "the server closes it without another answer";
  ::close(fd);
}

TEST(Server, SlowClientsDoNotHoldOthersUp) {
  Running s(quick());
  std::vector<int> slow;
  for (int i = 0; i < 20; ++i) {
    slow.push_back(connect_to(s.port()));
    send_all(slow.back(), "POST /echo HTTP/1.1\r\nContent-Le");
  }
  std::string out = exchange(s.port(), "GET /health HTTP/1.1\r\nConnection: close\r\n\r\n");
  EXPECT_TRUE(out.starts_with("HTTP/1.1 200 ")) << out;
  for (int fd : slow) ::close(fd);
}

TEST(Server, ConnectionsOverTheLimitGet503) {
  ServerOptions o = quick();
  o.max_connections = 2;
  o.idle_timeout_ms = o.read_timeout_ms = 5000;
  Running s(o);
  int a = connect_to(s.port()), b = connect_to(s.port());
  // Make sure both are being served before the third arrives.
  send_all(a, "GET /health HTTP/1.1\r\n\r\n");
  send_all(b, "GET /health HTTP/1.1\r\n\r\n");
  char buf[512];
  EXPECT_GT(::recv(a, buf, sizeof buf, 0), 0);
  EXPECT_GT(::recv(b, buf, sizeof buf, 0), 0);
  std::string out = exchange(s.port(), "GET /health HTTP/1.1\r\n\r\n");
  EXPECT_TRUE(out.starts_with("HTTP/1.1 503 ")) << out;
  ::close(a);
  ::close(b);
}

TEST(Server, TokenGuardsEverythingButHealth) {
  ServerOptions o = quick();
  o.token = "s3cret";
  Running s(o);
  EXPECT_TRUE(exchange(s.port(), "GET /health HTTP/1.1\r\nConnection: close\r\n\r\n")
                  .starts_with("HTTP/1.1 200 "));
  EXPECT_TRUE(exchange(s.port(), "GET /metrics HTTP/1.1\r\nConnection: close\r\n\r\n")
                  .starts_with("HTTP/1.1 401 "));
  EXPECT_TRUE(
      exchange(s.port(),
               "GET /metrics HTTP/1.1\r\nConnection: close\r\nAuthorization: Bearer s3cret\r\n\r\n")
          .starts_with("HTTP/1.1 200 "));
  EXPECT_TRUE(
      exchange(s.port(),
               "GET /metrics HTTP/1.1\r\nConnection: close\r\nAuthorization: Bearer s3cre\r\n\r\n")
          .starts_with("HTTP/1.1 401 "));
}

TEST(Server, RolesRefuseWithWhatIsNeededAndEveryRequestIsAudited) {
  ServerOptions o = quick();
  o.tokens = {{"reporting", Role::k_reader, "r-token"}, {"ops", Role::k_admin, "a-token"}};
  o.audit_log = ::testing::TempDir() + "strata-audit-" + std::to_string(::getpid()) + ".log";
  std::remove(o.audit_log.c_str());
  {
    Running s(o);
    auto put = [&](const char* token) {
      return exchange(
          s.port(),
          std::string("PUT /settings HTTP/1.1\r\nConnection: close\r\nContent-Length: 0\r\n") +
              "Authorization: Bearer " + token + "\r\n\r\n");
    };
    std::string denied = put("r-token");
    EXPECT_TRUE(denied.starts_with("HTTP/1.1 403 ")) << denied;
    EXPECT_NE(denied.find("needs the admin role"), std::string::npos);
    EXPECT_EQ(denied.find("r-token"), std::string::npos);
    EXPECT_TRUE(put("a-token").starts_with("HTTP/1.1 200 "));
    EXPECT_TRUE(put("wrong").starts_with("HTTP/1.1 401 "));
    EXPECT_TRUE(
        exchange(
            s.port(),
            "GET /metrics HTTP/1.1\r\nConnection: close\r\nAuthorization: Bearer r-token\r\n\r\n")
            .starts_with("HTTP/1.1 200 "));
  }
  std::ifstream in(o.audit_log);
  std::vector<nlohmann::json> lines;
  for (std::string line; std::getline(in, line);) lines.push_back(nlohmann::json::parse(line));
  ASSERT_EQ(lines.size(), 4u);
  EXPECT_EQ(lines[0]["v"], k_audit_log_version);
  EXPECT_EQ(lines[0]["who"], "reporting");
  EXPECT_EQ(lines[0]["outcome"], "denied");
  EXPECT_EQ(lines[0]["status"], 403);
  EXPECT_EQ(lines[1]["who"], "ops");
  EXPECT_EQ(lines[1]["outcome"], "ok");
  EXPECT_EQ(lines[2]["who"], "-");
  EXPECT_EQ(lines[2]["outcome"], "unauthenticated");
  EXPECT_EQ(lines[3]["path"], "/metrics");
  std::remove(o.audit_log.c_str());
}

// A handler that lets a bigger role do more on one route (the registry's
// "force" needs admin) reads the caller's role from the request.
TEST(Server, HandlersSeeTheCallersRole) {
  ServerOptions o = quick();
  o.tokens = {{"reporting", Role::k_reader, "r-token"}, {"ops", Role::k_admin, "a-token"}};
  Running s(o);
  auto whoami = [&](const char* token) {
    return exchange(s.port(), std::string("GET /whoami HTTP/1.1\r\nConnection: close\r\n") +
                                  "Authorization: Bearer " + token + "\r\n\r\n");
  };
  EXPECT_NE(whoami("r-token").find(R"({"role":"reader"})"), std::string::npos);
  EXPECT_NE(whoami("a-token").find(R"({"role":"admin"})"), std::string::npos);
}

TEST(Server, KeepAliveServesSeveralRequests) {
  Running s(quick());
  int fd = connect_to(s.port());
  send_all(fd, "GET /health HTTP/1.1\r\n\r\nGET /health HTTP/1.1\r\nConnection: close\r\n\r\n");
  std::string out = read_until_close(fd);
  ::close(fd);
  EXPECT_EQ(out.find("HTTP/1.1 200 OK", 1), out.rfind("HTTP/1.1 200 OK")) << out;
  EXPECT_NE(out.rfind("HTTP/1.1 200 OK"), 0u) << out;
}

TEST(ExposureWarning, OnlyBeyondLoopbackWithoutToken) {
  ServerOptions o;
  o.host = "127.0.0.1";
  EXPECT_EQ(exposure_warning(o), "");
  o.host = "0.0.0.0";
  EXPECT_NE(exposure_warning(o).find("without a token"), std::string::npos);
  o.token = "t";
  EXPECT_EQ(exposure_warning(o), "");
}

TEST(ListenUrl, BracketsIpv6HostsAndSaysHttpsWithACertificate) {
  ServerOptions o;
  o.host = "127.0.0.1";
  EXPECT_EQ(listen_url(o, 8000), "http://127.0.0.1:8000");
  o.host = "::1";
  o.tls_cert = "cert.pem";
  EXPECT_EQ(listen_url(o, 8443), "https://[::1]:8443");
}

}  // namespace
}  // namespace strata::http
