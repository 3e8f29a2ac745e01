// The generated TypeScript service project for a context whose name has
// several words, per transport: the files each transport adds, the names
// every form of the context's name takes, the headers naming the inputs each
// file depends on, and the gate's refusals located at their file and line.

#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "service/emitter_test_support.h"
#include "service/generated_header.h"
#include "service/typescript_project.h"
#include "util/temp_dir.h"

namespace strata::service {
namespace {

using service_test::has;

Contract contract() {
  return service_test::ts_shapes_contract(service_test::k_ts_shapes_dto,
                                          service_test::k_ts_shapes_port);
}

std::map<std::string, TsFile> files(Transport transport) {
  testutil::TempDir dir("strata-tsproj");
  dir.write("contexts/order_lines/api/package.json", R"({"name": "@acme/order-lines-api"})");
  ServiceConfig cfg;
  cfg.context = "order_lines";
  cfg.transport = transport;
  cfg.port = 8100;
  std::map<std::string, TsFile> out;
  for (auto& f : ts_service_files(dir.root(), contract(), cfg)) out[f.path] = f;
  return out;
}

const std::string k_dir = "contexts/order_lines/service/";

TEST(TypescriptProjectShapes, TheProjectIsNamedInKebabCaseUnderTheApisScope) {
  auto f = files(Transport::k_http);
  auto project = nlohmann::json::parse(f.at(k_dir + "project.json").text);
  EXPECT_EQ(project["name"], "order-lines-service");
  EXPECT_EQ(project["tags"],
            nlohmann::json({"type:service", "context:order_lines", "lang:typescript"}));
  auto package = nlohmann::json::parse(f.at(k_dir + "package.json").text);
  EXPECT_EQ(package["name"], "@acme/order-lines-service");
  EXPECT_TRUE(has(f.at(k_dir + "src/codec.ts").text, "} from \"@acme/order-lines-api\";"));
}

TEST(TypescriptProjectShapes, EachTransportAddsItsOwnModules) {
  auto http = files(Transport::k_http);
  auto grpc = files(Transport::k_grpc);
  auto kafka = files(Transport::k_kafka);
  for (const auto* all : {&http, &grpc, &kafka}) {
    EXPECT_TRUE(all->count(k_dir + "src/codec.ts"));
    EXPECT_TRUE(all->count(k_dir + "src/main.ts"));
    EXPECT_TRUE(all->count(k_dir + "src/contract.test.ts"));
  }
  EXPECT_TRUE(grpc.count(k_dir + "src/grpc-server.ts"));
  EXPECT_FALSE(http.count(k_dir + "src/grpc-server.ts"));
  EXPECT_TRUE(kafka.count(k_dir + "src/kafka-server.ts"));
  EXPECT_FALSE(grpc.count(k_dir + "src/kafka-server.ts"));
  EXPECT_TRUE(has(grpc.at(k_dir + "src/main.ts").text, "GRPC_PORT"));
  EXPECT_FALSE(has(http.at(k_dir + "src/main.ts").text, "GRPC_PORT"));
}

TEST(TypescriptProjectShapes, JsonFilesHaveNoInputsAndSourcesNameTheApiLayer) {
  for (const auto& [path, f] : files(Transport::k_grpc)) {
    if (path.ends_with(".json")) {
      EXPECT_TRUE(f.inputs.empty()) << path;
      continue;
    }
    ASSERT_FALSE(f.inputs.empty()) << path;
    EXPECT_EQ(f.inputs[0], "dto.ts") << path;
    EXPECT_EQ(f.inputs[1], "order-lines-service.ts") << path;
    EXPECT_FALSE(parse_generated_header(f.text)) << path << ": the layout adds the header";
  }
}

TEST(TypescriptProjectShapes, OnlyTheEntryPointDependsOnTheHealthPath) {
  testutil::TempDir dir("strata-tsproj");
  dir.write("contexts/order_lines/api/package.json", R"({"name": "@acme/order-lines-api"})");
  ServiceConfig a;
  a.context = "order_lines";
  a.port = 8100;
  ServiceConfig b = a;
  b.health.path = "/livez";
  auto one = ts_service_files(dir.root(), contract(), a);
  auto two = ts_service_files(dir.root(), contract(), b);
  ASSERT_EQ(one.size(), two.size());
  for (size_t i = 0; i < one.size(); ++i) {
    bool entry = one[i].path.ends_with("/main.ts") || one[i].path.ends_with(".test.ts");
    if (!entry) {
      EXPECT_EQ(one[i].text, two[i].text) << one[i].path;
    }
  }
}

TEST(TypescriptProjectShapes, TheGateLocatesWhatTheCodecCannotCarry) {
  testutil::TempDir dir("strata-tsproj");
  dir.write("contexts/order_lines/api/package.json", R"({"name": "@acme/order-lines-api"})");
  Contract c = service_test::ts_shapes_contract(
      std::string(service_test::k_ts_shapes_dto) +
          "export type Page<T> = { readonly items: readonly T[] };\n",
      "import type { Page, ItemDto } from \"./dto.js\";\n\n"
      "export interface OrderLinesService {\n  page(): Promise<Page<ItemDto>>;\n}\n");
  auto problems = ts_split_problems(dir.root(), c);
  ASSERT_FALSE(problems.empty());
  EXPECT_EQ(problems[0].check, "contract");
  EXPECT_EQ(problems[0].loc.file, "order-lines-service.ts");
  EXPECT_EQ(problems[0].loc.line, 4);
  EXPECT_TRUE(has(problems[0].message, "Page<ItemDto>")) << problems[0].message;
  EXPECT_TRUE(ts_split_problems(dir.root(), contract()).empty());
}

}  // namespace
}  // namespace strata::service
