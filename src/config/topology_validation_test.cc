// topology.json's validation, value by value: each refusal names the file,
// line and column of the offending value, and says what would be accepted.

#include <gtest/gtest.h>

#include "config/topology.h"

namespace strata {
namespace {

// "file:line:col: message | hint", or "" when the text is accepted.
std::string error_of(std::string_view text) {
  auto t = parse_topology(text, "topology.json");
  if (t) return "";
  return t.error().str() + " | " + t.error().hint;
}

// One service "a" with `fields` (JSON members), on lines of their own.
std::string service(const std::string& fields) {
  return "{\n  \"services\": {\n    \"a\": {\n      " + fields + "\n    }\n  }\n}\n";
}

TEST(TopologyValidation, AnUnknownModeIsLocated) {
  EXPECT_EQ(error_of(service("\"mode\": \"lambda\"")),
            "topology.json:4:7: unknown mode 'lambda' | one of: monolith, service");
  EXPECT_EQ(error_of(service("\"mode\": \"Service\"")).substr(0, 18), "topology.json:4:7:")
      << "modes are lower case";
  EXPECT_EQ(error_of(service("\"mode\": \"monolith\"")), "");
}

TEST(TopologyValidation, AnUnknownTransportIsLocated) {
  EXPECT_EQ(error_of(service("\"transport\": \"amqp\"")),
            "topology.json:4:7: unknown transport 'amqp' | one of: http, grpc, kafka");
  EXPECT_NE(error_of(service("\"transport\": 1")).find("topology.json:4:7:"), std::string::npos);
  for (const char* ok : {"http", "grpc", "kafka"})
    EXPECT_EQ(error_of(service("\"transport\": \"" + std::string(ok) + "\"")), "") << ok;
}

TEST(TopologyValidation, PortsOutOfRangeOrNotIntegersAreLocated) {
  for (const char* bad : {"0", "-1", "65536", "80.5", "\"8101\"", "null"})
    EXPECT_EQ(error_of(service("\"port\": " + std::string(bad))).substr(0, 19),
              "topology.json:4:7: ")
        << bad << ": " << error_of(service("\"port\": " + std::string(bad)));
  EXPECT_EQ(error_of(service("\"port\": 1")), "");
  EXPECT_EQ(error_of(service("\"port\": 65535")), "");
}

TEST(TopologyValidation, ASecondServiceOnAPortIsLocatedAtItsPort) {
  std::string text =
      "{\n  \"services\": {\n    \"a\": { \"port\": 8101 },\n    \"b\": { \"port\": 8101 }\n  "
      "}\n}\n";
  EXPECT_EQ(error_of(text),
            "topology.json:4:12: port 8101 is already used by context 'a' | "
            "give each service its own port");
}

TEST(TopologyValidation, AServiceOnTheMonolithsPortIsRefused) {
  EXPECT_NE(error_of("{\"monolith\": {\"port\": 9000}, \"services\": {\"a\": {\"port\": 9000}}}")
                .find("already used by the monolith"),
            std::string::npos);
  EXPECT_EQ(error_of("{\"monolith\": {\"port\": 9000}, \"services\": {\"a\": {\"port\": 8000}}}"),
            "")
      << "the default monolith port is free once the monolith moves";
}

TEST(TopologyValidation, AGrpcServiceTakesTheNextPortToo) {
  // gRPC listens on port + 1 (health stays on the port), so that port is taken.
  std::string after =
      "{\n  \"services\": {\n"
      "    \"a\": { \"transport\": \"grpc\", \"port\": 8101 },\n"
      "    \"b\": { \"port\": 8102 }\n  }\n}\n";
  EXPECT_EQ(error_of(after),
            "topology.json:4:12: port 8102 is already used by context 'a' (its gRPC port) | "
            "give each service its own port");
  std::string before =
      "{\n  \"services\": {\n"
      "    \"a\": { \"port\": 8102 },\n"
      "    \"b\": { \"transport\": \"grpc\", \"port\": 8101 }\n  }\n}\n";
  EXPECT_EQ(error_of(before),
            "topology.json:4:33: the gRPC port of context 'b', 8102, is already used by context "
            "'a' | give each service its own port");
  EXPECT_NE(error_of("{\"services\": {\"a\": {\"transport\": \"grpc\", \"port\": 7999}}}")
                .find("the monolith"),
            std::string::npos);
  EXPECT_EQ(error_of("{\"services\": {\"a\": {\"transport\": \"grpc\", \"port\": 8101}, "
                     "\"b\": {\"transport\": \"grpc\", \"port\": 8103}}}"),
            "");
  EXPECT_EQ(error_of("{\"services\": {\"a\": {\"port\": 8101}, \"b\": {\"port\": 8102}}}"), "")
      << "an HTTP service takes only its own port";
}

TEST(TopologyValidation, AGrpcServiceNeedsAPortBelowTheLast) {
  EXPECT_NE(error_of(service("\"transport\": \"grpc\", \"port\": 65535")).find("topology.json:4:"),
            std::string::npos);
}

TEST(TopologyValidation, ServicesAndContextsMustBeObjects) {
  EXPECT_NE(error_of("{\"services\": []}").find("expected an object"), std::string::npos);
  EXPECT_NE(error_of("{\"services\": {\"a\": 1}}").find("topology.json:1:15:"), std::string::npos)
      << error_of("{\"services\": {\"a\": 1}}");
}

}  // namespace
}  // namespace strata
