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

// A contract with the events extract_cpp_contract reads from domain/events.h.
Contract with_events(Contract c) {
  c.events = {Dto{c.context == "a" ? "AOpened" : "BOpened", {}, 3}};
  c.events_file = cpp_events_file(c.context);
  return c;
}

bool has(const std::string& text, const std::string& part) {
  return text.find(part) != std::string::npos;
}

// Every split service gets the whole event wire whatever its transport, and
// links rdkafka++ for it.
TEST(CppProjectEvents, EveryServiceRelaysItsEventsThroughItsOutbox) {
  for (Transport transport : {Transport::k_http, Transport::k_grpc, Transport::k_kafka}) {
    Topology t = split({"a"});
    t.services["a"].transport = transport;
    Layout l = layout(t, {{"a", with_events(cpp_contract("a"))}});
    std::string dir = "contexts/a/service/src/a/service/";
    for (const char* f : {"event_handlers.h", "event_handlers.cc", "outbox.h", "outbox.cc",
                          "local_context.h", "kafka_events.h", "kafka_events.cc"})
      EXPECT_TRUE(l.files.count(dir + f)) << f;
    const std::string main = l.files.at(dir + "main.cc");
    EXPECT_TRUE(has(main, "a::service::LocalContext context(a::service::service_event_relay());"))
        << main;
    EXPECT_TRUE(has(main, "#include \"a/service/local_context.h\""));
    EXPECT_FALSE(has(main, "InMemoryAContext"));
    const std::string cmake = l.files.at("contexts/a/service/CMakeLists.txt");
    for (const char* f : {"event_handlers.cc", "outbox.cc", "kafka_events.cc"})
      EXPECT_TRUE(has(cmake, "src/a/service/" + std::string(f))) << f;
    EXPECT_TRUE(has(cmake, "target_link_libraries(a_service_lib PUBLIC PkgConfig::RDKAFKA)"));
    EXPECT_EQ(cmake.find("pkg_check_modules(RDKAFKA"), cmake.rfind("pkg_check_modules(RDKAFKA"))
        << "rdkafka++ is found once";
  }
}

// Stale events fail the build: the files converting them name events.h.
TEST(CppProjectEvents, TheFilesConvertingTheEventsNameEventsHAsAnInput) {
  Layout l = layout(split({"a"}),
                    {{"a", with_events(cpp_contract("a"))}, {"b", with_events(cpp_contract("b"))}});
  for (const std::string path :
       {"contexts/a/service/src/a/service/outbox.cc", "contexts/a/service/src/a/service/outbox.h",
        "contexts/a/service/src/a/service/local_context.h",
        "apps/monolith-cpp/src/strata_monolith/b/outbox.cc"}) {
    auto header = parse_generated_header(l.files.at(path));
    ASSERT_TRUE(header) << path;
    std::string events = path.starts_with("apps") ? cpp_events_file("b") : cpp_events_file("a");
    EXPECT_EQ(header->inputs.back(), events) << path;
  }
  EXPECT_TRUE(has(l.files.at("contexts/a/service/src/a/service/outbox.cc"), "type = \"AOpened\";"));
  // The registry does not depend on the events.
  auto handlers =
      parse_generated_header(l.files.at("contexts/a/service/src/a/service/event_handlers.cc"));
  ASSERT_TRUE(handlers);
  EXPECT_EQ(handlers->inputs.size(), 2u);
}

// The monolith: a local context on its outbox, delivering here; a split
// one's events consumed from Kafka; GET /events over both.
TEST(CppProjectEvents, TheMonolithDeliversLocalEventsAndConsumesTheSplitOnes) {
  Layout l = layout(split({"a"}),
                    {{"a", with_events(cpp_contract("a"))}, {"b", with_events(cpp_contract("b"))}});
  std::string dir = "apps/monolith-cpp/src/strata_monolith/";
  for (const char* f : {"a/event_handlers.cc", "a/kafka_events.cc", "b/event_handlers.cc",
                        "b/outbox.cc", "b/local_context.h"})
    EXPECT_TRUE(l.files.count(dir + f)) << f;
  // A split context's layers are not linked: no outbox for it; a local one's
  // events never cross Kafka.
  for (const char* f : {"a/outbox.cc", "a/local_context.h", "b/kafka_events.cc"})
    EXPECT_FALSE(l.files.count(dir + f)) << f;
  const std::string h = l.files.at(dir + "composition.h");
  EXPECT_TRUE(has(h, "b::LocalContext m_b_context;"));
  EXPECT_TRUE(has(h, "a::EventConsumer m_a_events;"));
  EXPECT_TRUE(has(h, "static std::string recent_events();"));
  EXPECT_FALSE(has(h, "infrastructure/composition.h"));
  const std::string cc = l.files.at(dir + "composition.cc");
  EXPECT_TRUE(has(cc, "m_b(b::local_client(m_b_context.service()))"));
  EXPECT_TRUE(has(cc,
                  "out += \"\\\"a\\\":\" + a::recent_events();\n"
                  "  out += \",\\\"b\\\":\" + b::recent_events();"))
      << cc;
  EXPECT_TRUE(has(cc, "std::getenv(\"STRATA_KAFKA_BOOTSTRAP\")"));
  EXPECT_TRUE(has(cc, "m_a_events.start(servers)"));
  EXPECT_FALSE(has(cc, "m_b_events"));
  const std::string main = l.files.at(dir + "main.cc");
  EXPECT_TRUE(has(main, "server.Get(\"/events\""));
  EXPECT_TRUE(has(main, "composition.start_event_consumers()"));
  const std::string cmake = l.files.at("apps/monolith-cpp/CMakeLists.txt");
  for (const char* f :
       {"a/event_handlers.cc", "a/kafka_events.cc", "b/event_handlers.cc", "b/outbox.cc"})
    EXPECT_TRUE(has(cmake, "src/strata_monolith/" + std::string(f))) << f;
  EXPECT_TRUE(has(cmake, "target_link_libraries(strata_monolith_lib PUBLIC PkgConfig::RDKAFKA)"));
  EXPECT_TRUE(has(l.files.at(dir + "composition_test.cc"), "RecentEventsHasAListPerContext"));
}

}  // namespace
}  // namespace strata::service
