#include "service/typescript_project.h"

#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "service/service_layout.h"
#include "service/typescript_contract.h"
#include "util/temp_dir.h"

namespace strata::service {
namespace {

Contract ts_contract(const std::string& name) {
  auto c = parse_typescript_contract(
      name, "export interface ADto {\n  readonly id: string;\n}\n",
      "contexts/" + name + "/api/src/dto.ts",
      "export interface AService {\n  get(query: ADto): Promise<ADto>;\n}\n",
      "contexts/" + name + "/api/src/" + name + "-service.ts");
  EXPECT_TRUE(c.ok());
  return *c;
}

Contract py_contract(const std::string& name) {
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

TEST(TypescriptProject, TheScopeComesFromTheApiPackage) {
  testutil::TempDir dir;
  dir.write("contexts/a/api/package.json", R"({"name": "@shop/a-api"})");
  EXPECT_EQ(ts_scope(dir.root(), "a"), "@shop");
  EXPECT_EQ(ts_scope(dir.root(), "missing"), "");
}

TEST(TypescriptProject, TheGateNeedsAScopedApiPackage) {
  testutil::TempDir dir;
  auto problems = ts_split_problems(dir.root(), ts_contract("a"));
  ASSERT_EQ(problems.size(), 1u);
  EXPECT_EQ(problems[0].check, "contract");
  EXPECT_EQ(problems[0].loc.file, "contexts/a/api/package.json");
  dir.write("contexts/a/api/package.json", R"({"name": "@shop/a-api"})");
  EXPECT_TRUE(ts_split_problems(dir.root(), ts_contract("a")).empty());
}

TEST(TypescriptProject, TheServiceProjectHasTheTargetsUpRuns) {
  ServiceConfig cfg;
  cfg.context = "a";
  std::map<std::string, std::string> files;
  for (const auto& f : ts_service_files("/nonexistent", ts_contract("a"), cfg))
    files[f.path] = f.text;
  auto project = nlohmann::json::parse(files.at("contexts/a/service/project.json"));
  EXPECT_EQ(project["name"], "a-service");
  EXPECT_EQ(project["tags"], nlohmann::json({"type:service", "context:a", "lang:typescript"}));
  for (const char* t : {"build", "test", "lint", "serve"})
    EXPECT_TRUE(project["targets"].contains(t)) << t;
  EXPECT_EQ(project["targets"]["serve"]["command"], "node dist/main.js");
  EXPECT_EQ(project["targets"]["build"]["command"],
            "tsc -p tsconfig.json && node dist/freshness.js");
  EXPECT_TRUE(files.count("contexts/a/service/src/contract.test.ts"));
  EXPECT_TRUE(files.count("contexts/a/service/contract.json"));
}

TEST(TypescriptProject, TheLayoutGivesEachLanguageItsOwnCompositionRoot) {
  Contracts cs = {{"a", ts_contract("a")}, {"b", ts_contract("b")}, {"p", py_contract("p")}};
  Topology t = split({"a", "p"});
  Layout l = derive_layout("/nonexistent", t, format_topology(t), cs);
  EXPECT_EQ(l.owned_dirs,
            (std::vector<std::string>{"contexts/a/service", "contexts/p/service",
                                      "apps/monolith-python", "apps/monolith-typescript"}));
  const std::string& comp = l.files.at("apps/monolith-typescript/src/composition.ts");
  EXPECT_NE(comp.find("return aHttp();"), std::string::npos);
  EXPECT_NE(comp.find("return bCodec.localClient(bService());"), std::string::npos);
  EXPECT_EQ(comp.find("\"p\""), std::string::npos) << "a Python context in the TypeScript root";
  EXPECT_FALSE(l.files.count("apps/monolith-python/src/strata_monolith/a/contract.py"));
  EXPECT_TRUE(l.files.count("apps/monolith-python/src/strata_monolith/p/contract.py"));
}

// A grpc split: the .proto beside each project that loads it, the gRPC
// modules, the npm packages, and the monolith calling over gRPC.
TEST(TypescriptProject, AGrpcSplitServesAndCallsOverGrpc) {
  Contracts cs = {{"a", ts_contract("a")}, {"b", ts_contract("b")}};
  Topology t = split({"a", "b"});
  t.services["a"].transport = Transport::k_grpc;
  Layout l = derive_layout("/nonexistent", t, format_topology(t), cs);
  for (const char* f : {"contexts/a/service/a.proto", "contexts/a/service/src/grpc-server.ts",
                        "contexts/a/service/src/grpc-wire.ts", "apps/monolith-typescript/a.proto",
                        "apps/monolith-typescript/src/a/grpc-client.ts"})
    EXPECT_TRUE(l.files.count(f)) << f;
  EXPECT_FALSE(l.files.count("contexts/a/service/src/http-client.ts"));
  EXPECT_FALSE(l.files.count("apps/monolith-typescript/b.proto"));
  EXPECT_TRUE(l.files.at("contexts/a/service/a.proto").starts_with("// strata:generated v1"));
  EXPECT_NE(l.files.at("contexts/a/service/package.json").find("\"@grpc/grpc-js\": \"*\""),
            std::string::npos);
  EXPECT_NE(l.files.at("apps/monolith-typescript/package.json").find("\"@grpc/proto-loader\""),
            std::string::npos);
  const std::string& comp = l.files.at("apps/monolith-typescript/src/composition.ts");
  EXPECT_NE(comp.find("return aGrpc();"), std::string::npos) << comp;
  EXPECT_NE(comp.find("return bHttp();"), std::string::npos) << comp;
}

TEST(TypescriptProject, AKafkaSplitServesAndCallsOverKafka) {
  Contracts cs = {{"a", ts_contract("a")}};
  Topology t = split({"a"});
  t.services["a"].transport = Transport::k_kafka;
  Layout l = derive_layout("/nonexistent", t, format_topology(t), cs);
  for (const char* f :
       {"contexts/a/service/src/kafka-server.ts", "contexts/a/service/src/kafka-client.ts",
        "apps/monolith-typescript/src/a/kafka-client.ts"})
    EXPECT_TRUE(l.files.count(f)) << f;
  EXPECT_NE(l.files.at("contexts/a/service/package.json").find("\"kafkajs\""), std::string::npos);
  EXPECT_NE(l.files.at("apps/monolith-typescript/package.json").find("\"kafkajs\""),
            std::string::npos);
  EXPECT_NE(l.files.at("apps/monolith-typescript/src/composition.ts").find("return aKafka();"),
            std::string::npos);
}

// Split on http or grpc, a context's events still leave through Kafka: its
// service has the events module and kafkajs, and the monolith consumes the
// events of every split context (a local one delivers in process).
TEST(TypescriptProject, EverySplitContextRelaysItsEventsToTheMonolith) {
  Contracts cs = {{"a", ts_contract("a")}, {"b", ts_contract("b")}, {"c", ts_contract("c")}};
  Topology t = split({"a", "b"});
  t.services["b"].transport = Transport::k_grpc;
  Layout l = derive_layout("/nonexistent", t, format_topology(t), cs);
  for (const char* s : {"a", "b"}) {
    std::string dir = std::string("contexts/") + s + "/service/";
    EXPECT_TRUE(l.files.count(dir + "src/kafka-events.ts")) << s;
    EXPECT_FALSE(l.files.count(dir + "src/kafka-client.ts")) << s;
    EXPECT_NE(l.files.at(dir + "package.json").find("\"kafkajs\""), std::string::npos) << s;
    EXPECT_NE(l.files.at(dir + "src/main.ts").find("makeService(serviceOutbox())"),
              std::string::npos)
        << s;
  }
  const std::string mono = "apps/monolith-typescript/";
  EXPECT_TRUE(l.files.count(mono + "src/a/kafka-events.ts"));
  EXPECT_TRUE(l.files.count(mono + "src/b/kafka-events.ts"));
  EXPECT_FALSE(l.files.count(mono + "src/c/kafka-events.ts"));
  EXPECT_FALSE(l.files.count(mono + "src/a/kafka-client.ts"));
  EXPECT_NE(l.files.at(mono + "package.json").find("\"kafkajs\""), std::string::npos);
  const std::string& comp = l.files.at(mono + "src/composition.ts");
  EXPECT_NE(comp.find("if (servers.length === 0) return;"), std::string::npos) << comp;
  EXPECT_NE(comp.find("  aEvents(servers)"), std::string::npos) << comp;
  EXPECT_NE(comp.find("  bEvents(servers)"), std::string::npos) << comp;
  EXPECT_EQ(comp.find("cEvents"), std::string::npos) << comp;
}

// With every context local, the monolith needs no broker client.
TEST(TypescriptProject, AMonolithOfLocalContextsHasNoKafka) {
  Contracts cs = {{"a", ts_contract("a")}, {"b", ts_contract("b")}};
  Topology t = split({"a"});
  Layout l = derive_layout("/nonexistent", t, format_topology(t), cs);
  EXPECT_FALSE(l.files.count("apps/monolith-typescript/src/b/kafka-events.ts"));
  EXPECT_EQ(l.files.at("apps/monolith-typescript/src/composition.ts").find("bEvents"),
            std::string::npos);
}

TEST(TypescriptProject, EveryGeneratedSourceCarriesTheHeaderAndJsonDoesNot) {
  Contracts cs = {{"a", ts_contract("a")}};
  Topology t = split({"a"});
  for (const auto& [path, text] : derive_layout("/nonexistent", t, format_topology(t), cs).files) {
    if (path.ends_with(".json"))
      EXPECT_TRUE(nlohmann::json::accept(text)) << path;
    else
      EXPECT_TRUE(text.starts_with("// strata:generated v1 inputs=")) << path;
  }
}

TEST(TypescriptProject, OnlyTheEntryPointDependsOnTheTopology) {
  Contracts cs = {{"a", ts_contract("a")}, {"b", ts_contract("b")}};
  Topology one = split({"a"});
  Topology two = split({"a", "b"});
  auto l1 = derive_layout("/nonexistent", one, format_topology(one), cs);
  auto l2 = derive_layout("/nonexistent", two, format_topology(two), cs);
  for (const auto& [path, text] : l1.files) {
    if (!path.starts_with("contexts/a/service/")) continue;
    if (path.ends_with("/main.ts"))
      EXPECT_NE(text, l2.files.at(path)) << "main.ts names the topology it was made from";
    else
      EXPECT_EQ(text, l2.files.at(path)) << path;
  }
}

}  // namespace
}  // namespace strata::service
