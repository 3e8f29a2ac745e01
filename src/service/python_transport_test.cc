#include "service/python_transport.h"

#include <gtest/gtest.h>

#include "service/service_layout.h"

namespace strata::service {
namespace {

Contract contract(const std::string& name) {
  auto c = parse_python_contract(
      name, "@dataclass(frozen=True)\nclass ADto:\n    id: str\n", "dtos.py",
      "class S(Protocol):\n    def get(self, id: str) -> ADto: ...\n", "port.py");
  EXPECT_TRUE(c.ok());
  return *c;
}

Topology split_with(Transport transport) {
  Topology t;
  ServiceConfig c;
  c.context = "a";
  c.port = 8100;
  c.transport = transport;
  t.services["a"] = c;
  return t;
}

Layout layout(Transport transport) {
  Contracts cs = {{"a", contract("a")}, {"b", contract("b")}};
  Topology t = split_with(transport);
  return derive_layout("/nonexistent", t, format_topology(t), cs);
}

const std::string k_pkg = "contexts/a/service/src/a_service/";
const std::string k_mono = "apps/monolith-python/src/strata_monolith/";

TEST(PythonTransport, HttpAddsOnlyMetrics) {
  auto files = py_service_transport_files(contract("a"), Transport::k_http);
  ASSERT_EQ(files.size(), 1u);
  EXPECT_EQ(files[0].path, "metrics.py");
  EXPECT_TRUE(py_client_transport_files(contract("a"), Transport::k_http, "x").empty());
}

TEST(PythonTransport, GrpcServiceHasTheProtoServerAndItsOwnEntryAndTests) {
  Layout l = layout(Transport::k_grpc);
  EXPECT_TRUE(l.files.at(k_pkg + "a.proto").starts_with("// strata:generated v1 inputs="));
  EXPECT_NE(l.files.at(k_pkg + "grpc_wire.py").find("PROTO = \"a_service/a.proto\""),
            std::string::npos);
  EXPECT_TRUE(l.files.count(k_pkg + "grpc_server.py"));
  EXPECT_TRUE(l.files.count(k_pkg + "health_server.py"));
  EXPECT_FALSE(l.files.count(k_pkg + "http_server.py"));
  EXPECT_NE(l.files.at("contexts/a/service/project.json")
                .find("python3 -m grpc_tools.protoc -Isrc --descriptor_set_out=/dev/null "
                      "src/a_service/a.proto"),
            std::string::npos);
  EXPECT_NE(l.files.at(k_pkg + "__main__.py").find("from .grpc_server import serve"),
            std::string::npos);
  EXPECT_NE(l.files.at("contexts/a/service/tests/test_contract.py")
                .find("def test_in_process_and_grpc_give_the_same_results"),
            std::string::npos);
  EXPECT_NE(l.files.at("contexts/a/service/requirements.txt").find("grpcio-tools"),
            std::string::npos);
}

TEST(PythonTransport, TheMonolithCallsAGrpcContextThroughItsGrpcClient) {
  Layout l = layout(Transport::k_grpc);
  EXPECT_NE(l.files.at(k_mono + "a/grpc_wire.py").find("PROTO = \"strata_monolith/a/a.proto\""),
            std::string::npos);
  EXPECT_FALSE(l.files.count(k_mono + "b/grpc_wire.py"));
  const std::string& comp = l.files.at(k_mono + "composition.py");
  EXPECT_NE(comp.find("from .a import grpc_client as a_grpc"), std::string::npos);
  EXPECT_NE(comp.find("return a_grpc.grpc_client()"), std::string::npos);
}

TEST(PythonTransport, KafkaServiceServesFromTopicsAndTheMonolithCallsThroughThem) {
  Layout l = layout(Transport::k_kafka);
  const std::string& client = l.files.at(k_pkg + "kafka_client.py");
  EXPECT_NE(client.find("REQUEST_TOPIC = \"strata.a.requests\""), std::string::npos);
  EXPECT_NE(client.find("SERVICE_GROUP = \"a-service\""), std::string::npos);
  EXPECT_NE(l.files.at(k_pkg + "__main__.py").find("KafkaServer"), std::string::npos);
  EXPECT_NE(l.files.at("contexts/a/service/requirements.txt").find("confluent-kafka"),
            std::string::npos);
  EXPECT_NE(l.files.at(k_mono + "composition.py").find("return a_kafka.kafka_client()"),
            std::string::npos);
  EXPECT_TRUE(l.files.count(k_mono + "a/kafka_client.py"));
  // Whether a broker is there decides what the contract suite runs.
  EXPECT_NE(
      l.files.at("contexts/a/service/project.json").find("\"env\": \"STRATA_KAFKA_BOOTSTRAP\""),
      std::string::npos);
}

TEST(PythonTransport, EveryPackageHasTheOutboxAndTheServiceRelaysEventsToKafka) {
  for (Transport t : {Transport::k_http, Transport::k_grpc, Transport::k_kafka}) {
    Layout l = layout(t);
    EXPECT_NE(l.files.at(k_pkg + "wiring.py").find("events or Outbox()"), std::string::npos);
    EXPECT_NE(l.files.at(k_pkg + "__main__.py").find("make_service(service_outbox())"),
              std::string::npos);
    EXPECT_NE(l.files.at(k_pkg + "kafka_events.py").find("EVENT_TOPIC = \"strata.a.events\""),
              std::string::npos);
    EXPECT_TRUE(l.files.count(k_mono + "b/outbox.py"));
    EXPECT_NE(l.files.at(k_mono + "composition.py").find("    a_events.start_consumer()\n"),
              std::string::npos);
    EXPECT_NE(l.files.at("contexts/a/service/tests/test_contract.py")
                  .find("def test_events_reach_their_handlers_in_process"),
              std::string::npos);
  }
}

TEST(PythonTransport, MetricsNameThePortsMethods) {
  std::string m = py_metrics_module(contract("a"));
  EXPECT_NE(m.find("        \"get\",\n"), std::string::npos);
  EXPECT_NE(m.find("\"strata_service_request_seconds\""), std::string::npos);
}

TEST(PythonTransport, RequirementsFollowTheTransports) {
  EXPECT_EQ(py_requirements({Transport::k_http}).find("grpcio"), std::string::npos);
  EXPECT_NE(py_requirements({Transport::k_http}).find("prometheus-client"), std::string::npos);
  std::string both = py_requirements({Transport::k_grpc, Transport::k_kafka});
  EXPECT_NE(both.find("grpcio>="), std::string::npos);
  EXPECT_NE(both.find("confluent-kafka>="), std::string::npos);
}

}  // namespace
}  // namespace strata::service
