#include "service/cpp_project.h"

#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "service/cpp_contract.h"
#include "service/cpp_emitter.h"
#include "service/cpp_http_emitter.h"
#include "service/cpp_test_emitter.h"
#include "service/generated_header.h"
#include "service/python_emitter.h"
#include "service/service_layout.h"

namespace strata::service {
namespace {

const char* k_dto = R"(namespace x::api {
struct ItemDto {
  std::string sku;
  std::vector<int> counts;
};
struct GetQuery {
  std::string id;
};
enum class ErrorCode { k_invalid, k_not_found, k_unavailable };
struct ErrorDto {
  ErrorCode code;
  std::string message;
};
}
)";

const char* k_port = R"(class XService {
 public:
  virtual ~XService() = default;
  virtual Result<ItemDto> get(const GetQuery& query) = 0;
  virtual Status forget(const std::string& id) = 0;
};
)";

Contract cpp_contract(const std::string& name) {
  std::string base = "contexts/" + name + "/api/src/" + name + "/api/";
  auto c = parse_cpp_contract(name, k_dto, base + "dto.h", k_port, base + name + "_service.h");
  EXPECT_TRUE(c.ok());
  return *c;
}

Contract python_contract(const std::string& name) {
  auto c = parse_python_contract(
      name, "@dataclass(frozen=True)\nclass ADto:\n    id: str\n", "dtos.py",
      "class S(Protocol):\n    def get(self, id: str) -> ADto: ...\n", "port.py");
  EXPECT_TRUE(c.ok());
  return *c;
}

Topology split(std::initializer_list<const char*> names) {
  Topology t;
  int port = 8100;
  for (const char* n : names) {
    ServiceConfig c;
    c.context = n;
    c.port = port++;
    t.services[n] = c;
  }
  return t;
}

Layout layout(const Topology& t, const Contracts& cs) {
  return derive_layout("/nonexistent", t, format_topology(t), cs);
}

TEST(CppProject, ASplitCppContextGetsItsServiceAndTheCppMonolith) {
  Contracts cs = {{"a", cpp_contract("a")}, {"b", cpp_contract("b")}, {"p", python_contract("p")}};
  Layout l = layout(split({"a"}), cs);
  for (const char* f : {"CMakeLists.txt", "cmake/freshness.cmake", "project.json", "contract.json",
                        "src/a/service/codec.cc", "src/a/service/http_server.cc",
                        "src/a/service/main.cc", "src/a/service/contract_test.cc"})
    EXPECT_TRUE(l.files.count("contexts/a/service/" + std::string(f))) << f;
  EXPECT_FALSE(l.files.count("contexts/b/service/project.json"));
  EXPECT_EQ(l.owned_dirs, (std::vector<std::string>{"contexts/a/service", "apps/monolith-cpp"}));
  // Only C++ contexts enter the C++ monolith, each with its own client copy.
  EXPECT_TRUE(l.files.count("apps/monolith-cpp/src/strata_monolith/b/codec.h"));
  EXPECT_FALSE(l.files.count("apps/monolith-cpp/src/strata_monolith/p/codec.h"));
  const std::string& comp = l.files.at("apps/monolith-cpp/src/strata_monolith/composition.cc");
  EXPECT_NE(comp.find("m_a(a::http_client())"), std::string::npos) << comp;
  EXPECT_NE(comp.find("m_b(b::local_client(m_b_context.service()))"), std::string::npos) << comp;
}

TEST(CppProject, TheServiceProjectHasTheTagsAndTargetsUpRuns) {
  Layout l = layout(split({"a"}), {{"a", cpp_contract("a")}});
  auto j = nlohmann::json::parse(l.files.at("contexts/a/service/project.json"));
  EXPECT_EQ(j["name"], "a-service");
  EXPECT_EQ(j["tags"], nlohmann::json({"type:service", "context:a", "lang:cpp"}));
  for (const char* t : {"build", "test", "serve"}) EXPECT_TRUE(j["targets"].contains(t)) << t;
  EXPECT_EQ(j["targets"]["serve"]["command"], "./build/a_service");
  auto m = nlohmann::json::parse(l.files.at("apps/monolith-cpp/project.json"));
  EXPECT_EQ(m["tags"], nlohmann::json({"type:app", "lang:cpp"}));
  EXPECT_TRUE(m["targets"].contains("serve"));
}

TEST(CppProject, EveryGeneratedFileButJsonCarriesTheHeaderForItsLanguage) {
  Layout l = layout(split({"a"}), {{"a", cpp_contract("a")}});
  for (const auto& [path, text] : l.files) {
    if (path.ends_with(".json")) {
      EXPECT_FALSE(parse_generated_header(text)) << path;
      continue;
    }
    ASSERT_TRUE(parse_generated_header(text)) << path;
    bool cpp = path.ends_with(".h") || path.ends_with(".cc");
    EXPECT_TRUE(text.starts_with(cpp ? "// strata:generated v1" : "# strata:generated v1")) << path;
  }
  // The entry point and its tests follow the topology too (its health path).
  auto main = parse_generated_header(l.files.at("contexts/a/service/src/a/service/main.cc"));
  EXPECT_EQ(main->inputs.back(), "topology.json");
}

TEST(CppProject, IsAFunctionOfTopologyAndContract) {
  Contracts cs = {{"a", cpp_contract("a")}, {"b", cpp_contract("b")}};
  EXPECT_EQ(layout(split({"a", "b"}), cs).files, layout(split({"a", "b"}), cs).files);
  Topology t = split({"a"});
  t.services["a"].health.path = "/healthz";
  // A copy: the layout is a temporary.
  const std::string main = layout(t, cs).files.at("contexts/a/service/src/a/service/main.cc");
  EXPECT_NE(main.find("\"/healthz\""), std::string::npos);
}

TEST(CppEmitter, TheCodecIsStrictAndTheClientOverridesThePort) {
  Contract c = cpp_contract("a");
  CppUnit u = cpp_service_unit(c);
  std::string header = cpp_codec_header(c, u);
  EXPECT_NE(header.find("class AClient final : public api::XService"), std::string::npos);
  EXPECT_NE(header.find("api::Result<api::ItemDto> get(const api::GetQuery& query) override;"),
            std::string::npos)
      << header;
  EXPECT_NE(header.find("api::Status forget(const std::string& id) override;"), std::string::npos);
  std::string source = cpp_codec_source(c, u);
  EXPECT_NE(source.find("expect_fields(j, at, {\"sku\", \"counts\"});"), std::string::npos);
  EXPECT_NE(source.find("refuse(at, \"unknown field \" + item.key());"), std::string::npos);
  EXPECT_NE(source.find("{\"forget\", &run_forget}"), std::string::npos);
}

TEST(CppEmitter, TheMonolithsCopyLivesInItsOwnNamespaceAndFolder) {
  Contract c = cpp_contract("a");
  CppUnit u = cpp_monolith_unit(c);
  EXPECT_EQ(u.include_dir, "strata_monolith/a");
  std::string client = cpp_http_client_header(c, u);
  EXPECT_NE(client.find("namespace strata_monolith::a {"), std::string::npos);
  EXPECT_NE(client.find("\"STRATA_SERVICE_A_URL\""), std::string::npos);
  EXPECT_NE(cpp_jwt_header(c, u).find("k_audience = \"a-service\""), std::string::npos);
}

}  // namespace
}  // namespace strata::service
