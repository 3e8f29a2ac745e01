// HttpTransport against a real HTTP server in the test process, on
// 127.0.0.1: what goes on the wire (paths, auth headers, bodies) and how
// answers map to hits, misses and errors.

#include "remote/http_transport.h"

#include <gtest/gtest.h>
#include <httplib.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <condition_variable>
#include <map>
#include <mutex>
#include <thread>

namespace strata::remote {

namespace {

class TestServer {
 public:
  TestServer() {
    m_server.Get(".*", [this](const httplib::Request& req, httplib::Response& res) {
      std::unique_lock lock(m_mutex);
      m_authorization = req.get_header_value("Authorization");
      if (req.path.ends_with("/stall")) {
        m_release.wait(lock, [&] { return m_released; });
        return;
      }
      if (req.path.ends_with("/broken")) {
        res.status = 500;
        return;
      }
      auto it = m_files.find(req.path);
      if (it == m_files.end())
        res.status = 404;
      else
        res.set_content(it->second, "application/octet-stream");
    });
    m_server.Put(".*", [this](const httplib::Request& req, httplib::Response& res) {
      std::lock_guard lock(m_mutex);
      m_authorization = req.get_header_value("Authorization");
      m_files[req.path] = req.body;
      res.status = 201;
    });
    m_port = m_server.bind_to_any_port("127.0.0.1");
    m_thread = std::thread([this] { m_server.listen_after_bind(); });
  }
  ~TestServer() {
    release();
    m_server.stop();
    m_thread.join();
  }
  void release() {
    std::lock_guard lock(m_mutex);
    m_released = true;
    m_release.notify_all();
  }
  RemoteUrl url(std::string base_path = "", std::string user = "",
                std::string password = "") const {
    return RemoteUrl{"http",          "127.0.0.1",        m_port, std::move(base_path),
                     std::move(user), std::move(password)};
  }
  std::string file(const std::string& path) {
    std::lock_guard lock(m_mutex);
    return m_files[path];
  }
  std::string authorization() {
    std::lock_guard lock(m_mutex);
    return m_authorization;
  }

 private:
  httplib::Server m_server;
  std::thread m_thread;
  int m_port = 0;
  std::mutex m_mutex;
  std::condition_variable m_release;
  bool m_released = false;
  std::map<std::string, std::string> m_files;
  std::string m_authorization;
};

RemoteSettings with_token(std::string token, int timeout_ms = 5000) {
  RemoteSettings s;
  s.token = std::move(token);
  s.timeout_ms = timeout_ms;
  return s;
}

}  // namespace

TEST(HttpTransport, PutThenGetUnderTheBasePathWithABearerToken) {
  TestServer server;
  HttpTransport t(server.url("/cache"), with_token("tok3n"));
  ASSERT_TRUE(t.put("cas/abc", std::string("\0bytes", 6)));
  EXPECT_EQ(server.file("/cache/cas/abc"), std::string("\0bytes", 6));
  EXPECT_EQ(server.authorization(), "Bearer tok3n");
  auto got = t.get("cas/abc", 6);
  ASSERT_TRUE(got);
  ASSERT_TRUE(*got);
  EXPECT_EQ(**got, std::string("\0bytes", 6));
}

TEST(HttpTransport, ALongerBodyIsCutOneBytePastTheLimit) {
  TestServer server;
  HttpTransport t(server.url(), with_token(""));
  ASSERT_TRUE(t.put("cas/big", std::string(100000, 'x')));
  auto got = t.get("cas/big", 10);
  ASSERT_TRUE(got) << got.error().message;
  ASSERT_TRUE(*got);
  EXPECT_EQ((*got)->size(), 11u);
}

TEST(HttpTransport, SendsBasicAuthFromTheUrl) {
  TestServer server;
  HttpTransport t(server.url("", "alice", "s3cret"), with_token(""));
  ASSERT_TRUE(t.get("ac/x", 100));
  EXPECT_EQ(server.authorization(), "Basic YWxpY2U6czNjcmV0");  // base64("alice:s3cret")
}

TEST(HttpTransport, NotFoundIsAMissAndAServerErrorAnError) {
  TestServer server;
  HttpTransport t(server.url(), with_token(""));
  auto missing = t.get("ac/none", 100);
  ASSERT_TRUE(missing);
  EXPECT_FALSE(*missing);
  auto broken = t.get("ac/broken", 100);
  ASSERT_FALSE(broken);
  EXPECT_EQ(broken.error().message, "HTTP 500");
}

TEST(HttpTransport, AServerThatDoesNotAnswerTimesOut) {
  TestServer server;
  HttpTransport t(server.url(), with_token("", 100));
  auto stalled = t.get("ac/stall", 100);
  server.release();
  ASSERT_FALSE(stalled);
  EXPECT_EQ(stalled.error().message, "no answer in time, or the connection was lost");
}

TEST(HttpTransport, NothingListeningCannotConnect) {
  // A port that was free a moment ago: bound, never listened on, closed.
  int fd = ::socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  socklen_t len = sizeof addr;
  ASSERT_EQ(::bind(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr), 0);
  ASSERT_EQ(::getsockname(fd, reinterpret_cast<sockaddr*>(&addr), &len), 0);
  ::close(fd);
  int port = ntohs(addr.sin_port);
  HttpTransport t(RemoteUrl{"http", "127.0.0.1", port, "", "", ""}, with_token(""));
  auto r = t.get("ac/x", 100);
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().message, "cannot connect");
}

}  // namespace strata::remote
