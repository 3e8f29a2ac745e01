// The rendered objects: what the topology says ends up where Kubernetes
// reads it, the hardening is always there, and environments change only
// what they override.

#include "kube/objects.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "util/temp_dir.h"

namespace strata::kube {
namespace {

using nlohmann::json;
using ::testing::ElementsAre;

Topology sample() {
  Topology t;
  t.monolith_port = 9000;
  ServiceConfig billing;
  billing.context = "billing";
  billing.port = 8101;
  billing.resources.requests = {"200m", ""};
  billing.resources.limits = {"", "512Mi"};
  billing.health = {"/healthz", 2000, 1500, 4};
  billing.secrets = {"BILLING_JWT_KEY"};
  billing.config = {"BILLING_CURRENCY"};
  EnvironmentOverride production;
  production.replicas = 3;
  production.autoscaling = Autoscaling{3, 9, 70};
  billing.environments["production"] = production;
  t.services["billing"] = billing;
  ServiceConfig orders;
  orders.context = "order_history";
  orders.mode = ServiceMode::k_monolith;
  t.services["order_history"] = orders;
  return t;
}

class Render : public ::testing::Test {
 protected:
  std::vector<Object> render(const std::string& context, const std::string& env,
                             const std::string& image = "") {
    auto objects = render_service(m_dir.root(), m_topology, {context, env, image});
    EXPECT_TRUE(objects) << objects.error().str();
    return objects ? *objects : std::vector<Object>{};
  }
  static const json& find(const std::vector<Object>& objects, const std::string& kind) {
    for (const auto& o : objects)
      if (o.kind == kind) return o.body;
    static const json none;
    return none;
  }
  static std::vector<std::string> kinds(const std::vector<Object>& objects) {
    std::vector<std::string> out;
    for (const auto& o : objects) out.push_back(o.kind);
    return out;
  }
  static const json& container(const std::vector<Object>& objects) {
    return find(objects, "Deployment")["spec"]["template"]["spec"]["containers"][0];
  }

  testutil::TempDir m_dir{"strata-kube-test"};
  Topology m_topology = sample();
};

TEST_F(Render, OneReplicaWithoutAutoscalingGetsNoBudgetAndNoAutoscaler) {
  EXPECT_THAT(kinds(render("billing", "dev")), ElementsAre("Deployment", "Service", "ConfigMap"));
}

TEST_F(Render, ProductionAddsTheAutoscalerAndTheBudget) {
  auto objects = render("billing", "production");
  EXPECT_THAT(kinds(objects), ElementsAre("Deployment", "Service", "ConfigMap",
                                          "HorizontalPodAutoscaler", "PodDisruptionBudget"));
  EXPECT_EQ(find(objects, "Deployment")["spec"]["replicas"], 3);
  const json& hpa = find(objects, "HorizontalPodAutoscaler");
  EXPECT_EQ(hpa["apiVersion"], "autoscaling/v2");
  EXPECT_EQ(hpa["spec"]["minReplicas"], 3);
  EXPECT_EQ(hpa["spec"]["maxReplicas"], 9);
  EXPECT_EQ(hpa["spec"]["metrics"][0]["resource"]["target"]["averageUtilization"], 70);
  EXPECT_EQ(hpa["spec"]["scaleTargetRef"]["name"], "billing");
}

TEST_F(Render, ProbesComeFromTheHealthCheck) {
  auto objects = render("billing", "dev");
  const json& c = container(objects);
  for (const char* probe : {"livenessProbe", "readinessProbe", "startupProbe"}) {
    EXPECT_EQ(c[probe]["httpGet"]["path"], "/healthz") << probe;
    EXPECT_EQ(c[probe]["periodSeconds"], 2) << probe;
    EXPECT_EQ(c[probe]["timeoutSeconds"], 2) << probe;  // 1500 ms rounds up
  }
  EXPECT_EQ(c["livenessProbe"]["failureThreshold"], 4);
  EXPECT_EQ(c["startupProbe"]["failureThreshold"], 30);  // a minute at 2 s
}

TEST_F(Render, ResourcesFillTheGapsAsKubernetesWould) {
  auto objects = render("billing", "dev");
  const json& r = container(objects)["resources"];
  EXPECT_EQ(r["requests"]["cpu"], "200m");
  EXPECT_EQ(r["requests"]["memory"], "512Mi");  // from the limit
  EXPECT_EQ(r["limits"]["cpu"], "500m");        // the default
  EXPECT_EQ(r["limits"]["memory"], "512Mi");
}

TEST_F(Render, TheContainerIsHardened) {
  auto objects = render("billing", "dev");
  const json& s = container(objects)["securityContext"];
  EXPECT_EQ(s["runAsNonRoot"], true);
  EXPECT_EQ(s["runAsUser"], k_run_as_user);
  EXPECT_EQ(s["readOnlyRootFilesystem"], true);
  EXPECT_EQ(s["allowPrivilegeEscalation"], false);
  EXPECT_EQ(s["capabilities"]["drop"], json::array({"ALL"}));
  EXPECT_EQ(s["seccompProfile"]["type"], "RuntimeDefault");
  const json& pod = find(objects, "Deployment")["spec"]["template"]["spec"];
  EXPECT_EQ(pod["volumes"][0]["name"], "tmp");
  EXPECT_TRUE(pod["volumes"][0].contains("emptyDir"));
  EXPECT_EQ(container(objects)["volumeMounts"][0]["mountPath"], "/tmp");
}

TEST_F(Render, SecretsAreReferencedByNameAndConfigKeysComeFromTheConfigMap) {
  auto objects = render("billing", "dev");
  const json& env = container(objects)["env"];
  ASSERT_EQ(env.size(), 4u);
  EXPECT_EQ(env[0], json({{"name", "PORT"}, {"value", "8101"}}));
  EXPECT_EQ(env[1]["valueFrom"]["configMapKeyRef"]["name"], "billing-config");
  EXPECT_EQ(env[2]["valueFrom"]["secretKeyRef"],
            json({{"name", "billing-secrets"}, {"key", "BILLING_JWT_KEY"}}));
  // The service-to-service token key, shared by every split service.
  EXPECT_EQ(env[3],
            json({{"name", "STRATA_SERVICE_JWT_KEY"},
                  {"valueFrom",
                   {{"secretKeyRef",
                     {{"name", "strata-service-jwt"}, {"key", "STRATA_SERVICE_JWT_KEY"}}}}}}));
  EXPECT_EQ(find(objects, "ConfigMap")["data"], json({{"BILLING_CURRENCY", ""}}));
  for (const auto& o : objects) EXPECT_NE(o.kind, "Secret");
}

// The monolith reaches each split context through its Service's cluster
// DNS name, in the variable the generated clients read; a grpc service
// exposes its gRPC port; kafka brings the brokers' ConfigMap key.
TEST_F(Render, TheMonolithIsWiredToTheSplitServices) {
  m_topology.services["billing"].transport = Transport::k_grpc;
  ServiceConfig ledger;
  ledger.context = "ledger";
  ledger.port = 8102;
  m_topology.services["ledger"] = ledger;
  ServiceConfig events;
  events.context = "order_events";
  events.port = 8103;
  events.transport = Transport::k_kafka;
  m_topology.services["order_events"] = events;

  auto monolith = render("monolith", "dev");
  std::map<std::string, json> env;
  for (const auto& e : container(monolith)["env"]) env[e["name"]] = e;
  EXPECT_EQ(env["STRATA_SERVICE_BILLING_URL"]["value"], "billing:8102");  // gRPC on port + 1
  EXPECT_EQ(env["STRATA_SERVICE_LEDGER_URL"]["value"], "http://ledger:8102");
  EXPECT_FALSE(env.count("STRATA_SERVICE_ORDER_EVENTS_URL"));   // called through Kafka
  EXPECT_FALSE(env.count("STRATA_SERVICE_ORDER_HISTORY_URL"));  // in process
  EXPECT_EQ(env["STRATA_KAFKA_BOOTSTRAP"]["valueFrom"]["configMapKeyRef"]["name"],
            "monolith-config");
  EXPECT_EQ(env["STRATA_SERVICE_JWT_KEY"]["valueFrom"]["secretKeyRef"]["name"],
            "strata-service-jwt");
  EXPECT_EQ(find(monolith, "ConfigMap")["data"], json({{"STRATA_KAFKA_BOOTSTRAP", ""}}));

  auto billing = render("billing", "dev");
  EXPECT_EQ(container(billing)["ports"][1],
            json({{"name", "grpc"}, {"containerPort", 8102}, {"protocol", "TCP"}}));
  EXPECT_EQ(find(billing, "Service")["spec"]["ports"][1]["targetPort"], "grpc");
  EXPECT_EQ(find(render("ledger", "dev"), "Service")["spec"]["ports"].size(), 1u);
  EXPECT_EQ(find(render("order_events", "dev"), "ConfigMap")["data"],
            json({{"STRATA_KAFKA_BOOTSTRAP", ""}}));
}

TEST_F(Render, AMonolithWithNothingSplitNeedsNoWiring) {
  m_topology.services.erase("billing");
  auto monolith = render("monolith", "dev");
  ASSERT_EQ(container(monolith)["env"].size(), 1u);
  EXPECT_EQ(container(monolith)["env"][0]["name"], "PORT");
}

TEST_F(Render, LabelsAreTheRecommendedOnesAndTheSelectorIsStable) {
  m_dir.write("package.json", R"({"name": "@acme/shop"})");
  auto objects = render("billing", "production");
  const json& d = find(objects, "Deployment");
  EXPECT_EQ(d["metadata"]["labels"]["app.kubernetes.io/part-of"], "acme-shop");
  EXPECT_EQ(d["metadata"]["labels"]["app.kubernetes.io/managed-by"], "strata");
  EXPECT_EQ(
      d["spec"]["selector"]["matchLabels"],
      json({{"app.kubernetes.io/name", "billing"}, {"app.kubernetes.io/instance", "billing"}}));
  EXPECT_EQ(find(objects, "Service")["spec"]["selector"], d["spec"]["selector"]["matchLabels"]);
}

TEST_F(Render, TheImageIsTheRequestedOneOrTheNameAtLatest) {
  auto plain = render("billing", "dev");
  EXPECT_EQ(container(plain)["image"], "billing:latest");
  std::string digest = "registry.example.com/billing@sha256:" + std::string(64, 'a');
  auto pinned = render("billing", "dev", digest);
  EXPECT_EQ(container(pinned)["image"], digest);
}

TEST_F(Render, TheMonolithRunsOnItsPort) {
  auto objects = render("monolith", "staging");
  EXPECT_EQ(objects[0].name, "monolith");
  EXPECT_EQ(container(objects)["ports"][0]["containerPort"], 9000);
  EXPECT_EQ(find(objects, "Deployment")["metadata"]["labels"]["app.kubernetes.io/component"],
            "monolith");
}

TEST_F(Render, UnknownContextsAndEnvironmentsAreRefused) {
  auto not_split = render_service(m_dir.root(), m_topology, {"order_history", "dev", ""});
  ASSERT_FALSE(not_split);
  EXPECT_EQ(not_split.error().message, "context 'order_history' is not split into a service");
  auto bad_env = render_service(m_dir.root(), m_topology, {"billing", "prod", ""});
  ASSERT_FALSE(bad_env);
  EXPECT_EQ(bad_env.error().hint, "one of: dev, staging, production");
}

TEST(ObjectName, IsADnsLabel) {
  EXPECT_EQ(object_name("order_history"), "order-history");
  EXPECT_EQ(object_name("Billing"), "billing");
  EXPECT_EQ(secret_name("order_history"), "order-history-secrets");
}

TEST(DeployableContexts, AreTheServicesThenTheMonolith) {
  EXPECT_THAT(deployable_contexts(sample()), ElementsAre("billing", "monolith"));
}

}  // namespace
}  // namespace strata::kube
