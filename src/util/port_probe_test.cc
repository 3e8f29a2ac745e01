#include "util/port_probe.h"

#include <arpa/inet.h>
#include <gtest/gtest.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <string>
#include <thread>

namespace strata {
namespace {

// A listening socket on 127.0.0.1 that answers one connection with `reply`.
class OneShotServer {
 public:
  explicit OneShotServer(std::string reply) : m_reply(std::move(reply)) {
    m_fd = socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in addr{};
    addr.sin_family = AF_INET;
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    bind(m_fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr);
    socklen_t len = sizeof addr;
    getsockname(m_fd, reinterpret_cast<sockaddr*>(&addr), &len);
    m_port = ntohs(addr.sin_port);
    listen(m_fd, 1);
  }
  ~OneShotServer() {
    if (m_thread.joinable()) m_thread.join();
    close(m_fd);
  }
  void serve() {
    m_thread = std::thread([this] {
      int c = accept(m_fd, nullptr, nullptr);
      char buf[1024];
      [[maybe_unused]] ssize_t n = read(c, buf, sizeof buf);
      m_request.assign(buf, n > 0 ? static_cast<size_t>(n) : 0);
      [[maybe_unused]] ssize_t w = write(c, m_reply.data(), m_reply.size());
      close(c);
    });
  }
  int port() const { return m_port; }
  // What the server read; waits for it to be done.
  const std::string& request() {
    if (m_thread.joinable()) m_thread.join();
    return m_request;
  }

 private:
  std::string m_reply;
  int m_fd = -1;
  int m_port = 0;
  std::thread m_thread;
  std::string m_request;
};

TEST(PortProbe, AListeningPortIsInUseAndAFreeOneIsNot) {
  OneShotServer server("");
  EXPECT_TRUE(port_in_use(server.port()));
  int free = free_port();
  ASSERT_GT(free, 0);
  EXPECT_FALSE(port_in_use(free));
}

TEST(PortProbe, HealthyOnlyOnA200ForThePath) {
  OneShotServer ok("HTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\n");
  ok.serve();
  EXPECT_TRUE(http_healthy(ok.port(), "/healthz", 1000));
  OneShotServer sick("HTTP/1.1 503 Service Unavailable\r\nContent-Length: 0\r\n\r\n");
  sick.serve();
  EXPECT_FALSE(http_healthy(sick.port(), "/healthz", 1000));
  EXPECT_TRUE(ok.request().starts_with("GET /healthz HTTP/1.1\r\n")) << ok.request();
}

TEST(PortProbe, ARefusedConnectionIsNotHealthy) {
  EXPECT_FALSE(http_healthy(free_port(), "/health", 500));
}

}  // namespace
}  // namespace strata
