// topology.json: what is read is what is written, byte for byte, and every
// bad value is refused at its own line and column.

#include "config/topology.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>

#include "config/test_workspace.h"
#include "util/fs.h"

namespace strata {
namespace {

using ::testing::HasSubstr;
using testing::TestWorkspace;

std::string error_of(std::string_view text) {
  auto t = parse_topology(text, "topology.json");
  if (t) return "";
  return t.error().str() + " | " + t.error().hint;
}

Topology sample() {
  Topology t;
  t.monolith_port = 9000;
  t.kafka_bootstrap = "127.0.0.1:9092";
  ServiceConfig billing;
  billing.context = "billing";
  billing.transport = Transport::k_kafka;
  billing.port = 8101;
  billing.replicas = 2;
  billing.resources.requests = {"100m", "128Mi"};
  billing.resources.limits = {"500m", ""};
  billing.autoscaling = Autoscaling{2, 5, 70};
  billing.health.path = "/healthz";
  billing.secrets = {"BILLING_JWT_KEY"};
  billing.config = {"BILLING_CURRENCY"};
  EnvironmentOverride production;
  production.replicas = 4;
  production.resources.limits = {"", "512Mi"};
  production.autoscaling = Autoscaling{4, 10, 60};
  billing.environments["production"] = production;
  billing.environments["dev"].replicas = 1;
  t.services["billing"] = billing;
  ServiceConfig orders;
  orders.context = "orders";
  orders.port = 8102;
  t.services["orders"] = orders;
  return t;
}

TEST(Topology, FormatThenParseGivesTheSameTopologyAndBytes) {
  std::string text = format_topology(sample());
  auto back = parse_topology(text, "topology.json");
  ASSERT_TRUE(back) << back.error().str();
  EXPECT_EQ(*back, sample());
  EXPECT_EQ(format_topology(*back), text);
}

TEST(Topology, DefaultsAreLeftOutOfTheText) {
  Topology t;
  ServiceConfig s;
  s.context = "a";
  s.port = 8101;
  t.services["a"] = s;
  std::string text = format_topology(t);
  EXPECT_THAT(text, Not(HasSubstr("health")));
  EXPECT_THAT(text, Not(HasSubstr("monolith")));
  EXPECT_THAT(text, HasSubstr("\"transport\": \"http\""));
}

TEST(Topology, AnAbsentFileIsTheEmptyTopologyAndSavingItRemovesTheFile) {
  TestWorkspace ws;
  auto t = load_topology(ws.root());
  ASSERT_TRUE(t);
  EXPECT_TRUE(t->empty());

  ASSERT_TRUE(save_topology(ws.root(), sample()));
  EXPECT_TRUE(std::filesystem::exists(ws.root() / "topology.json"));
  auto loaded = load_topology(ws.root());
  ASSERT_TRUE(loaded) << loaded.error().str();
  EXPECT_EQ(*loaded, sample());

  ASSERT_TRUE(save_topology(ws.root(), Topology{}));
  EXPECT_FALSE(std::filesystem::exists(ws.root() / "topology.json"));
}

TEST(Topology, UnknownKeysAreRefusedWithASuggestion) {
  EXPECT_THAT(error_of("{\"services\": {\"a\": {\n  \"replcias\": 2}}}"),
              HasSubstr("topology.json:2:3: unknown key 'replcias' | did you mean 'replicas'"));
  EXPECT_THAT(error_of("{\"sevices\": {}}"), HasSubstr("unknown key 'sevices'"));
}

TEST(Topology, BadValuesAreLocated) {
  EXPECT_THAT(
      error_of("{\"services\": {\"a\": {\"transport\": \"amqp\"}}}"),
      HasSubstr("topology.json:1:21: unknown transport 'amqp' | one of: http, grpc, kafka"));
  EXPECT_THAT(error_of("{\"services\": {\"a\": {\"port\": 70000}}}"), HasSubstr("out of range"));
  EXPECT_THAT(error_of("{\"services\": {\"a\": {\"replicas\": \"2\"}}}"),
              HasSubstr("expected an integer"));
  EXPECT_THAT(error_of("{\"services\": {\"a\": {\"autoscaling\": {\"min\": 4, \"max\": 2}}}}"),
              HasSubstr("min (4) is above max (2)"));
  EXPECT_THAT(error_of("{\"services\": {\"a\": {\"health\": {\"path\": \"health\"}}}}"),
              HasSubstr("must start with '/'"));
  EXPECT_THAT(error_of("{\"version\": 2}"), HasSubstr("topology version 2 is not supported"));
  EXPECT_THAT(error_of("{\"monolith\": 8000}"), HasSubstr("expected an object"));
  EXPECT_THAT(error_of("[1]"), HasSubstr("expected a JSON object"));
  EXPECT_THAT(error_of("{\"services\": {\"a\": {\"secrets\": [1]}}}"),
              HasSubstr("expected a string"));
}

TEST(Topology, EnvironmentsAreWrittenInPromotionOrder) {
  std::string text = format_topology(sample());
  EXPECT_LT(text.find("\"dev\""), text.find("\"production\""));
}

TEST(Topology, AnEnvironmentOverridesOnlyWhatItSets) {
  Topology t = sample();
  const ServiceConfig& billing = *t.find("billing");
  ServiceConfig prod = billing.in_environment("production");
  EXPECT_EQ(prod.replicas, 4);
  EXPECT_EQ(prod.resources.limits.cpu, "500m");  // kept from the context
  EXPECT_EQ(prod.resources.limits.memory, "512Mi");
  EXPECT_EQ(prod.resources.requests.cpu, "100m");
  ASSERT_TRUE(prod.autoscaling);
  EXPECT_EQ(prod.autoscaling->max_replicas, 10);
  EXPECT_TRUE(prod.environments.empty());
  ServiceConfig staging = billing.in_environment("staging");
  EXPECT_EQ(staging.replicas, 2);
  EXPECT_EQ(staging.autoscaling->max_replicas, 5);
  EXPECT_EQ(billing.in_environment("dev").replicas, 1);
}

TEST(Topology, UnknownEnvironmentsAndBadOverridesAreRefused) {
  EXPECT_THAT(error_of("{\"services\": {\"a\": {\"environments\": {\"prod\": {}}}}}"),
              HasSubstr("unknown environment 'prod' | one of: dev, staging, production"));
  EXPECT_THAT(error_of("{\"services\": {\"a\": {\"environments\": {\"dev\": {\"replicas\": 0}}}}}"),
              HasSubstr("out of range"));
  EXPECT_THAT(error_of("{\"services\": {\"a\": {\"environments\": {\"dev\": "
                       "{\"autoscaling\": {\"min\": 3, \"max\": 2}}}}}}"),
              HasSubstr("min (3) is above max (2)"));
}

TEST(Topology, TwoServicesOnOnePortAreRefused) {
  EXPECT_THAT(error_of("{\"services\": {\"a\": {\"port\": 8101}, \"b\": {\"port\": 8101}}}"),
              HasSubstr("port 8101 is already used by context 'a'"));
  EXPECT_THAT(error_of("{\"services\": {\"a\": {\"port\": 8000}}}"),
              HasSubstr("already used by the monolith"));
}

TEST(Topology, SyntaxErrorsAreLocated) {
  EXPECT_THAT(error_of("{\n\"services\": {,}}"), HasSubstr("topology.json:2:"));
}

}  // namespace
}  // namespace strata
