#include "cluster/rest_cluster.h"

#include <gtest/gtest.h>

#include <map>

namespace strata::cluster {
namespace {

using nlohmann::json;

// Answers "METHOD path" (the query stripped) from a table and records
// every request; 404 for anything else.
class FakeTransport : public ApiTransport {
 public:
  std::map<std::string, ApiReply> replies;
  std::vector<ApiRequest>* sent;

  explicit FakeTransport(std::vector<ApiRequest>* log) : sent(log) {}
  Result<ApiReply> send(const ApiRequest& r) override {
    sent->push_back(r);
    auto it = replies.find(r.method + " " + r.path.substr(0, r.path.find('?')));
    if (it == replies.end())
      return ApiReply{404, R"({"kind":"Status","message":"not found","code":404})"};
    return it->second;
  }
  Status stream(const ApiRequest& r, const std::function<bool(std::string_view)>& chunk) override {
    sent->push_back(r);
    chunk("first line\nsecond ");
    chunk("line\nno newline");
    return ok_status();
  }
};

struct Fixture : ::testing::Test {
  std::vector<ApiRequest> sent;
  FakeTransport* transport = nullptr;
  std::unique_ptr<RestCluster> cluster;
  void SetUp() override {
    auto t = std::make_unique<FakeTransport>(&sent);
    transport = t.get();
    cluster = std::make_unique<RestCluster>(std::move(t), "shop");
  }
};

const json k_deployment = {{"apiVersion", "apps/v1"},
                           {"kind", "Deployment"},
                           {"metadata", {{"name", "orders"}}},
                           {"spec", {{"replicas", 2}}}};

TEST_F(Fixture, ApplyIsAServerSidePatchWithAFieldManager) {
  transport->replies["PATCH /apis/apps/v1/namespaces/shop/deployments/orders"] = {200, "{}"};
  ApplyOptions o;
  o.dry_run = true;
  ASSERT_TRUE(cluster->apply(k_deployment, o));
  ASSERT_EQ(sent.size(), 1u);
  EXPECT_EQ(sent[0].content_type, "application/apply-patch+yaml");
  EXPECT_EQ(
      sent[0].path,
      "/apis/apps/v1/namespaces/shop/deployments/orders?fieldManager=strata&force=true&dryRun=All");
  EXPECT_EQ(json::parse(sent[0].body), k_deployment);
}

TEST_F(Fixture, ServerRefusalsCarryTheStatusMessage) {
  transport->replies["PATCH /api/v1/namespaces/shop/services/web"] = {
      422,
      R"({"kind":"Status","message":"Service \"web\" is invalid: spec.ports[0].port: Invalid value: 70000","code":422})"};
  auto r = cluster->apply(
      json{{"apiVersion", "v1"}, {"kind", "Service"}, {"metadata", {{"name", "web"}}}}, {});
  ASSERT_FALSE(r);
  EXPECT_NE(r.error().message.find("spec.ports[0].port: Invalid value: 70000"), std::string::npos);
  EXPECT_EQ(r.error().kind, ErrorKind::k_invalid_input);
}

TEST_F(Fixture, GetOfAMissingObjectIsNothing) {
  auto r = cluster->get({"v1", "ConfigMap", "shop", "absent"});
  ASSERT_TRUE(r) << r.error().str();
  EXPECT_FALSE(*r);
  EXPECT_EQ(sent[0].path, "/api/v1/namespaces/shop/configmaps/absent");
}

TEST_F(Fixture, UnknownKindsAreFoundByDiscovery) {
  transport->replies["GET /apis/example.com/v1"] = {
      200,
      R"({"resources":[{"name":"widgets/status","kind":"Widget"},{"name":"widgets","kind":"Widget","namespaced":true}]})"};
  transport->replies["GET /apis/example.com/v1/namespaces/shop/widgets/w"] = {200, R"({"a":1})"};
  auto r = cluster->get({"example.com/v1", "Widget", "shop", "w"});
  ASSERT_TRUE(r) << r.error().str();
  EXPECT_EQ((**r)["a"], 1);
}

TEST_F(Fixture, ListFillsKindAndEscapesTheSelector) {
  transport->replies["GET /api/v1/namespaces/shop/pods"] = {
      200, R"({"items":[{"metadata":{"name":"p1"}}]})"};
  auto r = cluster->list({"v1", "Pod", "shop", "app=orders,tier=api"});
  ASSERT_TRUE(r);
  ASSERT_EQ(r->size(), 1u);
  EXPECT_EQ((*r)[0]["kind"], "Pod");
  EXPECT_EQ(sent[0].path, "/api/v1/namespaces/shop/pods?labelSelector=app%3Dorders%2Ctier%3Dapi");
}

TEST_F(Fixture, RollbackCopiesThePreviousReplicaSetsTemplate) {
  json d = {{"metadata",
             {{"name", "orders"},
              {"uid", "D1"},
              {"annotations", {{"deployment.kubernetes.io/revision", "3"}}}}},
            {"spec", {{"selector", {{"matchLabels", {{"app", "orders"}}}}}}}};
  auto rs = [](const char* rev, const char* image, const char* owner) {
    return json{{"metadata",
                 {{"annotations", {{"deployment.kubernetes.io/revision", rev}}},
                  {"ownerReferences", {{{"uid", owner}}}}}},
                {"spec",
                 {{"template",
                   {{"metadata", {{"labels", {{"app", "orders"}, {"pod-template-hash", "abc"}}}}},
                    {"spec", {{"containers", {{{"name", "app"}, {"image", image}}}}}}}}}}};
  };
  json sets = {
      {"items",
       {rs("1", "v1", "D1"), rs("3", "v3", "D1"), rs("2", "v2", "D1"), rs("2", "other", "X")}}};
  transport->replies["GET /apis/apps/v1/namespaces/shop/deployments/orders"] = {200, d.dump()};
  transport->replies["GET /apis/apps/v1/namespaces/shop/replicasets"] = {200, sets.dump()};
  transport->replies["PATCH /apis/apps/v1/namespaces/shop/deployments/orders"] = {200, "{}"};
  auto r = cluster->rollback("shop", "orders");
  ASSERT_TRUE(r) << r.error().str();
  EXPECT_EQ(r->from_revision, 3);
  EXPECT_EQ(r->to_revision, 2);
  const ApiRequest& patch = sent.back();
  EXPECT_EQ(patch.content_type, "application/json-patch+json");
  json body = json::parse(patch.body);
  EXPECT_EQ(body[0]["path"], "/spec/template");
  EXPECT_EQ(body[0]["value"]["spec"]["containers"][0]["image"], "v2");
  EXPECT_FALSE(body[0]["value"]["metadata"]["labels"].contains("pod-template-hash"));
}

TEST_F(Fixture, RollbackWithoutAPreviousRevisionSaysSo) {
  json d = {{"metadata",
             {{"name", "orders"},
              {"uid", "D1"},
              {"annotations", {{"deployment.kubernetes.io/revision", "1"}}}}}};
  transport->replies["GET /apis/apps/v1/namespaces/shop/deployments/orders"] = {200, d.dump()};
  transport->replies["GET /apis/apps/v1/namespaces/shop/replicasets"] = {200, R"({"items":[]})"};
  auto r = cluster->rollback("shop", "orders");
  ASSERT_FALSE(r);
  EXPECT_NE(r.error().message.find("no previous revision"), std::string::npos);
}

TEST_F(Fixture, ScaleGoesThroughTheScaleSubresource) {
  transport->replies["PATCH /apis/apps/v1/namespaces/shop/deployments/orders/scale"] = {
      200, R"({"spec":{"replicas":4},"status":{"replicas":2}})"};
  auto s = cluster->set_scale("shop", "orders", 4);
  ASSERT_TRUE(s) << s.error().str();
  EXPECT_EQ(s->desired, 4);
  EXPECT_EQ(s->current, 2);
  EXPECT_EQ(sent[0].content_type, "application/merge-patch+json");
  EXPECT_EQ(json::parse(sent[0].body)["spec"]["replicas"], 4);
}

TEST_F(Fixture, LogsArePrefixedLinesOfEveryPod) {
  transport->replies["GET /api/v1/namespaces/shop/pods"] = {
      200, R"({"items":[{"metadata":{"name":"orders-1"}}]})"};
  std::vector<std::string> lines;
  LogOptions o;
  o.label_selector = "app=orders";
  o.follow = true;
  o.tail_lines = 10;
  Status s = cluster->logs("shop", o, [&](std::string_view pod, std::string_view line) {
    lines.push_back(std::string(pod) + "|" + std::string(line));
  });
  ASSERT_TRUE(s) << s.error().str();
  EXPECT_EQ(lines, (std::vector<std::string>{"orders-1|first line", "orders-1|second line",
                                             "orders-1|no newline"}));
  EXPECT_EQ(sent.back().path, "/api/v1/namespaces/shop/pods/orders-1/log?follow=true&tailLines=10");
}

TEST_F(Fixture, LogsOfNoPodsIsNotFound) {
  transport->replies["GET /api/v1/namespaces/shop/pods"] = {200, R"({"items":[]})"};
  Status s = cluster->logs("shop", {"app=x", false, -1}, [](std::string_view, std::string_view) {});
  ASSERT_FALSE(s);
  EXPECT_EQ(s.error().kind, ErrorKind::k_not_found);
}

TEST(Resource, Paths) {
  EXPECT_EQ(resource_path("v1", {"namespaces", false}, "x", "shop"), "/api/v1/namespaces/shop");
  EXPECT_EQ(resource_path("autoscaling/v2", {"horizontalpodautoscalers"}, "shop", "h"),
            "/apis/autoscaling/v2/namespaces/shop/horizontalpodautoscalers/h");
  auto r = ref_of(json{{"apiVersion", "v1"}, {"kind", "Namespace"}, {"metadata", {{"name", "n"}}}},
                  "shop");
  ASSERT_TRUE(r);
  EXPECT_EQ(r->namespace_, "");
  EXPECT_FALSE(ref_of(json{{"apiVersion", "v1"}, {"kind", "Pod"}}, "shop"));
}

}  // namespace
}  // namespace strata::cluster
