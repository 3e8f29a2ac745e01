// Elements planned into an existing context: the layer each kind goes to,
// the files it gets (in the context's folder, in its language), and what is
// refused before any file is planned: a bad name, a missing layer, a
// language without templates. Planning writes nothing.

#include "gen/element_generator.h"

#include <gtest/gtest.h>

#include "util/temp_dir.h"

namespace strata::gen {
namespace {

Project member(const std::string& name, const std::string& root, const std::string& layer,
               const std::string& lang) {
  Project p;
  p.name = name;
  p.root = root;
  p.tags = {"context:billing", "layer:" + layer, "lang:" + lang};
  return p;
}

struct Elements : ::testing::Test {
  testutil::TempDir dir;
  Workspace ws;
  void SetUp() override {
    ws.root = dir.root();
    ws.projects = {member("billing-domain", "contexts/billing/domain", "domain", "python"),
                   member("billing-app", "contexts/billing/application", "application", "python")};
  }
  DomainContext billing() {
    auto c = DomainContext::find(ws, "billing");
    EXPECT_TRUE(c) << c.error().str();
    return *c;
  }
};

TEST(ElementLayer, EachKindHasItsLayer) {
  EXPECT_EQ(element_layer("entity"), "domain");
  EXPECT_EQ(element_layer("command"), "application");
  EXPECT_EQ(element_layer("query"), "application");
  EXPECT_EQ(element_layer("adapter"), "infrastructure");
}

TEST_F(Elements, AnEntityIsPlannedInTheDomainFolderOfTheContext) {
  auto plan = plan_element(dir.root(), billing(), {"entity", "invoice_line", false});
  ASSERT_TRUE(plan) << plan.error().str();
  ASSERT_FALSE(plan->files().empty());
  for (const auto& f : plan->files()) {
    EXPECT_TRUE(f.path.starts_with("contexts/billing/domain/")) << f.path;
    EXPECT_EQ(f.action, FileAction::k_create) << f.path;
    EXPECT_EQ(f.path.find("__"), std::string::npos) << "unexpanded placeholder in " << f.path;
  }
  bool named = false;
  for (const auto& f : plan->files())
    named = named || f.path.find("invoice_line") != std::string::npos;
  EXPECT_TRUE(named);
  EXPECT_TRUE(std::filesystem::is_empty(dir.root()));  // planning writes nothing
}

TEST_F(Elements, ApplyingTwiceChangesNothingTheSecondTime) {
  auto plan = plan_element(dir.root(), billing(), {"command", "issue_invoice", false});
  ASSERT_TRUE(plan) << plan.error().str();
  ASSERT_TRUE(plan->apply());
  auto again = plan_element(dir.root(), billing(), {"command", "issue_invoice", false});
  ASSERT_TRUE(again);
  EXPECT_TRUE(again->changes_nothing());
  EXPECT_EQ(again->count(FileAction::k_unchanged), plan->files().size());
}

TEST_F(Elements, AChangedFileIsSkippedUnlessForced) {
  auto plan = plan_element(dir.root(), billing(), {"query", "open_invoices", false});
  ASSERT_TRUE(plan);
  ASSERT_TRUE(plan->apply());
  const std::string first = plan->files()[0].path;
  dir.write(first, "edited by hand\n");
  auto kept = plan_element(dir.root(), billing(), {"query", "open_invoices", false});
  ASSERT_TRUE(kept);
  EXPECT_EQ(kept->count(FileAction::k_skip), 1u);
  auto forced = plan_element(dir.root(), billing(), {"query", "open_invoices", true});
  ASSERT_TRUE(forced);
  EXPECT_EQ(forced->count(FileAction::k_overwrite), 1u);
}

TEST_F(Elements, AKindWhoseLayerIsMissingSaysWhichTagsMakeIt) {
  auto plan = plan_element(dir.root(), billing(), {"adapter", "stripe_gateway", false});
  ASSERT_FALSE(plan);
  EXPECT_EQ(plan.error().message,
            "context 'billing' has no infrastructure layer, where an adapter goes");
  EXPECT_EQ(plan.error().hint,
            "projects of the layer carry the tags context:billing and layer:infrastructure");
}

TEST_F(Elements, ANameThatIsNotSnakeCaseIsRefused) {
  auto plan = plan_element(dir.root(), billing(), {"entity", "Invoice-Line", false});
  ASSERT_FALSE(plan);
  EXPECT_NE(plan.error().message.find("entity name"), std::string::npos) << plan.error().str();
}

TEST_F(Elements, AMixedLanguageContextHasNoTemplates) {
  ws.projects.push_back(member("billing-web", "contexts/billing/web", "application", "typescript"));
  auto plan = plan_element(dir.root(), billing(), {"entity", "invoice", false});
  ASSERT_FALSE(plan);
  EXPECT_NE(plan.error().message.find("no entity templates for mixed"), std::string::npos)
      << plan.error().str();
}

}  // namespace
}  // namespace strata::gen
