#include "service/cpp_kafka_emitter.h"

#include <gtest/gtest.h>

#include "service/cpp_contract.h"
#include "service/cpp_events_emitter.h"
#include "service/cpp_test_emitter.h"
#include "service/cpp_test_support.h"
#include "service/service_layout.h"

namespace strata::service {
namespace {

Contract contract() { return service_test::cpp_billing_contract(); }

bool has(const std::string& text, const std::string& part) {
  return text.find(part) != std::string::npos;
}

Layout kafka_layout() {
  Topology t;
  ServiceConfig s;
  s.context = "billing";
  s.mode = ServiceMode::k_service;
  s.transport = Transport::k_kafka;
  s.port = 8100;
  t.services["billing"] = s;
  return derive_layout("/nonexistent", t, format_topology(t), {{"billing", contract()}});
}

TEST(CppKafkaEmitter, TheCmakeRulesLinkRdkafkaxxFoundWithPkgConfig) {
  std::string r = cpp_kafka_cmake_rules("billing_service_lib");
  EXPECT_TRUE(has(r, "pkg_check_modules(RDKAFKA REQUIRED IMPORTED_TARGET rdkafka++ rdkafka)"));
  EXPECT_TRUE(has(r, "target_link_libraries(billing_service_lib PUBLIC PkgConfig::RDKAFKA)"));
}

TEST(CppKafkaEmitter, TheClientUsesTheWireOfPythonAndTypeScript) {
  Contract c = contract();
  CppUnit u = cpp_monolith_unit(c);
  std::string h = cpp_kafka_client_header(c, u);
  std::string s = cpp_kafka_client_source(c, u);
  EXPECT_TRUE(has(h, "k_request_topic = \"strata.billing.requests\""));
  EXPECT_TRUE(has(h, "k_reply_topic_prefix = \"strata.billing.replies.\""));
  EXPECT_TRUE(has(h, "k_service_group = \"billing-service\""));
  // The brokers, the namespace and the topics' creation are the events
  // unit's, which every unit with the transport also has.
  std::string events = cpp_kafka_events_header(c, u) + cpp_kafka_events_source(c, u);
  EXPECT_TRUE(has(h, "#include \"" + u.include_dir + "/kafka_events.h\""));
  EXPECT_TRUE(has(events, "\"STRATA_KAFKA_BOOTSTRAP\""));
  EXPECT_TRUE(has(events, "\"STRATA_KAFKA_NAMESPACE\""));
  for (const char* header :
       {"\"method\"", "\"correlation-id\"", "\"reply-to\"", "\"authorization\""})
    EXPECT_TRUE(has(s, std::string("headers->add(") + header)) << header;
  // Keyed by the correlation id; topics made with the admin API, one partition.
  EXPECT_TRUE(has(s, "body.size(), correlation.data(), correlation.size()"));
  EXPECT_TRUE(has(s, "ensure_topic(m_servers, topic)"));
  EXPECT_TRUE(has(events, "rd_kafka_NewTopic_new(topic.c_str(), 1, 1"));
  EXPECT_TRUE(has(events, "RD_KAFKA_RESP_ERR_TOPIC_ALREADY_EXISTS"));
  EXPECT_TRUE(has(s, "return error_reply(504, \"timeout\""));
  EXPECT_TRUE(has(h + s, "namespace " + u.ns + " {"));
  EXPECT_FALSE(has(h + s, "@"));
}

TEST(CppKafkaEmitter, TheServerChecksTheTokenAndRepliesWithTheStatus) {
  Contract c = contract();
  std::string s = cpp_kafka_server_source(c, cpp_service_unit(c));
  EXPECT_TRUE(has(s, "WireReply reply{401, k_unauthorized};"));
  EXPECT_TRUE(has(s, "check_authorization(kafka_header(message, \"authorization\"), key"));
  EXPECT_TRUE(has(s, "reply = dispatch(service, method, body);"));
  EXPECT_TRUE(has(s, "headers->add(\"status\""));
  EXPECT_TRUE(has(s, "{\"group.id\", kafka_namespaced(k_service_group)}"));
  EXPECT_FALSE(has(s, "@"));
}

TEST(CppKafkaEmitter, TheEntryPointOpensItsHealthPortOnceItConsumes) {
  Contract c = contract();
  std::string m = cpp_kafka_service_main(c, cpp_service_unit(c), "/healthz");
  EXPECT_TRUE(has(m, "HttpServer http(context.service(), key, \"/healthz\");"));
  EXPECT_TRUE(has(m, "STRATA_KAFKA_BOOTSTRAP is not set"));
  EXPECT_LT(m.find("while (!ready && !ended"), m.find("http.listen(host, port)"));
  EXPECT_TRUE(has(m, "http.observe(method, status, seconds);"));
  // An image FROM scratch probes its health with the service's own binary.
  EXPECT_TRUE(has(m, "std::string(argv[1]) == \"--health-probe\""));
}

TEST(CppKafkaEmitter, TheContractSuiteRunsOverKafkaInTopicsOfItsOwn) {
  Contract c = contract();
  std::string t = cpp_contract_tests(c, cpp_service_unit(c), "/health", Transport::k_kafka);
  EXPECT_TRUE(has(t, "TEST_F(ContractTest, InProcessAndKafkaGiveTheSameAnswers)"));
  EXPECT_TRUE(has(t, "kafka_transport(kafka_bootstrap(), k_other_key)(\"get_one\", \"{}\")"));
  EXPECT_TRUE(has(t, "::setenv(k_namespace_variable, space.c_str(), 1);"));
  EXPECT_TRUE(has(t, "#include \"billing/service/kafka_client.h\""));
  std::string http = cpp_contract_tests(c, cpp_service_unit(c), "/health");
  EXPECT_FALSE(has(http, "kafka"));
  EXPECT_TRUE(has(http, "void SetUp() override { ::setenv(k_key_variable, k_key, 1); }"));
}

TEST(CppKafkaEmitter, AKafkaSplitGetsTheKafkaFilesAndTheMonolithCallsThroughThem) {
  Layout l = kafka_layout();
  for (const char* f : {"kafka_client.h", "kafka_client.cc", "kafka_server.h", "kafka_server.cc"})
    EXPECT_TRUE(l.files.count("contexts/billing/service/src/billing/service/" + std::string(f)))
        << f;
  EXPECT_TRUE(has(l.files.at("contexts/billing/service/CMakeLists.txt"), "PkgConfig::RDKAFKA"));
  EXPECT_TRUE(
      has(l.files.at("contexts/billing/service/src/billing/service/main.cc"), "serve_kafka("));
  std::string mono = "apps/monolith-cpp/src/strata_monolith/";
  EXPECT_TRUE(l.files.count(mono + "billing/kafka_client.cc"));
  EXPECT_FALSE(l.files.count(mono + "billing/kafka_server.cc"));
  EXPECT_TRUE(has(l.files.at(mono + "composition.cc"), "m_billing(billing::kafka_client())"));
  EXPECT_TRUE(has(l.files.at("apps/monolith-cpp/CMakeLists.txt"), "PkgConfig::RDKAFKA"));
  EXPECT_TRUE(
      has(l.files.at(mono + "composition_test.cc"), "::unsetenv(\"STRATA_KAFKA_BOOTSTRAP\")"));
}

}  // namespace
}  // namespace strata::service
