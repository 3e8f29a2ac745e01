#include "service/typescript_emitter.h"

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
  readonly status: "open" | "closed";
  readonly items: readonly LineItemDto[];
  readonly note?: string;
  readonly paid: boolean | null;
  readonly due?: string | null;
}

export interface OpenOrderCommand {
  readonly id: string;
  readonly items: readonly LineItemDto[];
}

export interface ErrorDto {
  readonly code: "invalid" | "not_found";
  readonly message: string;
}

export type Result<T> = { readonly ok: true; readonly value: T } | { readonly ok: false; readonly error: ErrorDto };
)";

const char* k_port = R"(import type { OrderDto, OpenOrderCommand, Result } from "./dto.js";

export interface OrderLinesService {
  open(command: OpenOrderCommand): Promise<Result<OrderDto>>;
  list(): Promise<readonly OrderDto[]>;
  forget(id: string): Promise<void>;
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

TEST(TypescriptEmitter, NamesTheContextInEveryForm) {
  TsNames n = ts_names(contract(), "@shop");
  EXPECT_EQ(n.kebab, "order-lines");
  EXPECT_EQ(n.camel, "orderLines");
  EXPECT_EQ(n.upper, "ORDER_LINES");
  EXPECT_EQ(n.pascal, "OrderLines");
  EXPECT_EQ(n.package("api"), "@shop/order-lines-api");
}

TEST(TypescriptEmitter, TheCodecChecksTypesLiteralsAndUnknownFields) {
  std::string codec = ts_codec_module(contract(), ts_names(contract(), "@shop"));
  EXPECT_TRUE(has(codec, "} from \"@shop/order-lines-api\";"));
  EXPECT_TRUE(has(codec,
                  "const o = fields(value, path, [\"id\", \"status\", \"items\", \"note\", "
                  "\"paid\", \"due\"]);"));
  EXPECT_TRUE(
      has(codec, "oneOf(o[\"status\"], `${path}.status`, [\"open\", \"closed\"] as const)"));
  EXPECT_TRUE(has(codec,
                  "list(o[\"items\"], `${path}.items`).map((x0, i0) => decodeLineItemDto(x0, "
                  "`${path}.items[${i0}]`))"));
  EXPECT_TRUE(has(codec, "throw new CodecError(`${path}.${key}: unknown field`)"));
  // An optional field is absent on the wire when undefined; a nullable one is null.
  EXPECT_TRUE(has(codec, "...(value.note === undefined ? {} : { note: value.note }),"));
  EXPECT_TRUE(has(
      codec, "...(o[\"note\"] === undefined ? {} : { note: text(o[\"note\"], `${path}.note`) }),"));
  EXPECT_TRUE(
      has(codec, "paid: (o[\"paid\"] === null || o[\"paid\"] === undefined ? null : bool("));
  // Optional and nullable: absent when undefined, null kept as null.
  EXPECT_TRUE(has(codec,
                  "...(o[\"due\"] === undefined ? {} : { due: (o[\"due\"] === null || o[\"due\"] "
                  "=== undefined ? null : text("));
  EXPECT_TRUE(has(codec, "export function decodeResult<T>"));
}

TEST(TypescriptEmitter, TheClientImplementsThePortWithItsOwnSignatures) {
  std::string codec = ts_codec_module(contract(), ts_names(contract(), "@shop"));
  EXPECT_TRUE(has(codec, "export class OrderLinesClient implements OrderLinesService {"));
  EXPECT_TRUE(has(codec, "async open(command: OpenOrderCommand): Promise<Result<OrderDto>> {"));
  EXPECT_TRUE(
      has(codec, "await this.call(\"open\", { command: encodeOpenOrderCommand(command) })"));
  EXPECT_TRUE(has(codec, "async list(): Promise<readonly OrderDto[]> {"));
  EXPECT_TRUE(has(codec,
                  "async forget(id: string): Promise<void> {\n    await this.call(\"forget\", { "
                  "id: id });\n  }"));
  // The in-process client goes through the same dispatcher as the servers.
  EXPECT_TRUE(has(
      codec, "return new OrderLinesClient((method, body) => dispatch(service, method, body));"));
}

TEST(TypescriptEmitter, TheDispatcherDecodesBeforeItCalls) {
  std::string codec = ts_codec_module(contract(), ts_names(contract(), "@shop"));
  EXPECT_TRUE(has(codec, "const args = fields(body, \"arguments\", [\"command\"]);"));
  EXPECT_TRUE(
      has(codec, "const command = decodeOpenOrderCommand(args[\"command\"], \"command\");"));
  EXPECT_TRUE(
      has(codec, "if (e instanceof CodecError) return failed(400, \"bad_request\", e.message);"));
  EXPECT_TRUE(has(codec, "      fields(body, \"arguments\", []);\n"));
}

TEST(TypescriptEmitter, TheAdaptersReadOnlyTheContractsVariables) {
  Contract c = contract();
  TsNames n = ts_names(c, "@shop");
  EXPECT_TRUE(has(ts_auth_module(c), "export const AUDIENCE = \"order_lines-service\";"));
  EXPECT_TRUE(has(ts_auth_module(c), "export const KEY_VARIABLE = \"STRATA_SERVICE_JWT_KEY\";"));
  EXPECT_TRUE(has(ts_http_client_module(c, n), "\"STRATA_SERVICE_ORDER_LINES_URL\""));
  std::string server = ts_http_server_module(c, n);
  EXPECT_TRUE(has(server, "from \"node:http\""));
  EXPECT_TRUE(has(server, "strata_service_request_duration_seconds_bucket"));
  EXPECT_TRUE(has(server, "answer(401, UNAUTHORIZED, { \"www-authenticate\": \"Bearer\" });"));
  EXPECT_TRUE(has(ts_main_module("/ready\"z"), "const HEALTH_PATH = \"/ready\\\"z\";"));
  EXPECT_TRUE(
      has(ts_wiring_module(c, n),
          "import { createInMemoryOrderLinesService } from \"@shop/order-lines-infrastructure\";"));
}

TEST(TypescriptEmitter, TheContractTestsCompareInProcessAndRemoteRuns) {
  Contract c = contract();
  std::string tests = ts_contract_tests(c, ts_names(c, "@shop"));
  EXPECT_TRUE(has(tests, "await record(() => service.open({ id: anId(), items: [] }));"));
  EXPECT_TRUE(has(tests, "await record(() => service.forget(anId()));"));
  EXPECT_TRUE(has(
      tests,
      "[\"open\", JSON.stringify({ command: { ...{ id: anId(), items: [] }, unexpected: 1 } })],"));
  EXPECT_TRUE(has(
      tests, "[\"open\", JSON.stringify({ command: { ...{ id: anId(), items: [] }, id: 7 } })],"));
  EXPECT_TRUE(has(tests, "const remote = await scenario(httpClient(url));"));
  EXPECT_TRUE(has(tests, "method=\"open\",status=\"401\""));
  // Against a service running elsewhere (a container) instead of a child process.
  EXPECT_TRUE(has(tests, "const target = process.env[\"STRATA_CONTRACT_TARGET_URL\"] ?? \"\";"));
}

TEST(TypescriptEmitter, GenericAliasesOtherThanResultAreNotCarried) {
  std::string dto =
      std::string(k_dto) + "export type Page<T> = { readonly items: readonly T[] };\n";
  std::string port =
      "export interface OrderLinesService {\n  list(): Promise<Page<OrderDto>>;\n}\n";
  auto c = parse_typescript_contract("order_lines", dto, "dto.ts", port, "port.ts");
  ASSERT_TRUE(c.ok());
  auto found = ts_unsupported_types(*c);
  ASSERT_EQ(found.size(), 1u);
  EXPECT_EQ(found[0].where, "OrderLinesService.list: result");
  EXPECT_EQ(found[0].type, "Page<OrderDto>");
  EXPECT_TRUE(ts_unsupported_types(contract()).empty());
}

}  // namespace
}  // namespace strata::service
