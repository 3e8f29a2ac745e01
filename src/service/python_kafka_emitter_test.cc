#include "service/python_kafka_emitter.h"

#include <gtest/gtest.h>

#include "service/python_events_emitter.h"

namespace strata::service {
namespace {

Contract contract() {
  auto c = parse_python_contract(
      "billing", "@dataclass(frozen=True)\nclass ADto:\n    id: str\n", "dtos.py",
      "class BillingService(Protocol):\n    def get(self, id: str) -> ADto: ...\n", "port.py");
  EXPECT_TRUE(c.ok());
  return *c;
}

bool has(const std::string& text, const std::string& part) {
  return text.find(part) != std::string::npos;
}

TEST(PythonKafkaEmitter, TheClientSendsTheCallsHeadersAndTimesOut) {
  std::string c = py_kafka_client_module(contract());
  EXPECT_TRUE(has(c, "REQUEST_TOPIC = \"strata.billing.requests\""));
  EXPECT_TRUE(has(c, "REPLY_TOPIC_PREFIX = \"strata.billing.replies.\""));
  for (const char* h : {"(\"method\", method)", "(\"correlation-id\", correlation)",
                        "(\"reply-to\", self._reply_topic)"})
    EXPECT_TRUE(has(c, h)) << h;
  EXPECT_TRUE(has(c, "return 504, json.dumps({\"error\": error}).encode()"));
  EXPECT_TRUE(has(c, "def kafka_client(servers: str | None = None) -> BillingClient:"));
  EXPECT_FALSE(has(c, "@@"));
}

TEST(PythonKafkaEmitter, TheServerConsumesInItsGroupAndRefusesWithoutAToken) {
  std::string s = py_kafka_server_module(contract());
  EXPECT_TRUE(has(s, "\"group.id\": namespaced(SERVICE_GROUP)"));
  EXPECT_TRUE(has(s, "status, body = 401, UNAUTHORIZED"));
  EXPECT_TRUE(has(s, "producer.produce(reply_to, body, key=correlation, headers=reply_headers)"));
}

TEST(PythonKafkaEmitter, TheRemoteContractTestsNeedABroker) {
  std::string t = py_kafka_contract_tests(contract());
  EXPECT_TRUE(has(t, "remote = pytest.mark.skipif(not BOOTSTRAP"));
  EXPECT_TRUE(has(t, "def test_events_reach_their_handlers_through_kafka"));
  EXPECT_TRUE(has(t, "return transport(\"get\", b\"{}\")[0]"));
  EXPECT_FALSE(has(t, "@@"));
}

TEST(PythonEventsEmitter, EventsGoToATopicPerTypeAndStayInTheOutboxUntilRelayed) {
  std::string k = py_kafka_events_module(contract());
  EXPECT_TRUE(has(k, "EVENT_TOPIC = \"strata.billing.events\""));
  EXPECT_TRUE(has(k, "EVENT_GROUP = \"billing-event-handlers\""));
  EXPECT_TRUE(has(k, "if self._producer.flush(10) > 0:"));
  std::string o = py_outbox_module(contract());
  EXPECT_TRUE(has(o, "CONTEXT = \"billing\""));
  EXPECT_TRUE(has(o, "self._pending[:0] = batch"));
  EXPECT_TRUE(has(py_events_in_process_test(), "assert received == published"));
}

}  // namespace
}  // namespace strata::service
