// DomainContext read back from a workspace: contexts found from `context:`
// tags (not folders), their layers in order, the shared language, the
// dependencies between contexts from the project graph, where topology.json
// says each runs, and the error (with a hint) for a context that is not there.

#include "gen/domain_context.h"

#include <gtest/gtest.h>

#include "util/temp_dir.h"

namespace strata::gen {
namespace {

Project project(const std::string& name, std::vector<std::string> tags,
                const std::string& language = "") {
  Project p;
  p.name = name;
  p.root = "contexts/" + name;
  p.tags = std::move(tags);
  p.language = language;
  return p;
}

struct DomainContexts : ::testing::Test {
  testutil::TempDir dir;
  Workspace ws;
  void SetUp() override {
    ws.root = dir.root();
    ws.projects = {
        project("billing-api", {"context:billing", "layer:api", "lang:python"}),
        project("billing-domain", {"context:billing", "layer:domain"}, "python"),
        project("orders-app", {"context:orders", "layer:application"}, "python"),
        project("orders-domain", {"context:orders", "layer:domain"}, "typescript"),
        project("tools", {"scope:shared"}),
        project("odd", {"context:", "layer:domain"}),  // an empty name is no context
    };
  }
};

TEST_F(DomainContexts, ContextsComeFromTagsSortedWithTheirMembersInLayerOrder) {
  auto all = DomainContext::discover(ws);
  ASSERT_EQ(all.size(), 2u);
  EXPECT_EQ(all[0].name(), "billing");
  EXPECT_EQ(all[1].name(), "orders");
  ASSERT_EQ(all[0].members().size(), 2u);
  EXPECT_EQ(all[0].members()[0].project, "billing-domain");  // domain before api
  EXPECT_EQ(all[0].members()[1].layer, "api");
  EXPECT_EQ(all[0].members()[1].root, "contexts/billing-api");
  EXPECT_EQ(all[0].layers(), (std::vector<std::string>{"domain", "api"}));
  EXPECT_EQ(all[1].layers(), (std::vector<std::string>{"domain", "application"}));
}

TEST_F(DomainContexts, TheLanguageIsSharedOrMixed) {
  auto all = DomainContext::discover(ws);
  EXPECT_EQ(all[0].language(), "python");  // a lang: tag and a detected language agree
  EXPECT_EQ(all[1].language(), "mixed");
}

TEST_F(DomainContexts, WithoutATopologyEveryContextIsInTheMonolith) {
  for (const auto& c : DomainContext::discover(ws)) {
    EXPECT_EQ(c.deployment(), Deployment::k_monolith);
    EXPECT_EQ(c.get_deployment_status(), "in monolith");
    EXPECT_FALSE(c.service());
    EXPECT_TRUE(c.to_json()["service"].is_null());
  }
}

TEST_F(DomainContexts, TheTopologySaysWhichContextRunsAsAService) {
  dir.write("topology.json", R"({"version": 1, "services": {
      "billing": {"mode": "service", "transport": "grpc", "port": 8101, "replicas": 2},
      "orders": {"mode": "monolith", "port": 8103}}})");  // 8102: billing's gRPC
  auto all = DomainContext::discover(ws);
  EXPECT_EQ(all[0].deployment(), Deployment::k_service);
  EXPECT_EQ(all[0].get_deployment_status(), "service (grpc, port 8101, 2 replicas)");
  EXPECT_EQ(all[0].to_json()["service"]["port"], 8101);
  EXPECT_EQ(all[0].to_json()["deployment"], "as a service");
  EXPECT_EQ(all[1].deployment(), Deployment::k_monolith);  // kept settings, runs inside
}

TEST_F(DomainContexts, AnUnreadableTopologyLeavesEveryContextInTheMonolith) {
  dir.write("topology.json", "{ not json");
  for (const auto& c : DomainContext::discover(ws))
    EXPECT_EQ(c.deployment(), Deployment::k_monolith);
}

Dependency edge(const std::string& from, const std::string& to) {
  Dependency d;
  d.source = from;
  d.target = to;
  return d;
}

TEST_F(DomainContexts, DependenciesBetweenContextsComeFromTheGraphOnce) {
  ProjectGraph g;
  g.dependencies["orders-app"] = {edge("orders-app", "billing-api"),
                                  edge("orders-app", "orders-domain"),  // inside: not listed
                                  edge("orders-app", "tools")};         // no context: not listed
  g.dependencies["orders-domain"] = {edge("orders-domain", "billing-domain")};
  g.dependencies["tools"] = {edge("tools", "billing-api")};
  auto all = DomainContext::discover(ws, &g);
  EXPECT_TRUE(all[0].depends_on().empty());
  EXPECT_EQ(all[1].depends_on(), std::vector<std::string>{"billing"});
  EXPECT_EQ(all[1].to_json()["dependsOn"], nlohmann::json::array({"billing"}));
}

TEST_F(DomainContexts, FindSuggestsACloseName) {
  auto c = DomainContext::find(ws, "biling");
  ASSERT_FALSE(c);
  EXPECT_EQ(c.error().message, "no context named 'biling'");
  EXPECT_NE(c.error().hint.find("billing"), std::string::npos);
  auto far = DomainContext::find(ws, "zzzzzzzz");
  ASSERT_FALSE(far);
  EXPECT_NE(far.error().hint.find("strata context list"), std::string::npos);
  ASSERT_TRUE(DomainContext::find(ws, "orders"));
}

TEST(DomainContext, FindInAWorkspaceWithoutContextsHintsAtCreatingOne) {
  Workspace ws;
  auto c = DomainContext::find(ws, "billing");
  ASSERT_FALSE(c);
  EXPECT_NE(c.error().hint.find("strata generate context billing"), std::string::npos);
}

struct RecordingPlacement : ServicePlacement {
  std::vector<std::string> calls;
  Status split(const std::string& context, Transport t) override {
    calls.push_back("split " + context + " " + std::string(transport_name(t)));
    return ok_status();
  }
  Status merge(const std::string& context) override {
    calls.push_back("merge " + context);
    return Error("cannot merge");
  }
};

TEST_F(DomainContexts, MovingAContextGoesThroughThePlacementPort) {
  auto c = DomainContext::find(ws, "billing");
  ASSERT_TRUE(c);
  RecordingPlacement placement;
  EXPECT_TRUE(c->extract_to_service(placement, Transport::k_kafka));
  EXPECT_FALSE(c->merge_from_service(placement));  // the port's error comes back
  EXPECT_EQ(placement.calls, (std::vector<std::string>{"split billing kafka", "merge billing"}));
}

TEST(DeploymentName, NamesBothPlaces) {
  EXPECT_STREQ(deployment_name(Deployment::k_monolith), "in monolith");
  EXPECT_STREQ(deployment_name(Deployment::k_service), "as a service");
}

}  // namespace
}  // namespace strata::gen
