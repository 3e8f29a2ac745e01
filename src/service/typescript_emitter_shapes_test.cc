// The TypeScript modules generated from a contract of every shape: the
// codec per field type, the runners and client per parameter list and
// result, the helpers a contract needs (and only those), the grpc, kafka
// and events modules with every template hole filled, and the text a
// function of the contract alone.

#include <gtest/gtest.h>

#include "service/emitter_test_support.h"
#include "service/typescript_emitter.h"
#include "service/typescript_events_emitter.h"
#include "service/typescript_grpc_emitter.h"
#include "service/typescript_kafka_emitter.h"

namespace strata::service {
namespace {

using service_test::count_of;
using service_test::has;
using service_test::has_open_placeholder;
using service_test::ts_shapes_contract;

std::string codec() {
  Contract c = ts_shapes_contract();
  return ts_codec_module(c, ts_names(c, "@ws"));
}

// The runner of `method` in the codec, up to the next one.
std::string runner_of(const std::string& text, const std::string& method) {
  size_t at = text.find("  [\n    \"" + method + "\",\n");
  if (at == std::string::npos) return "";
  return text.substr(at, text.find("  ],\n", at) - at);
}

TEST(TypescriptEmitterShapes, NamesOfAOneWordContext) {
  Contract c = ts_shapes_contract();
  c.context = "billing";
  c.port = "BillingService";
  TsNames n = ts_names(c, "@acme");
  EXPECT_EQ(n.kebab, "billing");
  EXPECT_EQ(n.camel, "billing");
  EXPECT_EQ(n.upper, "BILLING");
  EXPECT_EQ(n.pascal, "Billing");
  EXPECT_EQ(n.package("service"), "@acme/billing-service");
}

TEST(TypescriptEmitterShapes, EachScalarFieldHasItsChecker) {
  std::string m = codec();
  EXPECT_TRUE(has(m,
                  "export function decodeItemDto(value: unknown, path: string): ItemDto {\n"
                  "  const o = fields(value, path, [\"sku\", \"quantity\", \"gift\", "
                  "\"status\", \"note\", \"tags\"]);\n"));
  EXPECT_TRUE(has(m, "    sku: text(o[\"sku\"], `${path}.sku`),\n"));
  EXPECT_TRUE(has(m, "    quantity: num(o[\"quantity\"], `${path}.quantity`),\n"));
  EXPECT_TRUE(has(m, "    gift: bool(o[\"gift\"], `${path}.gift`),\n"));
  EXPECT_TRUE(has(m,
                  "    status: oneOf(o[\"status\"], `${path}.status`, [\"open\", \"closed\"] "
                  "as const),\n"));
  EXPECT_TRUE(has(m,
                  "    tags: list(o[\"tags\"], `${path}.tags`).map((x0, i0) => text(x0, "
                  "`${path}.tags[${i0}]`)),\n"));
}

TEST(TypescriptEmitterShapes, NestedListedAndNullableDtosGoThroughTheirOwnCodec) {
  std::string m = codec();
  EXPECT_TRUE(has(m, "    item: encodeItemDto(value.item),\n"));
  EXPECT_TRUE(has(m, "    extras: value.extras.map((x0) => encodeItemDto(x0)),\n"));
  EXPECT_TRUE(has(m,
                  "    replacement: (value.replacement === null || value.replacement === "
                  "undefined ? null : encodeItemDto(value.replacement)),\n"));
  EXPECT_TRUE(has(m, "    item: decodeItemDto(o[\"item\"], `${path}.item`),\n"));
  EXPECT_TRUE(has(m,
                  "    extras: list(o[\"extras\"], `${path}.extras`).map((x0, i0) => "
                  "decodeItemDto(x0, `${path}.extras[${i0}]`)),\n"));
  EXPECT_EQ(count_of(m, "\nexport function encode"), 4);  // three DTOs and Result
  EXPECT_EQ(count_of(m, "\nexport function decode"), 4);
}

TEST(TypescriptEmitterShapes, OnlyTheHelpersTheContractUsesAreEmitted) {
  std::string m = codec();
  EXPECT_TRUE(has(m, "export function oneOf<T extends string>"));
  EXPECT_TRUE(has(m, "export function nothing("));  // clear() answers void
  EXPECT_FALSE(has(m, "export function integer(")) << "number is no integer";
  EXPECT_TRUE(has(m, "export function encodeResult<T>"));
  Contract plain = ts_shapes_contract(
      "export interface ItemDto {\n  readonly sku: string;\n}\n",
      "import type { ItemDto } from \"./dto.js\";\n\n"
      "export interface OrderLinesService {\n  get(sku: string): Promise<ItemDto>;\n}\n");
  std::string p = ts_codec_module(plain, ts_names(plain, "@ws"));
  EXPECT_FALSE(has(p, "oneOf"));
  EXPECT_FALSE(has(p, "function nothing("));
  EXPECT_FALSE(has(p, "Result"));
  EXPECT_TRUE(
      has(p, "import type {\n  ItemDto,\n  OrderLinesService,\n} from \"@ws/order-lines-api\";"));
}

TEST(TypescriptEmitterShapes, RunnersDecodeEveryArgumentInOrder) {
  std::string add = runner_of(codec(), "addLine");
  EXPECT_TRUE(has(add,
                  "      const args = fields(body, \"arguments\", [\"orderId\", \"line\", "
                  "\"quantity\", \"urgent\"]);\n"));
  EXPECT_LT(add.find("const orderId = text("), add.find("const line = decodeLineDto("));
  EXPECT_LT(add.find("const line = "), add.find("const quantity = num("));
  EXPECT_LT(add.find("const quantity = "), add.find("const urgent = bool("));
  EXPECT_TRUE(has(add, "(await service.addLine(orderId, line, quantity, urgent))"));
  EXPECT_TRUE(has(add, "encodeResult("));
  std::string count = runner_of(codec(), "countAll");
  EXPECT_TRUE(has(count, "      fields(body, \"arguments\", []);\n"));
  EXPECT_FALSE(has(count, "const args"));
  std::string clear = runner_of(codec(), "clear");
  EXPECT_TRUE(has(clear, "        (await service.clear());\n        return null;\n"));
}

TEST(TypescriptEmitterShapes, ANullableResultCallsThePortOnce) {
  std::string maybe = runner_of(codec(), "maybeLine");
  ASSERT_FALSE(maybe.empty());
  EXPECT_EQ(count_of(maybe, "service.maybeLine("), 1) << maybe;
  EXPECT_TRUE(has(maybe, "encodeLineDto("));
}

TEST(TypescriptEmitterShapes, AnOmittableParameterIsLeftOutWhenUndefined) {
  std::string m = codec();
  EXPECT_TRUE(
      has(m, "  async maybeLine(lineId: string, note?: string): Promise<LineDto | null> {"));
  EXPECT_TRUE(has(m,
                  "await this.call(\"maybeLine\", { lineId: lineId, ...(note === undefined ? "
                  "{} : { note: note }) })"));
}

TEST(TypescriptEmitterShapes, TheClientKeepsEverySignatureOfThePort) {
  std::string m = codec();
  EXPECT_TRUE(has(m, "export class OrderLinesClient implements OrderLinesService {"));
  EXPECT_TRUE(has(m,
                  "  async countAll(): Promise<number> {\n"
                  "    const result = await this.call(\"countAll\", {});\n"));
  EXPECT_TRUE(has(m,
                  "  async addLine(orderId: string, line: LineDto, quantity: number, urgent: "
                  "boolean): Promise<Result<string>> {"));
  EXPECT_TRUE(has(m, "line: encodeLineDto(line)"));
  EXPECT_TRUE(has(m, "  async listLines(): Promise<readonly LineDto[]> {"));
  EXPECT_TRUE(has(m, "  async clear(): Promise<void> {\n    await this.call(\"clear\", {});\n  }"));
  EXPECT_EQ(count_of(m, "\n  async "), 6);
}

TEST(TypescriptEmitterShapes, EveryMethodIsInTheDispatchTable) {
  std::string m = codec();
  for (const char* name : {"countAll", "addLine", "findLine", "maybeLine", "listLines", "clear"})
    EXPECT_FALSE(runner_of(m, name).empty()) << name;
}

TEST(TypescriptEmitterShapes, NoModuleLeavesATemplateHoleOpen) {
  Contract c = ts_shapes_contract();
  TsNames n = ts_names(c, "@ws");
  for (const std::string& text :
       {ts_codec_module(c, n), ts_auth_module(c), ts_http_client_module(c, n),
        ts_http_server_module(c, n), ts_wiring_module(c, n), ts_main_module("/health"),
        ts_contract_tests(c, n), ts_grpc_wire_module(c, "../order_lines.proto"),
        ts_grpc_client_module(c, n), ts_grpc_server_module(c, n), ts_grpc_main_module("/health"),
        ts_grpc_contract_tests(c, n), ts_kafka_client_module(c, n), ts_kafka_server_module(c, n),
        ts_kafka_main_module("/health"), ts_kafka_contract_tests(c, n), ts_outbox_module(c),
        ts_kafka_events_module(c)})
    EXPECT_FALSE(has_open_placeholder(text)) << text.substr(0, 300);
}

TEST(TypescriptEmitterShapes, TheGrpcWireSaysHowEachAbsentFieldReads) {
  std::string w = ts_grpc_wire_module(ts_shapes_contract(), "../order_lines.proto");
  EXPECT_TRUE(has(w, "new URL(\"../order_lines.proto\", import.meta.url)"));
  EXPECT_TRUE(has(w, "export const SERVICE = \"strata.order_lines.OrderLinesService\";"));
  EXPECT_TRUE(has(w, "  [\"countAll\", [\"CountAll\", \"CountAllCall\", \"CountAllResult\"]],\n"));
  EXPECT_TRUE(has(w, "{ name: \"sku\", absent: \"zero\", zero: \"\", message: \"\" }"));
  EXPECT_TRUE(has(w, "{ name: \"quantity\", absent: \"zero\", zero: 0, message: \"\" }"));
  EXPECT_TRUE(has(w, "{ name: \"gift\", absent: \"zero\", zero: false, message: \"\" }"));
  EXPECT_TRUE(has(w, "{ name: \"note\", absent: \"omit\", zero: \"\", message: \"\" }"));
  EXPECT_TRUE(has(w, "{ name: \"tags\", absent: \"many\", zero: \"\", message: \"\" }"));
  EXPECT_TRUE(has(w, "{ name: \"extras\", absent: \"many\", zero: null, message: \"ItemDto\" }"));
  EXPECT_TRUE(
      has(w, "{ name: \"replacement\", absent: \"null\", zero: null, message: \"ItemDto\" }"));
  // Result<T> travels as an outcome message; void answers leave no field.
  EXPECT_TRUE(has(w, "  [\"AddLineOutcome\", [{ name: \"ok\", absent: \"zero\", zero: false"));
  EXPECT_TRUE(has(w, "  [\"ClearResult\", []],\n"));
  EXPECT_TRUE(has(w, "\"AddLineOutcome\", \"FindLineOutcome\""));
}

TEST(TypescriptEmitterShapes, TheTransportsNameTheContextAndFirstMethod) {
  Contract c = ts_shapes_contract();
  TsNames n = ts_names(c, "@ws");
  EXPECT_TRUE(has(ts_grpc_client_module(c, n), "OrderLinesClient"));
  EXPECT_TRUE(has(ts_grpc_server_module(c, n), "OrderLinesService"));
  std::string kc = ts_kafka_client_module(c, n);
  EXPECT_TRUE(has(kc, "strata.order_lines.requests"));
  EXPECT_TRUE(has(kc, "strata.order_lines.replies."));
  EXPECT_TRUE(has(kc, "export const SERVICE_GROUP = \"order_lines-service\";"));
  EXPECT_TRUE(has(ts_kafka_server_module(c, n), "groupId: namespaced(SERVICE_GROUP)"));
  EXPECT_TRUE(has(ts_kafka_contract_tests(c, n), "method=\"countAll\""));
  EXPECT_TRUE(has(ts_grpc_contract_tests(c, n), "countAll"));
  EXPECT_TRUE(has(ts_kafka_events_module(c), "strata.order_lines.events"));
}

TEST(TypescriptEmitterShapes, TheHealthPathIsQuotedIntoEveryEntryPoint) {
  for (const std::string& m : {ts_main_module("/live\\z"), ts_grpc_main_module("/live\\z"),
                               ts_kafka_main_module("/live\\z")})
    EXPECT_TRUE(has(m, "\"/live\\\\z\"")) << m.substr(0, 400);
}

TEST(TypescriptEmitterShapes, TheSameContractGivesTheSameBytes) {
  Contract a = ts_shapes_contract();
  Contract b = ts_shapes_contract();
  TsNames n = ts_names(a, "@ws");
  EXPECT_EQ(ts_codec_module(a, n), ts_codec_module(b, n));
  EXPECT_EQ(ts_contract_tests(a, n), ts_contract_tests(b, n));
  EXPECT_EQ(ts_grpc_wire_module(a, "p"), ts_grpc_wire_module(b, "p"));
  EXPECT_EQ(ts_kafka_contract_tests(a, n), ts_kafka_contract_tests(b, n));
}

TEST(TypescriptEmitterShapes, AFieldAddedChangesTheCodecAndWireButNotTheAdapters) {
  Contract a = ts_shapes_contract();
  Contract b =
      ts_shapes_contract(std::string(service_test::k_ts_shapes_dto) +
                             "\nexport interface ExtraDto {\n  readonly colour: string;\n}\n",
                         service_test::k_ts_shapes_port);
  TsNames n = ts_names(a, "@ws");
  EXPECT_NE(ts_codec_module(a, n), ts_codec_module(b, n));
  EXPECT_TRUE(has(ts_codec_module(b, n), "export function decodeExtraDto("));
  EXPECT_NE(ts_grpc_wire_module(a, "p"), ts_grpc_wire_module(b, "p"));
  EXPECT_EQ(ts_auth_module(a), ts_auth_module(b));
  EXPECT_EQ(ts_http_server_module(a, n), ts_http_server_module(b, n));
  EXPECT_EQ(ts_kafka_server_module(a, n), ts_kafka_server_module(b, n));
}

TEST(TypescriptEmitterShapes, AGenericAliasInAFieldIsNotCarried) {
  Contract c =
      ts_shapes_contract(std::string(service_test::k_ts_shapes_dto) +
                             "export type Page<T> = { readonly items: readonly T[] };\n\n"
                             "export interface PagedDto {\n  readonly page: Page<ItemDto>;\n}\n",
                         service_test::k_ts_shapes_port);
  auto found = ts_unsupported_types(c);
  ASSERT_EQ(found.size(), 1u);
  EXPECT_EQ(found[0].where, "PagedDto.page");
  EXPECT_EQ(found[0].file, "dto.ts");
  EXPECT_GT(found[0].line, 20);
}

TEST(TypescriptEmitterShapes, AReturnTypeWithParenthesesKeepsTheParameters) {
  Contract c = ts_shapes_contract(
      service_test::k_ts_shapes_dto,
      "export interface OrderLinesService {\n"
      "  pick(ids: readonly string[], n: number): Promise<readonly (ItemDto | null)[]>;\n}\n");
  ASSERT_EQ(c.methods.size(), 1u);
  ASSERT_EQ(c.methods[0].params.size(), 2u);
  EXPECT_EQ(c.methods[0].params[1].name, "n");
  EXPECT_EQ(c.methods[0].returns.text, "readonly (ItemDto | null)[]");
}

}  // namespace
}  // namespace strata::service
