// The KServe v2 routes over a real socket on 127.0.0.1, serving a python
// model (Debian's python3 with numpy; skipped where it is absent) from a
// repository in a scratch directory: statuses, the {"error": ...} bodies
// clients parse, inference through the JSON protocol, and the repository
// extension (reload follows a moved alias, rollback serves the previous).

#include "serve/inference_api.h"

#include <arpa/inet.h>
#include <gtest/gtest.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cstdlib>
#include <nlohmann/json.hpp>
#include <thread>

#include "util/temp_dir.h"

namespace strata::serve {
namespace {

using json = nlohmann::json;

struct Reply {
  int status = 0;
  std::string text;
  json body;
};

std::string manifest(const std::string& version) {
  return R"({"format_version": 1, "name": "m", "version": ")" + version +
         R"(", "backend": "python",
      "file": "model.py", "python": {"function": "predict"},
      "inputs": [{"name": "x", "datatype": "FP32", "shape": [-1, 2]}],
      "outputs": [{"name": "y", "datatype": "FP32", "shape": [-1, 2]}]})";
}

class InferenceApiTest : public ::testing::Test {
 protected:
  void SetUp() override {
    if (std::system("/usr/bin/python3 -c 'import numpy' 2>/dev/null") != 0)
      GTEST_SKIP() << "no python3 with numpy";
    // Version 1 doubles, version 2 triples: which one answered shows in the data.
    for (auto [v, k] : {std::pair{"1", "2"}, std::pair{"2", "3"}}) {
      m_dir.write(std::string("repo/m/") + v + "/strata-model.json", manifest(v));
      m_dir.write(std::string("repo/m/") + v + "/model.py",
                  std::string("def predict(inputs):\n    return {'y': inputs['x'] * ") + k + "}\n");
    }
    m_dir.write("repo/m/aliases.json", R"({"production": "1"})");
    m_source = std::make_unique<RepositorySource>(m_dir.path("repo"));
    ModelConfig config;
    config.backend.python = "/usr/bin/python3";
    m_models =
        std::make_unique<ServedModels>(*m_source, config, std::map<std::string, ModelConfig>{});
    auto added = m_models->add(ModelSpec{"m", "production", ""});
    ASSERT_TRUE(added) << added.error().str();
    http::ServerOptions o;
    o.host = "127.0.0.1";
    o.port = 0;
    m_api = std::make_unique<InferenceApi>(*m_models, o);
    auto port = m_api->bind();
    ASSERT_TRUE(port) << port.error().str();
    m_port = *port;
    m_thread = std::thread([this] { (void)m_api->listen(); });
  }
  void TearDown() override {
    if (!m_api) return;
    m_api->stop();
    m_thread.join();
  }

  // One request on a fresh connection, closed after the answer.
  Reply call(const std::string& method, const std::string& path, const std::string& body = "") {
    int fd = ::socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in a{};
    a.sin_family = AF_INET;
    a.sin_port = htons(static_cast<uint16_t>(m_port));
    a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    EXPECT_EQ(::connect(fd, reinterpret_cast<sockaddr*>(&a), sizeof a), 0);
    std::string req = method + " " + path +
                      " HTTP/1.1\r\nHost: x\r\nConnection: close\r\nContent-Length: " +
                      std::to_string(body.size()) + "\r\n\r\n" + body;
    (void)::send(fd, req.data(), req.size(), MSG_NOSIGNAL);
    std::string out;
    char buf[4096];
    pollfd p{fd, POLLIN, 0};
    while (::poll(&p, 1, 30000) > 0) {
      ssize_t n = ::recv(fd, buf, sizeof buf, 0);
      if (n <= 0) break;
      out.append(buf, static_cast<size_t>(n));
    }
    ::close(fd);
    Reply r;
    if (out.size() > 12) r.status = std::stoi(out.substr(9, 3));
    size_t blank = out.find("\r\n\r\n");
    if (blank != std::string::npos) {
      r.text = out.substr(blank + 4);
      r.body = json::parse(r.text, nullptr, false);
    }
    return r;
  }
  Reply infer(const std::string& path, const json& data) {
    json req = {
        {"inputs", {{{"name", "x"}, {"datatype", "FP32"}, {"shape", {1, 2}}, {"data", data}}}}};
    return call("POST", path, req.dump());
  }

  testutil::TempDir m_dir;
  std::unique_ptr<RepositorySource> m_source;
  std::unique_ptr<ServedModels> m_models;
  std::unique_ptr<InferenceApi> m_api;
  std::thread m_thread;
  int m_port = 0;
};

TEST_F(InferenceApiTest, HealthAndServerMetadata) {
  EXPECT_EQ(call("GET", "/v2/health/live").body, (json{{"live", true}}));
  EXPECT_EQ(call("GET", "/v2/health/ready").body, (json{{"ready", true}}));
  auto server = call("GET", "/v2");
  EXPECT_EQ(server.status, 200);
  EXPECT_EQ(server.body["extensions"], (json{"binary_tensor_data", "model_repository"}));
}

TEST_F(InferenceApiTest, ModelMetadataComesFromTheManifest) {
  auto r = call("GET", "/v2/models/m");
  ASSERT_EQ(r.status, 200) << r.text;
  EXPECT_EQ(r.body["versions"], (json{"1"}));
  EXPECT_EQ(r.body["platform"], "python");
  EXPECT_EQ(r.body["inputs"], (json{{{"name", "x"}, {"datatype", "FP32"}, {"shape", {-1, 2}}}}));
  EXPECT_EQ(r.body["outputs"][0]["name"], "y");
  EXPECT_EQ(call("GET", "/v2/models/m/versions/1").status, 200);
}

TEST_F(InferenceApiTest, UnknownModelsAndVersionsAre404WithAnErrorBody) {
  auto r = call("GET", "/v2/models/other");
  EXPECT_EQ(r.status, 404);
  EXPECT_EQ(r.body, (json{{"error", "model 'other' is not served"}}));
  r = call("GET", "/v2/models/m/versions/2");  // on disk, but not loaded
  EXPECT_EQ(r.status, 404);
  EXPECT_EQ(r.body, (json{{"error", "model 'm' has no version '2' loaded"}}));
  r = call("GET", "/v2/models/other/ready");
  EXPECT_EQ(r.status, 404);
  EXPECT_EQ(r.body["error"], "model 'other' is not served");
  r = infer("/v2/models/m/versions/7/infer", {1, 2});
  EXPECT_EQ(r.status, 404);
  EXPECT_EQ(r.body["error"], "model 'm' version 7 is not served");
}

TEST_F(InferenceApiTest, PathsOutsideTheNameCharactersReachNoModel) {
  for (const char* path : {"/v2/models/m%2F..%2Fx", "/v2/models/a/b", "/v2/models/"}) {
    auto r = call("GET", path);
    EXPECT_EQ(r.status, 404) << path;
    EXPECT_TRUE(r.body.contains("error")) << path << ": " << r.text;
  }
}

TEST_F(InferenceApiTest, InfersThroughTheJsonProtocol) {
  auto r = infer("/v2/models/m/infer", {1.5, -2});
  ASSERT_EQ(r.status, 200) << r.text;
  EXPECT_EQ(r.body["model_name"], "m");
  EXPECT_EQ(r.body["model_version"], "1");
  ASSERT_EQ(r.body["outputs"].size(), 1u);
  EXPECT_EQ(r.body["outputs"][0]["name"], "y");
  EXPECT_EQ(r.body["outputs"][0]["shape"], (json{1, 2}));
  EXPECT_EQ(r.body["outputs"][0]["data"], (json{3.0, -4.0}));
  EXPECT_EQ(infer("/v2/models/m/versions/1/infer", {1, 1}).body["outputs"][0]["data"],
            (json{2.0, 2.0}));
}

TEST_F(InferenceApiTest, BadRequestsAre400AndTheServerKeepsServing) {
  auto r = call("POST", "/v2/models/m/infer", "{not json");
  EXPECT_EQ(r.status, 400);
  EXPECT_TRUE(r.body["error"].is_string()) << r.text;
  // Shape [1, 2] with three values.
  r = infer("/v2/models/m/infer", {1, 2, 3});
  EXPECT_EQ(r.status, 400);
  EXPECT_TRUE(r.body["error"].is_string()) << r.text;
  json wrong_type = {
      {"inputs", {{{"name", "x"}, {"datatype", "INT32"}, {"shape", {1, 2}}, {"data", {1, 2}}}}}};
  r = call("POST", "/v2/models/m/infer", wrong_type.dump());
  EXPECT_EQ(r.status, 400);
  EXPECT_NE(r.body["error"].get<std::string>().find("x"), std::string::npos) << r.text;
  EXPECT_EQ(infer("/v2/models/m/infer", {1, 2}).status, 200);
  // The failures are counted against the model's version.
  auto metrics = call("GET", "/metrics");
  EXPECT_NE(metrics.text.find(R"(model="m",version="1",outcome="success"} 1)"), std::string::npos)
      << metrics.text;
}

TEST_F(InferenceApiTest, ReloadFollowsTheAliasAndRollbackServesThePrevious) {
  auto same = call("POST", "/v2/repository/models/m/load");
  ASSERT_EQ(same.status, 200) << same.text;
  EXPECT_EQ(same.body, (json{{"name", "m"}, {"from", "1"}, {"version", "1"}, {"changed", false}}));

  m_dir.write("repo/m/aliases.json", R"({"production": "2"})");
  auto moved = call("POST", "/v2/repository/models/m/load");
  ASSERT_EQ(moved.status, 200) << moved.text;
  EXPECT_EQ(moved.body, (json{{"name", "m"}, {"from", "1"}, {"version", "2"}, {"changed", true}}));
  EXPECT_EQ(infer("/v2/models/m/infer", {1, 1}).body["outputs"][0]["data"], (json{3.0, 3.0}));
  // The previous version stays loaded and addressable until it is replaced.
  EXPECT_EQ(call("GET", "/v2/models/m/versions/1/ready").body["ready"], true);
  EXPECT_EQ(infer("/v2/models/m/versions/1/infer", {1, 1}).body["outputs"][0]["data"],
            (json{2.0, 2.0}));

  auto back = call("POST", "/v2/repository/models/m/rollback");
  ASSERT_EQ(back.status, 200) << back.text;
  EXPECT_EQ(back.body["version"], "1");
  EXPECT_EQ(back.body["changed"], true);
  EXPECT_EQ(infer("/v2/models/m/infer", {1, 1}).body["model_version"], "1");
  // A reload leaves the rolled-back version alone while the alias still names 2.
  EXPECT_EQ(call("POST", "/v2/repository/models/m/load").body["version"], "1");
  auto index = call("POST", "/v2/repository/index");
  EXPECT_EQ(index.body, (json{{{"name", "m"}, {"version", "1"}, {"state", "READY"}}}));
}

TEST_F(InferenceApiTest, RepositoryCallsOnAnUnknownModelAreErrors) {
  auto r = call("POST", "/v2/repository/models/other/load");
  EXPECT_EQ(r.status, 404) << r.text;
  EXPECT_TRUE(r.body["error"].is_string());
  r = call("POST", "/v2/repository/models/m/rollback");  // nothing to roll back to
  EXPECT_EQ(r.status, 409) << r.text;
  EXPECT_EQ(r.body["error"],
            "model 'm' has no previous version loaded (hint: a previous version is kept after a "
            "reload moved to a new one)");
  EXPECT_EQ(infer("/v2/models/m/infer", {1, 1}).body["model_version"], "1");
}

}  // namespace
}  // namespace strata::serve
