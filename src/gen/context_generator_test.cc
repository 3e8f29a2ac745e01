#include "gen/context_generator.h"

#include <gtest/gtest.h>

#include <algorithm>

#include "gen/domain_context.h"
#include "gen/element_generator.h"
#include "gen/embedded.h"
#include "gen/scratch_dir.h"

namespace strata::gen {
namespace {

using testing::ScratchDir;

bool planned(const WritePlan& plan, const std::string& path) {
  return std::any_of(plan.files().begin(), plan.files().end(),
                     [&](const PlannedFile& f) { return f.path == path; });
}

TEST(Embedded, TemplatesAndSchemasAreCompiledIn) {
  EXPECT_TRUE(embedded_file("schemas/project.schema.json"));
  EXPECT_TRUE(embedded_file("schemas/strata.schema.json"));
  EXPECT_FALSE(embedded_under("templates/context/python").empty());
  for (const auto& f : embedded_under("templates"))
    EXPECT_TRUE(f.path.ends_with(".tmpl")) << f.path;
}

TEST(Layers, DefaultIsAllFourInDependencyOrder) {
  auto all = parse_layers({});
  ASSERT_TRUE(all);
  EXPECT_EQ(*all, (std::vector<std::string>{"domain", "api", "application", "infrastructure"}));
  auto some = parse_layers({"api", "domain"});
  ASSERT_TRUE(some);
  EXPECT_EQ(*some, (std::vector<std::string>{"domain", "api"}));
}

TEST(Layers, ALayerNeedsWhatItImports) {
  auto r = parse_layers({"application"});
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().hint, "add what it imports: --layers domain,api,application");
  EXPECT_EQ(parse_layers({"domian"}).error().hint, "did you mean 'domain'?");
}

TEST(ContextGenerator, PlansEveryLayerAsAProject) {
  ScratchDir dir;
  auto plan = plan_context(dir.root(), {"order_history", "python", {}, false});
  ASSERT_TRUE(plan) << plan.error().message;
  for (auto layer : k_layers)
    EXPECT_TRUE(planned(*plan, "contexts/order_history/" + std::string(layer) + "/project.json"))
        << layer;
  EXPECT_TRUE(
      planned(*plan, "contexts/order_history/domain/src/order_history_domain/aggregate.py"));
  EXPECT_TRUE(planned(*plan, "ruff.toml"));
  for (const auto& f : plan->files()) {
    EXPECT_EQ(f.path.find("__name__"), std::string::npos) << f.path;
    EXPECT_EQ(f.content.find("{{name"), std::string::npos) << f.path;
    EXPECT_EQ(f.content.find("{{Name}}"), std::string::npos) << f.path;
  }
}

TEST(ContextGenerator, ChosenLayersOnly) {
  ScratchDir dir;
  auto plan = plan_context(dir.root(), {"billing", "python", {"domain", "api"}, false});
  ASSERT_TRUE(plan);
  EXPECT_TRUE(planned(*plan, "contexts/billing/domain/project.json"));
  EXPECT_FALSE(planned(*plan, "contexts/billing/application/project.json"));
  EXPECT_TRUE(planned(*plan, "contexts/billing/README.md"));
}

TEST(ContextGenerator, IsIdempotentAndKeepsSharedRootFiles) {
  ScratchDir dir;
  dir.write("ruff.toml", "# the team's own settings\n");
  auto first = plan_context(dir.root(), {"billing", "python", {}, false});
  ASSERT_TRUE(first);
  ASSERT_TRUE(first->apply());
  EXPECT_EQ(dir.read("ruff.toml"), "# the team's own settings\n");
  auto second = plan_context(dir.root(), {"billing", "python", {}, true});
  ASSERT_TRUE(second);
  EXPECT_TRUE(second->changes_nothing());
}

TEST(ContextGenerator, ChecksNameAndLanguage) {
  ScratchDir dir;
  EXPECT_EQ(plan_context(dir.root(), {"Billing Service", "python", {}, false}).error().hint,
            "did you mean 'billing_service'?");
  EXPECT_EQ(plan_context(dir.root(), {"billing", "pyhton", {}, false}).error().hint,
            "did you mean 'python'?");
}

Workspace workspace_with_context() {
  Workspace ws;
  for (const char* layer : {"infrastructure", "domain", "application"}) {
    Project p;
    p.name = std::string("billing-") + layer;
    p.root = std::string("contexts/billing/") + layer;
    p.tags = {"context:billing", std::string("layer:") + layer, "lang:python"};
    ws.projects.push_back(p);
  }
  Project other;
  other.name = "tools";
  other.root = "tools";
  ws.projects.push_back(other);
  return ws;
}

TEST(DomainContext, FoundFromTags) {
  auto all = DomainContext::discover(workspace_with_context());
  ASSERT_EQ(all.size(), 1u);
  const auto& c = all[0];
  EXPECT_EQ(c.name(), "billing");
  EXPECT_EQ(c.language(), "python");
  EXPECT_EQ(c.layers(), (std::vector<std::string>{"domain", "application", "infrastructure"}));
  EXPECT_EQ(c.members().front().project, "billing-domain");
  EXPECT_EQ(c.deployment(), Deployment::k_monolith);
  EXPECT_EQ(c.to_json()["deployment"], "in monolith");
  EXPECT_EQ(DomainContext::find(workspace_with_context(), "biling").error().hint,
            "did you mean 'billing'?");
}

TEST(DomainContext, DependsOnOtherContextsThroughTheGraph) {
  Workspace ws = workspace_with_context();
  Project api;
  api.name = "shipping-api";
  api.root = "contexts/shipping/api";
  api.tags = {"context:shipping", "layer:api"};
  ws.projects.push_back(api);
  ProjectGraph g;
  auto edge = [](const char* from, const char* to) {
    Dependency d;
    d.source = from;
    d.target = to;
    return d;
  };
  g.dependencies["billing-application"] = {edge("billing-application", "shipping-api"),
                                           edge("billing-application", "billing-domain")};
  g.dependencies["billing-domain"] = {edge("billing-domain", "tools")};
  auto billing = DomainContext::find(ws, "billing", &g);
  ASSERT_TRUE(billing);
  EXPECT_EQ(billing->depends_on(), std::vector<std::string>{"shipping"});
  EXPECT_EQ(billing->to_json()["dependsOn"], nlohmann::json::array({"shipping"}));
  EXPECT_TRUE(DomainContext::find(ws, "shipping", &g)->depends_on().empty());
  EXPECT_TRUE(DomainContext::find(ws, "billing")->depends_on().empty());  // no graph given
}

TEST(ElementGenerator, GoesIntoTheContextsLayer) {
  ScratchDir dir;
  auto c = DomainContext::find(workspace_with_context(), "billing");
  ASSERT_TRUE(c);
  auto plan = plan_element(dir.root(), *c, {"entity", "invoice_line", false});
  ASSERT_TRUE(plan) << plan.error().message;
  EXPECT_TRUE(planned(*plan, "contexts/billing/domain/src/billing_domain/invoice_line.py"));
  EXPECT_TRUE(planned(*plan, "contexts/billing/domain/tests/test_invoice_line.py"));
  EXPECT_NE(plan->files()[0].content.find("class InvoiceLine"), std::string::npos);
}

TEST(ElementGenerator, NeedsTheLayer) {
  ScratchDir dir;
  Workspace ws = workspace_with_context();
  ws.projects.erase(ws.projects.begin());  // no infrastructure
  auto c = DomainContext::find(ws, "billing");
  ASSERT_TRUE(c);
  auto r = plan_element(dir.root(), *c, {"adapter", "audit_log", false});
  ASSERT_FALSE(r);
  EXPECT_NE(r.error().message.find("no infrastructure layer"), std::string::npos);
}

}  // namespace
}  // namespace strata::gen
