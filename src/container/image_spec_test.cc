#include "container/image_spec.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <algorithm>

namespace strata::container {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;

Project project(const std::string& name, const std::string& root, std::vector<std::string> tags) {
  Project p;
  p.name = name;
  p.root = root;
  p.source_root = root + "/src";
  p.tags = std::move(tags);
  p.config_file = root + "/project.json";
  return p;
}

struct Fixture {
  Workspace ws;
  ProjectGraph graph;
  Fixture() {
    ws.projects = {project("billing-api", "contexts/billing/api", {"context:billing"}),
                   project("billing-domain", "contexts/billing/domain", {"context:billing"}),
                   project("billing-service", "contexts/billing/service",
                           {"type:service", "context:billing", "lang:python"}),
                   project("shipping-domain", "contexts/shipping/domain", {"context:shipping"})};
    ws.projects[0].package_dependencies = {"billing-domain", "pydantic>=2"};
    graph.nodes = {"billing-api", "billing-domain", "billing-service", "shipping-domain"};
    graph.dependencies["billing-service"] = {
        Dependency{"billing-service", "billing-api", DependencyType::k_static, ""}};
    graph.dependencies["billing-api"] = {
        Dependency{"billing-api", "billing-domain", DependencyType::k_static, ""}};
  }
};

TEST(ImageSpec, OnlyTheServiceAndItsDependencies) {
  Fixture f;
  Topology t;
  ServiceConfig c;
  c.context = "billing";
  c.health.path = "/healthz";
  t.services["billing"] = c;
  auto spec = image_spec_for(f.ws, f.graph, t, "billing-service",
                             "# comment\nfastapi>=0.110\nuvicorn>=0.29  # server\n\nPyJWT>=2.8\n");
  ASSERT_TRUE(spec.ok()) << spec.error().str();
  EXPECT_EQ(spec->language, "python");
  EXPECT_THAT(spec->projects, ElementsAre("billing-api", "billing-domain", "billing-service"));
  EXPECT_THAT(spec->copy_dirs,
              ElementsAre("contexts/billing/api/src", "contexts/billing/domain/src",
                          "contexts/billing/service/src"));
  EXPECT_EQ(spec->entry, "billing_service");
  EXPECT_EQ(spec->health_path, "/healthz");
  // The workspace's own billing-domain is not an external requirement.
  EXPECT_THAT(spec->requirements,
              ElementsAre("PyJWT>=2.8", "fastapi>=0.110", "pydantic>=2", "uvicorn>=0.29"));
  EXPECT_THAT(spec->inputs, ElementsAre("contexts/billing/service/project.json",
                                        "contexts/billing/service/requirements.txt", "strata.json",
                                        "topology.json"));
}

TEST(ImageSpec, ServicesByProjectOrContextName) {
  Fixture f;
  EXPECT_THAT(service_projects(f.ws), ElementsAre("billing-service"));
  EXPECT_EQ(*resolve_service(f.ws, "billing"), "billing-service");
  EXPECT_EQ(*resolve_service(f.ws, "billing-service"), "billing-service");
  f.ws.projects[2].name = "@acme/billing-service";
  EXPECT_EQ(*resolve_service(f.ws, "billing"), "@acme/billing-service");
  auto missing = resolve_service(f.ws, "biling");
  ASSERT_FALSE(missing.ok());
  EXPECT_THAT(missing.error().hint, HasSubstr("billing-service"));
}

TEST(ImageSpec, TheGeneratedMonolithsGetImagesToo) {
  Fixture f;
  f.ws.projects.push_back(
      project("monolith-python", "apps/monolith-python", {"type:app", "lang:python"}));
  // A hand-written app is not a composition root Strata generated.
  f.ws.projects.push_back(project("admin", "apps/admin", {"type:app", "lang:python"}));
  auto by_name = [](const Project& a, const Project& b) { return a.name < b.name; };
  std::sort(f.ws.projects.begin(), f.ws.projects.end(), by_name);  // as the loader leaves them
  f.graph.nodes.push_back("monolith-python");
  f.graph.dependencies["monolith-python"] = {
      Dependency{"monolith-python", "billing-api", DependencyType::k_static, ""}};
  EXPECT_THAT(service_projects(f.ws), ElementsAre("billing-service", "monolith-python"));
  EXPECT_EQ(*resolve_service(f.ws, "monolith"), "monolith-python");
  EXPECT_EQ(*resolve_service(f.ws, "monolith-python"), "monolith-python");
  EXPECT_FALSE(resolve_service(f.ws, "admin").ok());
  auto spec = image_spec_for(f.ws, f.graph, Topology{}, "monolith-python", "fastapi\n");
  ASSERT_TRUE(spec.ok()) << spec.error().str();
  EXPECT_EQ(spec->entry, "strata_monolith");
  EXPECT_EQ(spec->health_path, "/health");
  EXPECT_THAT(spec->projects, ElementsAre("billing-api", "billing-domain", "monolith-python"));

  f.ws.projects.push_back(project("monolith-cpp", "apps/monolith-cpp", {"type:app", "lang:cpp"}));
  std::sort(f.ws.projects.begin(), f.ws.projects.end(), by_name);
  f.graph.nodes.push_back("monolith-cpp");
  auto two = resolve_service(f.ws, "monolith");
  ASSERT_FALSE(two.ok());
  EXPECT_THAT(two.error().message, HasSubstr("2 composition roots"));
  EXPECT_EQ(two.error().hint, "name one: monolith-cpp, monolith-python");
  auto cpp = image_spec_for(f.ws, f.graph, Topology{}, "monolith-cpp", "");
  ASSERT_TRUE(cpp.ok()) << cpp.error().str();
  EXPECT_EQ(cpp->entry, "strata_monolith");
}

TEST(ImageSpec, NodeAndCppEntries) {
  Fixture f;
  f.ws.projects[2].tags = {"type:service", "context:billing", "lang:typescript"};
  auto node = image_spec_for(f.ws, f.graph, Topology{}, "billing-service", "");
  ASSERT_TRUE(node.ok());
  EXPECT_EQ(node->language, "node");
  EXPECT_EQ(node->entry, "contexts/billing/service/dist/main.js");
  EXPECT_THAT(node->copy_dirs, ElementsAre("contexts/billing/api", "contexts/billing/domain",
                                           "contexts/billing/service"));
  f.ws.projects[2].tags = {"type:service", "context:billing", "lang:cpp"};
  auto cpp = image_spec_for(f.ws, f.graph, Topology{}, "billing-service", "");
  ASSERT_TRUE(cpp.ok());
  EXPECT_EQ(cpp->entry, "billing_service");
  // Built each after what it depends on: service -> api -> domain.
  EXPECT_THAT(cpp->build_order, ElementsAre("contexts/billing/domain", "contexts/billing/api"));
  EXPECT_TRUE(cpp->requirements.empty());
}

TEST(ImageSpec, ALanguageWithoutARecipeIsRefused) {
  Fixture f;
  f.ws.projects[2].tags = {"type:service", "lang:rust"};
  auto spec = image_spec_for(f.ws, f.graph, Topology{}, "billing-service", "");
  ASSERT_FALSE(spec.ok());
  EXPECT_THAT(spec.error().str(), HasSubstr("contexts/billing/service/project.json"));
}

}  // namespace
}  // namespace strata::container
