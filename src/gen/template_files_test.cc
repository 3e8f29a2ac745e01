#include "gen/template_files.h"

#include <gtest/gtest.h>

#include "util/temp_dir.h"

namespace strata::gen {
namespace {

using testutil::TempDir;

Placeholders billing() {
  Placeholders p;
  p.set("name", "billing");
  p.set("Name", "Billing");
  return p;
}

std::vector<std::string> paths(const WritePlan& plan) {
  std::vector<std::string> out;
  for (const auto& f : plan.files()) out.push_back(f.path);
  return out;
}

TEST(TemplatesOnDisk, EveryFileSortedByPathWithItsBytes) {
  TempDir t;
  t.write("gen/z.txt", "z");
  t.write("gen/a/__name__.py.tmpl", "class {{Name}}: ...\n");
  t.write("gen/a/b/bin.dat", std::string("\0\1\2", 3));
  auto files = templates_on_disk(t.path("gen"));
  ASSERT_TRUE(files.ok()) << files.error().str();
  ASSERT_EQ(files->size(), 3u);
  EXPECT_EQ((*files)[0].path, "a/__name__.py.tmpl");
  EXPECT_EQ((*files)[1].path, "a/b/bin.dat");
  EXPECT_EQ((*files)[1].bytes, std::string("\0\1\2", 3));
  EXPECT_EQ((*files)[2].path, "z.txt");
}

TEST(TemplatesOnDisk, AnEmptyOrMissingDirectory) {
  TempDir t;
  t.mkdir("empty");
  auto empty = templates_on_disk(t.path("empty"));
  ASSERT_TRUE(empty.ok());
  EXPECT_TRUE(empty->empty());
  EXPECT_FALSE(templates_on_disk(t.path("missing")).ok());
}

TEST(AddTemplates, ExpandsPathsAndContentsBelowTheDestination) {
  TempDir t;
  WritePlan plan(t.root());
  add_templates(plan, {{"src/__name__/model.py.tmpl", "class {{Name}}Model: ...\n"}},
                "contexts/billing", billing(), Existing::k_keep_unless_forced);
  ASSERT_EQ(plan.files().size(), 1u);
  EXPECT_EQ(plan.files()[0].path, "contexts/billing/src/billing/model.py");
  EXPECT_EQ(plan.files()[0].content, "class BillingModel: ...\n");
  EXPECT_EQ(plan.files()[0].action, FileAction::k_create);
}

TEST(AddTemplates, AnEmptyDestinationIsTheRoot) {
  TempDir t;
  WritePlan plan(t.root());
  add_templates(plan, {{"README.md", "# {{Name}}\n"}}, "", billing(), Existing::k_keep_always);
  EXPECT_EQ(paths(plan), std::vector<std::string>{"README.md"});
}

TEST(AddTemplates, TheFilterSeesExpandedPaths) {
  TempDir t;
  WritePlan plan(t.root());
  std::vector<TemplateFile> files = {{"__name__/domain.py", ""}, {"__name__/api.py", ""}};
  add_templates(plan, files, "x", billing(), Existing::k_keep_unless_forced,
                [](std::string_view p) { return p == "billing/api.py"; });
  EXPECT_EQ(paths(plan), std::vector<std::string>{"x/billing/api.py"});
}

TEST(AddTemplates, UnknownPlaceholdersAreLeftAsWritten) {
  TempDir t;
  WritePlan plan(t.root());
  add_templates(plan, {{"f.txt", "{{Name}} {{nope}} {{ Name }}"}}, "", billing(),
                Existing::k_keep_unless_forced);
  EXPECT_EQ(plan.files()[0].content, "Billing {{nope}} {{ Name }}");
}

TEST(AddTemplates, AShebangMakesTheFileExecutable) {
  TempDir t;
  WritePlan plan(t.root());
  add_templates(plan, {{"run.sh", "#!/bin/sh\necho {{name}}\n"}, {"lib.sh", "echo\n"}}, "",
                billing(), Existing::k_keep_unless_forced);
  EXPECT_TRUE(plan.files()[0].executable);
  EXPECT_FALSE(plan.files()[1].executable);
}

TEST(BuiltinTemplates, AnUnknownTreeIsEmptyAndAKnownOneIsNot) {
  EXPECT_TRUE(builtin_templates("no/such/tree").empty());
  auto python = builtin_templates("context/python");
  ASSERT_FALSE(python.empty());
  for (const auto& f : python) EXPECT_FALSE(f.path.starts_with("/")) << f.path;
}

}  // namespace
}  // namespace strata::gen
