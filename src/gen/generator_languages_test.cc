// Each generator's output in each language it supports: the files planned
// for a two-word name, spelled as that language spells files (snake_case
// for Python and C++, kebab-case for TypeScript), with every placeholder
// expanded, and the names each generator refuses before planning anything.

#include <gtest/gtest.h>

#include <algorithm>
#include <string>

#include "gen/context_generator.h"
#include "gen/element_generator.h"
#include "gen/model_generator.h"
#include "gen/scratch_dir.h"

namespace strata::gen {
namespace {

using testing::ScratchDir;

const PlannedFile* planned(const WritePlan& plan, const std::string& path) {
  for (const auto& f : plan.files())
    if (f.path == path) return &f;
  return nullptr;
}

// No placeholder left in any path or content, and no template suffix.
void expect_fully_expanded(const WritePlan& plan) {
  for (const auto& f : plan.files()) {
    for (const char* mark : {"__name", "__context", ".tmpl"})
      EXPECT_EQ(f.path.find(mark), std::string::npos) << f.path;
    for (const char* key : {"{{name", "{{Name", "{{NAME", "{{context", "{{Context", "{{workspace"})
      EXPECT_EQ(f.content.find(key), std::string::npos) << key << " in " << f.path;
  }
}

TEST(ContextLanguages, TypeScriptFilesAreKebabCasedAndPackagesScoped) {
  ScratchDir dir;
  auto plan = plan_context(dir.root(), {"order_history", "typescript", {}, false});
  ASSERT_TRUE(plan) << plan.error().str();
  const std::string base = "contexts/order_history/";
  for (const char* f :
       {"domain/src/order-history.ts", "domain/src/order-history-id.ts",
        "api/src/order-history-service.ts", "application/src/order-history-application-service.ts",
        "infrastructure/src/sqlite-order-history-repository.ts"})
    EXPECT_TRUE(planned(*plan, base + f)) << f;
  for (auto layer : k_layers) {
    std::string dir_name = base + std::string(layer);
    const PlannedFile* pkg = planned(*plan, dir_name + "/package.json");
    ASSERT_TRUE(pkg) << layer;
    EXPECT_NE(pkg->content.find("/order-history-" + std::string(layer) + "\""), std::string::npos)
        << pkg->content;
    const PlannedFile* project = planned(*plan, dir_name + "/project.json");
    ASSERT_TRUE(project) << layer;
    EXPECT_NE(project->content.find("\"context:order_history\""), std::string::npos);
  }
  EXPECT_TRUE(planned(*plan, "tsconfig.base.json"));
  EXPECT_TRUE(planned(*plan, "package.json"));
  EXPECT_FALSE(planned(*plan, "ruff.toml"));  // another language's root file
  const PlannedFile* entity = planned(*plan, base + "domain/src/order-history.ts");
  ASSERT_TRUE(entity);
  EXPECT_NE(entity->content.find("OrderHistory"), std::string::npos);
  expect_fully_expanded(*plan);
}

TEST(ContextLanguages, CppHeadersLiveUnderTheContextsIncludeFolder) {
  ScratchDir dir;
  auto plan = plan_context(dir.root(), {"order_history", "cpp", {}, false});
  ASSERT_TRUE(plan) << plan.error().str();
  const std::string base = "contexts/order_history/";
  for (auto layer : k_layers) {
    std::string l(layer);
    EXPECT_TRUE(planned(*plan, base + l + "/CMakeLists.txt")) << l;
    EXPECT_TRUE(planned(*plan, base + l + "/project.json")) << l;
  }
  for (const char* f : {"domain/src/order_history/domain/order_history.h",
                        "domain/src/order_history/domain/order_history_id.cc",
                        "api/src/order_history/api/order_history_service.h",
                        "infrastructure/src/order_history/infrastructure/"
                        "sqlite_order_history_repository.cc"})
    EXPECT_TRUE(planned(*plan, base + f)) << f;
  EXPECT_TRUE(planned(*plan, "cmake/context_layer.cmake"));
  EXPECT_TRUE(planned(*plan, "cmake/lint.cmake"));
  const PlannedFile* header =
      planned(*plan, base + "domain/src/order_history/domain/order_history.h");
  ASSERT_TRUE(header);
  EXPECT_NE(header->content.find("class OrderHistory"), std::string::npos);
  expect_fully_expanded(*plan);
}

TEST(ContextLanguages, PythonPackagesAreSnakeCasedPerLayer) {
  ScratchDir dir;
  auto plan = plan_context(dir.root(), {"order_history", "python", {}, false});
  ASSERT_TRUE(plan) << plan.error().str();
  for (auto layer : k_layers) {
    std::string l(layer);
    EXPECT_TRUE(
        planned(*plan, "contexts/order_history/" + l + "/src/order_history_" + l + "/__init__.py"))
        << l;
    EXPECT_TRUE(
        planned(*plan, "contexts/order_history/" + l + "/tests/test_order_history_" + l + ".py"))
        << l;
  }
  EXPECT_TRUE(planned(*plan, "requirements-dev.txt"));
  expect_fully_expanded(*plan);
}

TEST(ContextLanguages, RefusedNamesPlanNothing) {
  ScratchDir dir;
  for (const char* lang : {"python", "typescript", "cpp"}) {
    auto reserved = plan_context(dir.root(), {"class", lang, {}, false});
    ASSERT_FALSE(reserved) << lang;
    EXPECT_EQ(reserved.error().hint, "did you mean 'class_context'?");
    EXPECT_FALSE(plan_context(dir.root(), {"9lives", lang, {}, false})) << lang;
    EXPECT_FALSE(plan_context(dir.root(), {"order__history", lang, {}, false})) << lang;
  }
  auto lang = plan_context(dir.root(), {"billing", "rust", {}, false});
  ASSERT_FALSE(lang);
  EXPECT_NE(lang.error().message.find("rust"), std::string::npos);
  EXPECT_TRUE(std::filesystem::is_empty(dir.root()));
}

Project member(const std::string& layer, const std::string& lang) {
  Project p;
  p.name = "billing-" + layer;
  p.root = "contexts/billing/" + layer;
  p.tags = {"context:billing", "layer:" + layer, "lang:" + lang};
  return p;
}

Result<WritePlan> element(const ScratchDir& dir, const std::string& lang, const std::string& kind,
                          const std::string& name) {
  Workspace ws;
  ws.root = dir.root();
  for (auto layer : k_layers) ws.projects.push_back(member(std::string(layer), lang));
  std::sort(ws.projects.begin(), ws.projects.end(),
            [](const Project& a, const Project& b) { return a.name < b.name; });
  auto context = DomainContext::find(ws, "billing");
  if (!context) return context.error();
  return plan_element(dir.root(), *context, {kind, name, false});
}

TEST(ElementLanguages, EachKindInEachLanguageNamesItsFilesAsTheLanguageDoes) {
  ScratchDir dir;
  struct Case {
    const char* lang;
    const char* kind;
    std::vector<std::string> files;
  };
  const std::string b = "contexts/billing/";
  std::vector<Case> cases = {
      {"typescript",
       "entity",
       {b + "domain/src/invoice-line.ts", b + "domain/src/invoice-line.test.ts"}},
      {"typescript",
       "command",
       {b + "api/src/invoice-line-command.ts", b + "application/src/invoice-line-handler.ts"}},
      {"typescript", "query", {b + "api/src/invoice-line-query.ts"}},
      {"typescript", "adapter", {b + "infrastructure/src/invoice-line-event-publisher.ts"}},
      {"cpp",
       "entity",
       {b + "domain/src/billing/domain/invoice_line.h",
        b + "domain/src/billing/domain/invoice_line.cc",
        b + "domain/src/billing/domain/invoice_line_test.cc"}},
      {"cpp",
       "command",
       {b + "api/src/billing/api/invoice_line_command.h",
        b + "application/src/billing/application/invoice_line_handler.cc"}},
      {"cpp",
       "adapter",
       {b + "infrastructure/src/billing/infrastructure/invoice_line_event_publisher.h"}},
      {"python", "query", {b + "application/src/billing_application/invoice_line.py"}},
      {"python",
       "adapter",
       {b + "infrastructure/src/billing_infrastructure/invoice_line.py",
        b + "infrastructure/tests/test_invoice_line.py"}},
  };
  for (const auto& c : cases) {
    auto plan = element(dir, c.lang, c.kind, "invoice_line");
    ASSERT_TRUE(plan) << c.lang << " " << c.kind << ": " << plan.error().str();
    for (const auto& f : c.files)
      EXPECT_TRUE(planned(*plan, f)) << c.lang << " " << c.kind << ": " << f;
    expect_fully_expanded(*plan);
    bool pascal = false;
    for (const auto& f : plan->files())
      pascal = pascal || f.content.find("InvoiceLine") != std::string::npos;
    EXPECT_TRUE(pascal) << c.lang << " " << c.kind;
  }
}

TEST(ElementLanguages, BadNamesAreRefusedWithTheKindInTheSuggestion) {
  ScratchDir dir;
  for (const char* lang : {"python", "typescript", "cpp"}) {
    auto pascal = element(dir, lang, "entity", "InvoiceLine");
    ASSERT_FALSE(pascal) << lang;
    EXPECT_EQ(pascal.error().hint, "did you mean 'invoice_line'?");
    auto reserved = element(dir, lang, "command", "delete");
    ASSERT_FALSE(reserved) << lang;
    EXPECT_EQ(reserved.error().hint, "did you mean 'delete_command'?");
  }
}

TEST(ModelLanguages, RefusedNamesAndFrameworksPlanNothing) {
  ScratchDir dir;
  auto name = plan_model(dir.root(), {"Churn-Model", "sklearn", "", false});
  ASSERT_FALSE(name);
  EXPECT_EQ(name.error().hint, "did you mean 'churn_model'?");
  auto framework = plan_model(dir.root(), {"churn", "sklaern", "", false});
  ASSERT_FALSE(framework);
  EXPECT_EQ(framework.error().hint, "did you mean 'sklearn'?");
  auto none = plan_model(dir.root(), {"churn", "tensorflow2", "", false});
  ASSERT_FALSE(none);
  EXPECT_EQ(none.error().hint, "use --framework sklearn, xgboost or pytorch");
  EXPECT_TRUE(std::filesystem::is_empty(dir.root()));
}

TEST(ModelLanguages, EveryFrameworkPlansTheSameProjectShape) {
  ScratchDir dir;
  for (auto framework : k_frameworks) {
    auto plan = plan_model(dir.root(), {"churn_risk", std::string(framework), "", false});
    ASSERT_TRUE(plan) << framework << ": " << plan.error().str();
    EXPECT_TRUE(planned(*plan, "models/churn_risk/project.json")) << framework;
    EXPECT_TRUE(planned(*plan, "models/churn_risk/model.json")) << framework;
    EXPECT_TRUE(planned(*plan, "models/churn_risk/requirements.txt")) << framework;
    EXPECT_TRUE(planned(*plan, "models/churn_risk/src/churn_risk_model/model.py")) << framework;
    EXPECT_TRUE(planned(*plan, "models/churn_risk/src/churn_risk_model/export.py")) << framework;
    expect_fully_expanded(*plan);
  }
}

}  // namespace
}  // namespace strata::gen
