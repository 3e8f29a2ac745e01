// The vector API over a real socket on 127.0.0.1, on an embedded store in a
// scratch directory: routes, bodies, statuses and the token.

#include "vector/http_api.h"

#include <arpa/inet.h>
#include <gtest/gtest.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <thread>

#include "util/temp_dir.h"

namespace strata::vec {
namespace {

using json = nlohmann::json;

struct Reply {
  int status = 0;
  json body;
};

class HttpApiTest : public ::testing::Test {
 protected:
  void start(std::string token = "") {
    auto store = open_vector_store(m_dir.path("vectors").string(), Access::k_write);
    ASSERT_TRUE(store.ok()) << store.error().str();
    m_store = std::move(*store);
    HttpOptions o;
    o.host = "127.0.0.1";
    o.port = 0;
    o.token = std::move(token);
    m_api = std::make_unique<HttpApi>(*m_store, o);
    auto port = m_api->bind();
    ASSERT_TRUE(port.ok()) << port.error().str();
    m_port = *port;
    m_thread = std::thread([this] { (void)m_api->listen(); });
  }
  void TearDown() override {
    if (!m_api) return;
    m_api->stop();
    m_thread.join();
  }

  // One request on a fresh connection, closed after the answer.
  Reply call(const std::string& method, const std::string& path, const std::string& body = "",
             const std::string& headers = "") {
    int fd = ::socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in a{};
    a.sin_family = AF_INET;
    a.sin_port = htons(static_cast<uint16_t>(m_port));
    a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    EXPECT_EQ(::connect(fd, reinterpret_cast<sockaddr*>(&a), sizeof a), 0);
    std::string req = method + " " + path + " HTTP/1.1\r\nHost: x\r\nConnection: close\r\n" +
                      headers + "Content-Length: " + std::to_string(body.size()) + "\r\n\r\n" +
                      body;
    (void)::send(fd, req.data(), req.size(), MSG_NOSIGNAL);
    std::string out;
    char buf[4096];
    pollfd p{fd, POLLIN, 0};
    while (::poll(&p, 1, 10000) > 0) {
      ssize_t n = ::recv(fd, buf, sizeof buf, 0);
      if (n <= 0) break;
      out.append(buf, static_cast<size_t>(n));
    }
    ::close(fd);
    Reply r;
    if (out.size() > 12) r.status = std::stoi(out.substr(9, 3));
    size_t blank = out.find("\r\n\r\n");
    if (blank != std::string::npos) r.body = json::parse(out.substr(blank + 4), nullptr, false);
    return r;
  }
  void create_docs() {
    ASSERT_EQ(call("POST", "/v1/collections", R"({"name": "docs", "dim": 2})").status, 201);
  }

  testutil::TempDir m_dir{"strata-vector-http-test"};
  std::unique_ptr<VectorStore> m_store;
  std::unique_ptr<HttpApi> m_api;
  std::thread m_thread;
  int m_port = 0;
};

TEST_F(HttpApiTest, HealthAnswersOk) {
  start();
  Reply r = call("GET", "/health");
  EXPECT_EQ(r.status, 200);
  EXPECT_EQ(r.body["status"], "ok");
}

TEST_F(HttpApiTest, CreatesAndListsCollections) {
  start();
  Reply created = call("POST", "/v1/collections", R"({"name": "docs", "dim": 2, "metric": "l2"})");
  EXPECT_EQ(created.status, 201);
  EXPECT_EQ(created.body["metric"], "l2");
  Reply list = call("GET", "/v1/collections");
  ASSERT_EQ(list.status, 200);
  ASSERT_EQ(list.body["collections"].size(), 1u);
  EXPECT_EQ(list.body["collections"][0]["name"], "docs");
}

TEST_F(HttpApiTest, BadCreateBodiesAre400) {
  start();
  EXPECT_EQ(call("POST", "/v1/collections", R"({"name": "docs"})").status, 400);
  EXPECT_EQ(call("POST", "/v1/collections", R"({"name": "docs", "dim": 2, "metric": "manhattan"})")
                .status,
            400);
  EXPECT_EQ(call("POST", "/v1/collections", "not json").status, 400);
}

TEST_F(HttpApiTest, ACollectionThatExistsDifferentlyIsAConflict) {
  start();
  create_docs();
  EXPECT_EQ(call("POST", "/v1/collections", R"({"name": "docs", "dim": 3})").status, 409);
}

TEST_F(HttpApiTest, AnUnknownCollectionIs404) {
  start();
  EXPECT_EQ(call("GET", "/v1/collections/nope").status, 404);
  EXPECT_EQ(call("POST", "/v1/collections/nope/count", "{}").status, 404);
}

TEST_F(HttpApiTest, UpsertCountGetQueryAndDelete) {
  start();
  create_docs();
  Reply up = call("POST", "/v1/collections/docs/upsert",
                  R"({"records": [{"id": "a", "embedding": [1, 0], "metadata": {"lang": "en"}},
                                  {"id": "b", "embedding": [0, 1], "metadata": {"lang": "de"}}]})");
  EXPECT_EQ(up.status, 200) << up.body.dump();
  Reply count = call("POST", "/v1/collections/docs/count", R"({"where": {"lang": "en"}})");
  EXPECT_EQ(count.status, 200);
  EXPECT_EQ(count.body["count"], 1);
  Reply got = call("POST", "/v1/collections/docs/get", R"({"ids": ["b"]})");
  EXPECT_EQ(got.status, 200) << got.body.dump();
  Reply q = call("POST", "/v1/collections/docs/query", R"({"embedding": [0.9, 0.1], "k": 1})");
  ASSERT_EQ(q.status, 200) << q.body.dump();
  ASSERT_EQ(q.body["hits"].size(), 1u);
  EXPECT_EQ(q.body["hits"][0]["id"], "a");
  EXPECT_EQ(call("POST", "/v1/collections/docs/delete", R"({"ids": ["a"]})").status, 200);
  EXPECT_EQ(call("POST", "/v1/collections/docs/count", "{}").body["count"], 1);
}

TEST_F(HttpApiTest, AWrongDimensionOrFilterIs400) {
  start();
  create_docs();
  EXPECT_EQ(call("POST", "/v1/collections/docs/upsert",
                 R"({"records": [{"id": "a", "embedding": [1, 0, 0]}]})")
                .status,
            400);
  EXPECT_EQ(call("POST", "/v1/collections/docs/query", R"({"embedding": [1]})").status, 400);
  EXPECT_EQ(call("POST", "/v1/collections/docs/count", R"({"where": {"$nope": 1}})").status, 400);
  EXPECT_EQ(call("POST", "/v1/collections/docs/upsert", R"({"records": 5})").status, 400);
}

// A plain body has its embedding read by the fast path (vector/embedding_text.h),
// any other shape by the JSON parser: the answers and errors are the same.
TEST_F(HttpApiTest, QueryBodiesOfEveryShapeGetTheSameAnswers) {
  start();
  create_docs();
  ASSERT_EQ(
      call("POST", "/v1/collections/docs/upsert",
           R"({"records": [{"id": "a", "embedding": [1, 0]}, {"id": "b", "embedding": [0, 1]}]})")
          .status,
      200);
  Reply fast = call("POST", "/v1/collections/docs/query", R"({"k": 2, "embedding": [0.2, 0.8]})");
  Reply slow =
      call("POST", "/v1/collections/docs/query", R"({"k": 2, "embedding": [0.2, 8e-1, ]})");
  ASSERT_EQ(fast.status, 200) << fast.body.dump();
  EXPECT_EQ(slow.status, 400);  // a trailing comma is not JSON on either path
  Reply escaped =
      call("POST", "/v1/collections/docs/query", R"({"k": 2, "embedd\u0069ng": [0.2, 0.8]})");
  ASSERT_EQ(escaped.status, 200) << escaped.body.dump();
  EXPECT_EQ(fast.body, escaped.body);
  EXPECT_EQ(fast.body["hits"][0]["id"], "b");
  Reply short_one = call("POST", "/v1/collections/docs/query", R"({"embedding": [1]})");
  Reply short_two = call("POST", "/v1/collections/docs/query", R"({"embedding": [true]})");
  EXPECT_EQ(short_one.status, 400);
  EXPECT_EQ(short_two.status, 400);
  EXPECT_EQ(call("POST", "/v1/collections/docs/query", R"({"embedding": null})").status, 400);
}

TEST_F(HttpApiTest, DropRemovesTheCollection) {
  start();
  create_docs();
  EXPECT_EQ(call("DELETE", "/v1/collections/docs").status, 200);
  EXPECT_EQ(call("GET", "/v1/collections/docs").status, 404);
}

TEST_F(HttpApiTest, ATokenGuardsEverythingButHealth) {
  start("secret");
  EXPECT_EQ(call("GET", "/health").status, 200);
  EXPECT_EQ(call("GET", "/v1/collections").status, 401);
  EXPECT_EQ(call("GET", "/v1/collections", "", "Authorization: Bearer wrong\r\n").status, 401);
  EXPECT_EQ(call("GET", "/v1/collections", "", "Authorization: Bearer secret\r\n").status, 200);
}

}  // namespace
}  // namespace strata::vec
