#include "service/typescript_kafka_emitter.h"

#include <gtest/gtest.h>

#include "service/typescript_test_support.h"

namespace strata::service {
namespace {

using service_test::has;
Contract contract() { return service_test::ts_order_lines_contract(); }

// The Python services' topics, group and headers, so either side can call the other.
TEST(TypescriptKafkaEmitter, ClientUsesThePythonTopicsAndHeaders) {
  Contract c = contract();
  std::string k = ts_kafka_client_module(c, ts_names(c, "@shop"));
  EXPECT_TRUE(has(k, "REQUEST_TOPIC = \"strata.order_lines.requests\""));
  EXPECT_TRUE(has(k, "REPLY_TOPIC_PREFIX = \"strata.order_lines.replies.\""));
  EXPECT_TRUE(has(k, "SERVICE_GROUP = \"order_lines-service\""));
  EXPECT_TRUE(has(k, "{ method, \"correlation-id\": correlation, \"reply-to\": replyTopic }"));
  EXPECT_TRUE(has(k, "headers[\"authorization\"] = `Bearer ${bearer}`"));
  // The brokers and namespaced names come from the events module every split service has.
  EXPECT_TRUE(
      has(k, "import { bootstrap, ensureTopic, kafka, namespaced } from \"./kafka-events.js\";"));
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
  EXPECT_TRUE(has(m, "createHealthServer(metrics, HEALTH_PATH, () => kafka?.ready() ?? false)"));
  Contract c = contract();
  EXPECT_TRUE(has(ts_http_server_module(c, ts_names(c, "@shop")), "up ? 200 : 503"));
  EXPECT_TRUE(has(m, "bootstrap()"));
}

TEST(TypescriptKafkaEmitter, ContractTestsSkipWithoutABrokerAndUseTheirOwnTopics) {
  Contract c = contract();
  std::string t = ts_kafka_contract_tests(c, ts_names(c, "@shop"));
  EXPECT_TRUE(has(t, "gives the same results in process and over Kafka"));
  EXPECT_TRUE(has(t, "skip: BOOTSTRAP.length === 0"));
  EXPECT_TRUE(has(t, "process.env[\"STRATA_KAFKA_NAMESPACE\"] = `contract-tests-"));
  EXPECT_FALSE(has(t, "http-client"));
  EXPECT_TRUE(has(t, "assert.equal(await statusOf(() => undefined), 401);"));
  EXPECT_FALSE(has(t, "refuses an expired token"));
}

}  // namespace
}  // namespace strata::service
