#include "supervise/up_plan.h"

#include <gtest/gtest.h>

#include "config/test_workspace.h"

namespace strata {
namespace {

using strata::testing::TestWorkspace;

std::string var(const ProcessSpec& p, const std::string& name) {
  for (const auto& kv : p.env)
    if (kv.starts_with(name + "=")) return kv.substr(name.size() + 1);
  return "<unset>";
}

Topology topology() {
  Topology t;
  t.monolith_port = 9000;
  ServiceConfig orders;
  orders.context = "orders";
  orders.port = 8101;
  orders.health.path = "/healthz";
  ServiceConfig billing;
  billing.context = "billing";
  billing.transport = Transport::k_kafka;
  billing.port = 8102;
  ServiceConfig merged;
  merged.context = "stock";
  merged.mode = ServiceMode::k_monolith;
  merged.port = 8103;
  t.services = {{"orders", orders}, {"billing", billing}, {"stock", merged}};
  return t;
}

void write_projects(TestWorkspace& ws) {
  ws.write("nx.json", "{}");
  for (const char* c : {"orders", "billing"})
    ws.write(
        std::string("contexts/") + c + "/service/project.json",
        std::string(R"({"name": ")") + c +
            R"(-service", "targets": {"serve": {"command": "python3 server.py", "options": {"cwd": "{projectRoot}", "env": {"LEVEL": "debug"}}}}})");
  ws.write(
      "apps/monolith/project.json",
      R"({"name": "monolith", "tags": ["type:app"], "targets": {"serve": {"command": "python3 main.py"}}})");
  ws.write("libs/util/project.json", R"({"name": "util", "targets": {"serve": {"command": "x"}}})");
}

const char* const k_inherited[] = {"PATH=/usr/bin", "HOME=/root", nullptr};

TEST(UpPlan, ServicesInTopologyOrderThenTheMonolithWithTheContractsVariables) {
  TestWorkspace ws;
  write_projects(ws);
  auto loaded = ws.load();
  ASSERT_TRUE(loaded.ok()) << ws.report();
  UpEnv env{"k3y", "127.0.0.1:39092", true};
  auto plan = plan_processes(*loaded, topology(), env, k_inherited);
  ASSERT_TRUE(plan.ok()) << plan.error().message;
  ASSERT_EQ(plan->size(), 3u);  // `stock` runs inside the monolith; `util` is no app
  const auto& billing = (*plan)[0].spec;
  const auto& orders = (*plan)[1].spec;
  const auto& monolith = (*plan)[2].spec;
  EXPECT_EQ(billing.name, "billing");
  EXPECT_EQ(billing.deps, std::vector<std::string>{"kafka"});
  EXPECT_EQ(orders.deps, std::vector<std::string>{});
  EXPECT_EQ(orders.health.path, "/healthz");
  EXPECT_EQ(var(orders, "PORT"), "8101");
  EXPECT_EQ(var(orders, "LEVEL"), "debug");
  EXPECT_EQ(orders.command, "python3 server.py");
  EXPECT_EQ(orders.cwd, (ws.root() / "contexts/orders/service").string());
  EXPECT_EQ(monolith.name, "monolith");
  EXPECT_EQ(monolith.kind, "monolith");
  EXPECT_EQ(var(monolith, "PORT"), "9000");
  EXPECT_EQ(monolith.deps, (std::vector<std::string>{"kafka", "billing", "orders"}));
  EXPECT_EQ(var(monolith, "STRATA_SERVICE_ORDERS_URL"), "http://127.0.0.1:8101");
  EXPECT_EQ(var(monolith, "STRATA_SERVICE_BILLING_URL"), "<unset>");  // kafka: no URL
  EXPECT_EQ(var(monolith, "STRATA_KAFKA_BOOTSTRAP"), "127.0.0.1:39092");
  EXPECT_EQ(var(billing, "STRATA_SERVICE_JWT_KEY"), "k3y");
  EXPECT_EQ(var(billing, "HOME"), "/root");
}

TEST(UpPlan, AMissingProjectOrServeTargetIsThatProcesssProblem) {
  TestWorkspace ws;
  ws.write("nx.json", "{}");
  ws.write("contexts/orders/service/project.json",
           R"({"name": "orders-service", "targets": {"build": {"command": "true"}}})");
  ws.write("apps/monolith/project.json",
           R"({"name": "monolith", "tags": ["type:app"], "targets": {"serve": {"command": "x"}}})");
  auto loaded = ws.load();
  ASSERT_TRUE(loaded.ok()) << ws.report();
  auto plan = plan_processes(*loaded, topology(), UpEnv{}, k_inherited);
  ASSERT_TRUE(plan.ok());
  ASSERT_TRUE((*plan)[0].problem);
  EXPECT_EQ((*plan)[0].problem->message,
            "split service 'billing' has no project 'billing-service'");
  EXPECT_NE((*plan)[0].problem->hint.find("strata split billing"), std::string::npos);
  ASSERT_TRUE((*plan)[1].problem);
  EXPECT_EQ((*plan)[1].problem->message, "project 'orders-service' has no serve target");
  EXPECT_FALSE((*plan)[2].problem);
}

TEST(UpPlan, NothingToRunIsAnError) {
  TestWorkspace ws;
  ws.write("nx.json", "{}");
  auto loaded = ws.load();
  ASSERT_TRUE(loaded.ok());
  auto plan = plan_processes(*loaded, Topology{}, UpEnv{}, k_inherited);
  ASSERT_FALSE(plan.ok());
  EXPECT_NE(plan.error().message.find("nothing to run"), std::string::npos);
}

// A grpc service answers health on its port (where up probes) and gRPC on the next.
TEST(UpPlan, GrpcServicesGetAHostPortAndNamesAreUpperCasedWithUnderscores) {
  EXPECT_EQ(service_url_variable("order-history"), "STRATA_SERVICE_ORDER_HISTORY_URL");
  Topology t;
  ServiceConfig s;
  s.context = "order-history";
  s.transport = Transport::k_grpc;
  s.port = 7000;
  t.services["order-history"] = s;
  auto vars = shared_variables(t, UpEnv{});
  EXPECT_EQ(vars["STRATA_SERVICE_ORDER_HISTORY_URL"], "127.0.0.1:7001");
  EXPECT_FALSE(vars.count("STRATA_KAFKA_BOOTSTRAP"));
  EXPECT_FALSE(uses_kafka(t));
}

}  // namespace
}  // namespace strata
