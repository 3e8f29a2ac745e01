// The C++ kafka transport generated for a context whose name has several
// words: the topics, group and variables named from it as the Python and
// TypeScript services name theirs, every placeholder filled, the entry point
// checking what it needs before it serves, and the text a function of its
// inputs.

#include <gtest/gtest.h>

#include "service/cpp_kafka_emitter.h"
#include "service/emitter_test_support.h"

namespace strata::service {
namespace {

using service_test::count_of;
using service_test::cpp_shapes_contract;
using service_test::has;
using service_test::has_open_placeholder;

TEST(CppKafkaEmitterShapes, EveryFileHasEveryPlaceholderFilled) {
  Contract c = cpp_shapes_contract();
  for (const CppUnit& u : {cpp_service_unit(c), cpp_monolith_unit(c)})
    for (const std::string& text : {cpp_kafka_client_header(c, u), cpp_kafka_client_source(c, u),
                                    cpp_kafka_server_header(c, u), cpp_kafka_server_source(c, u),
                                    cpp_kafka_service_main(c, u, "/health")})
      EXPECT_FALSE(has_open_placeholder(text)) << text.substr(0, 300);
}

TEST(CppKafkaEmitterShapes, TopicsAndGroupUseTheContextsSnakeCaseName) {
  Contract c = cpp_shapes_contract();
  std::string h = cpp_kafka_client_header(c, cpp_monolith_unit(c));
  // The same names the Python and TypeScript services use for order_items.
  EXPECT_TRUE(has(h, "k_request_topic = \"strata.order_items.requests\""));
  EXPECT_TRUE(has(h, "k_reply_topic_prefix = \"strata.order_items.replies.\""));
  EXPECT_TRUE(has(h, "k_service_group = \"order_items-service\""));
  EXPECT_TRUE(has(h, "namespace strata_monolith::order_items {"));
}

TEST(CppKafkaEmitterShapes, TheServerConsumesTheRequestTopicInTheServiceGroup) {
  Contract c = cpp_shapes_contract();
  std::string s = cpp_kafka_server_source(c, cpp_service_unit(c));
  EXPECT_TRUE(has(s, "std::string topic = kafka_namespaced(k_request_topic);"));
  EXPECT_TRUE(has(s, "{\"group.id\", kafka_namespaced(k_service_group)}"));
  EXPECT_TRUE(has(s, "#include \"order_items/service/kafka_server.h\""));
  EXPECT_TRUE(has(cpp_kafka_server_header(c, cpp_service_unit(c)), "api::OrderItemsService&"));
}

TEST(CppKafkaEmitterShapes, TheEntryPointChecksTheBrokersBeforeItConsumes) {
  Contract c = cpp_shapes_contract();
  std::string m = cpp_kafka_service_main(c, cpp_service_unit(c), "/ready");
  size_t probe = m.find("\"--health-probe\"");
  size_t brokers = m.find("std::string servers = order_items::service::kafka_bootstrap();");
  size_t consume = m.find("order_items::service::serve_kafka(");
  ASSERT_NE(probe, std::string::npos);
  ASSERT_NE(brokers, std::string::npos);
  ASSERT_NE(consume, std::string::npos);
  EXPECT_LT(probe, brokers);
  EXPECT_LT(brokers, consume);
  EXPECT_TRUE(has(m, "HttpServer http(context.service(), key, \"/ready\");"));
  // The service builds its context on the outbox that relays its events.
  EXPECT_TRUE(has(
      m,
      "order_items::service::LocalContext context(order_items::service::service_event_relay());"));
  EXPECT_EQ(count_of(m, "int main("), 1);
}

TEST(CppKafkaEmitterShapes, TheTransportDoesNotDependOnTheDtos) {
  Contract a = cpp_shapes_contract();
  Contract b = a;
  b.dtos.pop_back();
  CppUnit u = cpp_service_unit(a);
  EXPECT_EQ(cpp_kafka_client_source(a, u), cpp_kafka_client_source(b, u));
  EXPECT_EQ(cpp_kafka_server_source(a, u), cpp_kafka_server_source(b, u));
  EXPECT_EQ(cpp_kafka_service_main(a, u, "/h"), cpp_kafka_service_main(b, u, "/h"));
  EXPECT_NE(cpp_kafka_client_header(a, cpp_service_unit(a)),
            cpp_kafka_client_header(a, cpp_monolith_unit(a)));
}

}  // namespace
}  // namespace strata::service
