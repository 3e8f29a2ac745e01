// The C++ HTTP adapters, JWTs and entry points generated from a contract:
// the names each place takes from the context, the order of the checks a
// call goes through, the health path as the topology gives it (quoted as
// C++ needs), and every placeholder filled.

#include "service/cpp_http_emitter.h"

#include <gtest/gtest.h>

#include "service/cpp_grpc_emitter.h"
#include "service/cpp_kafka_emitter.h"
#include "service/cpp_test_emitter.h"
#include "service/emitter_test_support.h"

namespace strata::service {
namespace {

using service_test::cpp_shapes_contract;
using service_test::has;
using service_test::has_open_placeholder;

TEST(CppHttpEmitter, EveryFileHasEveryPlaceholderFilled) {
  Contract c = cpp_shapes_contract();
  for (const CppUnit& u : {cpp_service_unit(c), cpp_monolith_unit(c)})
    for (const std::string& text :
         {cpp_jwt_header(c, u), cpp_jwt_source(u), cpp_http_client_header(c, u),
          cpp_http_client_source(c, u), cpp_http_server_header(c, u), cpp_http_server_source(c, u),
          cpp_service_main(c, u, "/health")})
      EXPECT_FALSE(has_open_placeholder(text)) << text.substr(0, 300);
}

TEST(CppHttpEmitter, TheJwtAudienceIsTheServicesName) {
  Contract c = cpp_shapes_contract();
  CppUnit u = cpp_service_unit(c);
  std::string h = cpp_jwt_header(c, u);
  EXPECT_TRUE(has(h, "inline constexpr std::string_view k_audience = \"order-items-service\";"));
  EXPECT_TRUE(has(h, "namespace order_items::service {"));
  EXPECT_TRUE(has(cpp_jwt_source(u), "#include \"order_items/service/jwt.h\""));
}

TEST(CppHttpEmitter, TheClientFindsTheServiceByTheContextsVariable) {
  Contract c = cpp_shapes_contract();
  CppUnit u = cpp_monolith_unit(c);
  std::string h = cpp_http_client_header(c, u);
  EXPECT_TRUE(has(h, "k_url_variable = \"STRATA_SERVICE_ORDER_ITEMS_URL\";"));
  EXPECT_TRUE(has(h, "std::unique_ptr<api::OrderItemsService> http_client(std::string base_url"));
  std::string s = cpp_http_client_source(c, u);
  EXPECT_TRUE(has(s, "std::make_unique<OrderItemsClient>(http_transport("));
  EXPECT_TRUE(has(s, "#include \"strata_monolith/order_items/http_client.h\""));
}

TEST(CppHttpEmitter, TheServerServesTheContextsPortAndCountsPerMethod) {
  Contract c = cpp_shapes_contract();
  CppUnit u = cpp_service_unit(c);
  std::string h = cpp_http_server_header(c, u);
  EXPECT_TRUE(has(h,
                  "HttpServer(api::OrderItemsService& service, std::string key, const "
                  "std::string& health_path);"));
  std::string s = cpp_http_server_source(c, u);
  EXPECT_TRUE(has(s, "m_server.Get(health_path,"));
  EXPECT_TRUE(has(s, "strata_service_requests_total{service=\\\"order_items\\\",method=\\\""));
}

TEST(CppHttpEmitter, TheEntryPointChecksThePortAndKeyBeforeItServes) {
  Contract c = cpp_shapes_contract();
  std::string m = cpp_service_main(c, cpp_service_unit(c), "/health");
  size_t port = m.find("int port = port_from(std::getenv(\"PORT\"));");
  size_t key = m.find("std::string key = order_items::service::signing_key();");
  size_t serve = m.find(
      "order_items::service::HttpServer server(context.service(), key, "
      "\"/health\");");
  ASSERT_NE(port, std::string::npos);
  ASSERT_NE(key, std::string::npos);
  ASSERT_NE(serve, std::string::npos);
  EXPECT_LT(port, key);
  EXPECT_LT(key, serve);
  // The service builds its context on the outbox that relays its events.
  EXPECT_TRUE(has(
      m,
      "order_items::service::LocalContext context(order_items::service::service_event_relay());"));
  EXPECT_TRUE(has(m, "constexpr const char* k_name = \"order-items-service\";"));
  EXPECT_TRUE(has(m, "if (argc == 3 && std::string(argv[1]) == \"--health-probe\")"));
}

TEST(CppHttpEmitter, EveryTransportsMainSharesTheSameStart) {
  Contract c = cpp_shapes_contract();
  CppUnit u = cpp_service_unit(c);
  std::string start = cpp_fill(cpp_main_start(), cpp_names(c, u));
  ASSERT_FALSE(start.empty());
  EXPECT_TRUE(has(cpp_service_main(c, u, "/h"), start));
  EXPECT_TRUE(has(cpp_grpc_service_main(c, u, "/h"), start));
  EXPECT_TRUE(has(cpp_kafka_service_main(c, u, "/h"), start));
}

TEST(CppHttpEmitter, AHealthPathIsQuotedAsCppNeedsIt) {
  Contract c = cpp_shapes_contract();
  CppUnit u = cpp_service_unit(c);
  std::string path = "/he\"al\\th";
  std::string literal = "\"/he\\\"al\\\\th\"";
  EXPECT_EQ(cpp_escaped(path), "/he\\\"al\\\\th");
  EXPECT_EQ(cpp_escaped("/plain/path"), "/plain/path");
  EXPECT_TRUE(has(cpp_service_main(c, u, path), "(context.service(), key, " + literal + ");"));
  EXPECT_TRUE(has(cpp_grpc_service_main(c, u, path), "(context.service(), key, " + literal + ");"));
  EXPECT_TRUE(
      has(cpp_kafka_service_main(c, u, path), "(context.service(), key, " + literal + ");"));
  EXPECT_TRUE(has(cpp_contract_tests(c, u, path), "k_health_path = " + literal + ";"));
}

TEST(CppHttpEmitter, TheAdaptersDoNotDependOnTheDtos) {
  Contract a = cpp_shapes_contract();
  Contract b = a;
  b.dtos[0].fields.pop_back();
  CppUnit u = cpp_service_unit(a);
  EXPECT_EQ(cpp_http_server_source(a, u), cpp_http_server_source(b, u));
  EXPECT_EQ(cpp_http_client_source(a, u), cpp_http_client_source(b, u));
  EXPECT_EQ(cpp_service_main(a, u, "/health"), cpp_service_main(b, u, "/health"));
  EXPECT_NE(cpp_service_main(a, u, "/health"), cpp_service_main(a, u, "/ready"));
}

}  // namespace
}  // namespace strata::service
