#include "service/typescript_kafka_emitter.h"

#include <gtest/gtest.h>

#include "service/typescript_contract.h"

namespace strata::service {
namespace {

Contract contract() {
  auto c = parse_typescript_contract(
      "order_lines",
      "export interface OrderDto {\n  readonly id: string;\n}\n\n"
      "export interface ErrorDto {\n  readonly code: string;\n  readonly message: string;\n}\n\n"
      "export type Result<T> = { readonly ok: true; readonly value: T } | "
      "{ readonly ok: false; readonly error: ErrorDto };\n",
      "dto.ts",
      "import type { OrderDto, Result } from \"./dto.js\";\n\n"
      "export interface OrderLinesService {\n  open(id: string): Promise<Result<OrderDto>>;\n}\n",
      "order-lines-service.ts");
  EXPECT_TRUE(c.ok()) << c.error().message;
  return *c;
}

bool has(const std::string& text, const std::string& part) {
  return text.find(part) != std::string::npos;
}

// The Python services' topics, group and headers, so either side can call the other.
TEST(TypescriptKafkaEmitter, ClientUsesThePythonTopicsAndHeaders) {
  Contract c = contract();
  std::string k = ts_kafka_client_module(c, ts_names(c, "@shop"));
  EXPECT_TRUE(has(k, "REQUEST_TOPIC = \"strata.order_lines.requests\""));
  EXPECT_TRUE(has(k, "REPLY_TOPIC_PREFIX = \"strata.order_lines.replies.\""));
  EXPECT_TRUE(has(k, "SERVICE_GROUP = \"order_lines-service\""));
  EXPECT_TRUE(has(k, "{ method, \"correlation-id\": correlation, \"reply-to\": replyTopic }"));
  EXPECT_TRUE(has(k, "headers[\"authorization\"] = `Bearer ${bearer}`"));
  EXPECT_TRUE(has(k, "\"STRATA_KAFKA_BOOTSTRAP\""));
  EXPECT_TRUE(has(k, "\"STRATA_KAFKA_NAMESPACE\""));
  EXPECT_TRUE(has(k, "status: 504"));
  EXPECT_TRUE(has(k, "kind: \"timeout\""));
  EXPECT_TRUE(has(k, "export function kafkaClient(servers?: string): OrderLinesClient"));
}

TEST(TypescriptKafkaEmitter, ServerChecksTheTokenAndRepliesWithStatus) {
  Contract c = contract();
  std::string s = ts_kafka_server_module(c, ts_names(c, "@shop"));
  EXPECT_TRUE(has(s, "checkAuthorization(header(message.headers, \"authorization\"))"));
  EXPECT_TRUE(has(s, "{ status: 401, body: UNAUTHORIZED }"));
  EXPECT_TRUE(has(s, "headers: { \"correlation-id\": correlation, status: String(reply.status) }"));
  EXPECT_TRUE(has(s, "groupId: namespaced(SERVICE_GROUP)"));
  EXPECT_TRUE(has(s, "consumer.events.GROUP_JOIN"));
}

TEST(TypescriptKafkaEmitter, HealthWaitsForThePartition) {
  std::string m = ts_kafka_main_module("/health");
  EXPECT_TRUE(has(m, "(ready ? 200 : 503)"));
  EXPECT_TRUE(has(m, "bootstrap()"));
}

TEST(TypescriptKafkaEmitter, ContractTestsSkipWithoutABrokerAndUseTheirOwnTopics) {
  Contract c = contract();
  std::string t = ts_kafka_contract_tests(c, ts_names(c, "@shop"));
  EXPECT_TRUE(has(t, "gives the same results in process and over Kafka"));
  EXPECT_TRUE(has(t, "skip: BOOTSTRAP.length === 0"));
  EXPECT_TRUE(has(t, "process.env[\"STRATA_KAFKA_NAMESPACE\"] = `contract-tests-"));
  EXPECT_FALSE(has(t, "http-client"));
}

}  // namespace
}  // namespace strata::service
