#include "service/typescript_grpc_emitter.h"

#include <gtest/gtest.h>

#include "service/typescript_contract.h"

namespace strata::service {
namespace {

const char* k_dto = R"(export interface LineItemDto {
  readonly sku: string;
  readonly quantity: number;
}

export interface OrderDto {
  readonly id: string;
  readonly items: readonly LineItemDto[];
  readonly note?: string;
  readonly paid: boolean | null;
}

export interface ErrorDto {
  readonly code: "invalid" | "not_found";
  readonly message: string;
}

export type Result<T> = { readonly ok: true; readonly value: T } | { readonly ok: false; readonly error: ErrorDto };
)";

const char* k_port = R"(import type { OrderDto, Result } from "./dto.js";

export interface OrderLinesService {
  open(id: string): Promise<Result<OrderDto>>;
  list(): Promise<readonly OrderDto[]>;
}
)";

Contract contract() {
  auto c =
      parse_typescript_contract("order_lines", k_dto, "dto.ts", k_port, "order-lines-service.ts");
  EXPECT_TRUE(c.ok()) << c.error().message;
  return *c;
}

bool has(const std::string& text, const std::string& part) {
  return text.find(part) != std::string::npos;
}

TEST(TypescriptGrpcEmitter, WireLoadsTheProtoAndNamesEachRpc) {
  std::string w = ts_grpc_wire_module(contract(), "../order_lines.proto");
  EXPECT_TRUE(has(w, "new URL(\"../order_lines.proto\", import.meta.url)")) << w;
  EXPECT_TRUE(has(w, "export const SERVICE = \"strata.order_lines.OrderLinesService\";"));
  EXPECT_TRUE(has(w, "[\"open\", [\"Open\", \"OpenCall\", \"OpenResult\"]],"));
  EXPECT_TRUE(has(w, "[\"list\", [\"List\", \"ListCall\", \"ListResult\"]],"));
}

// proto3 drops zero values and absent optionals alike: the table says how
// each field reads when the decoded message lacks it.
TEST(TypescriptGrpcEmitter, WireSaysHowEachAbsentFieldReads) {
  std::string w = ts_grpc_wire_module(contract(), "../order_lines.proto");
  EXPECT_TRUE(has(w, "{ name: \"sku\", absent: \"zero\", zero: \"\", message: \"\" }")) << w;
  EXPECT_TRUE(has(w, "{ name: \"quantity\", absent: \"zero\", zero: 0, message: \"\" }"));
  EXPECT_TRUE(
      has(w, "{ name: \"items\", absent: \"many\", zero: null, message: \"LineItemDto\" }"));
  EXPECT_TRUE(has(w, "{ name: \"note\", absent: \"omit\""));
  EXPECT_TRUE(has(w, "{ name: \"paid\", absent: \"null\", zero: false"));
  EXPECT_TRUE(has(w, "[\"OpenOutcome\", [{ name: \"ok\", absent: \"zero\", zero: false"));
  EXPECT_TRUE(has(w, "{ name: \"error\", absent: \"omit\", zero: null, message: \"ErrorDto\" }"));
  EXPECT_TRUE(has(w, "new Set<string>([\"OpenOutcome\"])"));
  EXPECT_TRUE(has(w, "[\"ListResult\", [{ name: \"result\", absent: \"many\""));
}

// The same wire as the Python services: bearer token in the metadata, the
// dispatcher's statuses as the same gRPC codes, the JSON error in the details.
TEST(TypescriptGrpcEmitter, ClientAndServerShareThePythonWire) {
  Contract c = contract();
  TsNames n = ts_names(c, "@shop");
  std::string client = ts_grpc_client_module(c, n);
  EXPECT_TRUE(has(client, "metadata.set(\"authorization\", `Bearer ${bearer}`)"));
  EXPECT_TRUE(has(client, "[status.UNAUTHENTICATED, 401]"));
  EXPECT_TRUE(has(client, "[status.FAILED_PRECONDITION, 422]"));
  EXPECT_TRUE(has(client, "STRATA_SERVICE_ORDER_LINES_URL"));
  EXPECT_TRUE(has(client, "export function grpcClient(target?: string): OrderLinesClient"));
  std::string server = ts_grpc_server_module(c, n);
  EXPECT_TRUE(has(server, "callback({ code: status.UNAUTHENTICATED, details: UNAUTHORIZED })"));
  EXPECT_TRUE(has(server, "[400, status.INVALID_ARGUMENT]"));
  EXPECT_TRUE(has(server, "[404, status.NOT_FOUND]"));
  EXPECT_TRUE(has(server, "[422, status.FAILED_PRECONDITION]"));
  EXPECT_TRUE(has(server, "import type { OrderLinesService } from \"@shop/order-lines-api\";"));
}

TEST(TypescriptGrpcEmitter, MainServesGrpcBesideHealthOnHttp) {
  std::string m = ts_grpc_main_module("/healthz");
  EXPECT_TRUE(has(m, "process.env[\"GRPC_PORT\"] || String(Number(port) + 1)"));
  EXPECT_TRUE(has(m, "const HEALTH_PATH = \"/healthz\";"));
  // Health answers only once gRPC is bound, so a supervisor's probe means both.
  EXPECT_LT(m.find("grpc.bindAsync"), m.find("health.listen"));
}

TEST(TypescriptGrpcEmitter, ContractTestsRunTheScenarioOverGrpc) {
  Contract c = contract();
  std::string t = ts_grpc_contract_tests(c, ts_names(c, "@shop"));
  EXPECT_TRUE(has(t, "gives the same results in process and over gRPC"));
  EXPECT_TRUE(has(t, "import { grpcClient, grpcTransport } from \"./grpc-client.js\";"));
  EXPECT_FALSE(has(t, "http-client"));
  EXPECT_FALSE(has(t, "refusals"));
  EXPECT_TRUE(has(t, "async function scenario("));
  EXPECT_EQ(t.rfind("// Contract tests", 0), 0u);
  EXPECT_TRUE(has(t, "assert.equal(await statusOf(target, () => undefined), 401);"));
  EXPECT_TRUE(has(t,
                  "assert.equal(await statusOf(target, () => issueToken({ lifetimeSeconds: -60 "
                  "})), 401);"));
  EXPECT_TRUE(has(t, "assert.notEqual(await statusOf(target, () => issueToken()), 401);"));
}

// gRPC and Kafka answer the health path and /metrics with the HTTP module's server.
TEST(TypescriptGrpcEmitter, TheHealthServerIsTheHttpModules) {
  Contract c = contract();
  EXPECT_FALSE(has(ts_grpc_server_module(c, ts_names(c, "@shop")), "createServer("));
  EXPECT_TRUE(has(ts_grpc_main_module("/health"),
                  "import { createHealthServer, Metrics } from \"./http-server.js\";"));
  EXPECT_TRUE(has(ts_http_server_module(c, ts_names(c, "@shop")),
                  "export function createHealthServer(metrics: Metrics, healthPath: string, "
                  "ready: () => boolean = () => true): Server"));
  EXPECT_TRUE(has(ts_grpc_main_module("/a\"b"), "const HEALTH_PATH = \"/a\\\"b\";"));
}

}  // namespace
}  // namespace strata::service
