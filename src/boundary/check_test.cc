#include "boundary/check.h"

#include <gtest/gtest.h>

#include "util/temp_dir.h"

namespace strata {
namespace {

// Python projects under libs/, each importable by its own name, in a real
// directory so the scan reads real files.
struct PyWorkspace {
  testutil::TempDir dir;
  Workspace ws;

  PyWorkspace(std::initializer_list<const char*> names) {
    ws.root = dir.root();
    for (const char* n : names) {
      Project p;
      p.name = n;
      p.root = std::string("libs/") + n;
      p.source_root = p.root;
      p.language = "python";
      p.python_packages = {n};
      p.config_file = p.root + "/project.json";
      ws.projects.push_back(p);
      dir.write(p.root + "/project.json", "{}");
    }
  }
  Project& project(const std::string& name) {
    for (auto& p : ws.projects)
      if (p.name == name) return p;
    throw std::logic_error("no project " + name);
  }
  // libs/<project>/<project>/__init__.py
  void module(const std::string& project, const std::string& text) {
    dir.write("libs/" + project + "/" + project + "/__init__.py", text);
  }

  Result<BoundaryReport> check(const BoundaryRules& rules = {}, std::string only = "") {
    auto files = FileIndex::scan(ws.root);
    EXPECT_TRUE(files.ok());
    files->assign_owners(ws.projects);
    diags.clear();
    return check_boundaries(ws, *files, rules, {std::move(only)}, diags);
  }
  Diagnostics diags;
};

TEST(CheckBoundaries, AnAcyclicWorkspaceWithoutRulesIsClean) {
  PyWorkspace w{"a", "b"};
  w.module("a", "import b\n");
  w.module("b", "import os\n");
  auto r = w.check();
  ASSERT_TRUE(r.ok()) << r.error().str();
  EXPECT_TRUE(r->violations.empty());
  EXPECT_EQ(r->files, 2u);
  EXPECT_EQ(r->imports, 2u);  // an external package leaves the project too
}

TEST(CheckBoundaries, AProjectCycleNamesEveryImportThatMakesIt) {
  PyWorkspace w{"a", "b"};
  w.module("a", "import b\n");
  w.module("b", "\n\nfrom a import x\n");
  auto r = w.check();
  ASSERT_TRUE(r.ok());
  ASSERT_EQ(r->violations.size(), 1u);
  const Violation& v = r->violations[0];
  EXPECT_EQ(v.rule, BoundaryRule::k_project_cycle);
  ASSERT_EQ(v.cycle.size(), 2u);
  EXPECT_EQ(v.message, "project cycle: " + cycle_path(v.cycle));
  EXPECT_NE(v.hint.find("libs/a/a/__init__.py:1"), std::string::npos) << v.hint;
  EXPECT_NE(v.hint.find("libs/b/b/__init__.py:3"), std::string::npos) << v.hint;
  EXPECT_EQ(v.file, v.cycle.front().file);
  EXPECT_EQ(v.line, v.cycle.front().line);
}

TEST(CheckBoundaries, ADeclaredDependencyClosesACycleToo) {
  PyWorkspace w{"a", "b"};
  w.module("a", "import b\n");
  w.module("b", "");
  w.project("b").implicit_dependencies = {"a"};
  auto r = w.check();
  ASSERT_TRUE(r.ok());
  ASSERT_EQ(r->violations.size(), 1u);
  EXPECT_NE(r->violations[0].hint.find("declared in libs/b/project.json"), std::string::npos)
      << r->violations[0].hint;
}

TEST(CheckBoundaries, ASelfImportIsNoCycle) {
  PyWorkspace w{"a"};
  w.module("a", "import a\nfrom a import b\n");
  w.project("a").implicit_dependencies = {"a"};
  auto r = w.check();
  ASSERT_TRUE(r.ok());
  EXPECT_TRUE(r->violations.empty());
}

TEST(CheckBoundaries, TagConstraintsAreReportedAtTheImport) {
  PyWorkspace w{"a", "b", "c"};
  w.project("a").tags = {"scope:x"};
  w.project("b").tags = {"scope:y"};
  w.project("c").tags = {"scope:x"};
  w.module("a", "import c\nimport b\n");
  w.module("b", "");
  w.module("c", "");
  BoundaryRules rules;
  DepConstraint only_x;
  only_x.source_tags = {"scope:x"};
  only_x.only_tags = std::vector<std::string>{"scope:x"};
  rules.dep_constraints = {only_x};
  DepConstraint any;
  any.source_tags = {"*"};
  rules.dep_constraints.push_back(any);
  auto r = w.check(rules);
  ASSERT_TRUE(r.ok());
  ASSERT_EQ(r->violations.size(), 1u);
  const Violation& v = r->violations[0];
  EXPECT_EQ(v.rule, BoundaryRule::k_only_tags);
  EXPECT_EQ(v.file, "libs/a/a/__init__.py");
  EXPECT_EQ(v.line, 2u);
  EXPECT_EQ(v.importer, "a");
  EXPECT_EQ(v.imported, "b");
}

TEST(CheckBoundaries, ViolationsAreSortedByFileAndLine) {
  PyWorkspace w{"a", "b", "c"};
  for (const char* p : {"a", "b", "c"}) w.project(p).tags = {"scope:x"};
  w.module("c", "import a\nimport b\n");
  w.module("b", "import a\n");
  w.module("a", "");
  BoundaryRules rules;
  DepConstraint none;
  none.source_tags = {"scope:x"};
  none.only_tags = std::vector<std::string>{};  // may depend on nothing
  rules.dep_constraints = {none};
  auto r = w.check(rules);
  ASSERT_TRUE(r.ok());
  std::vector<std::string> at;
  for (const auto& v : r->violations) at.push_back(v.file + ":" + std::to_string(v.line));
  EXPECT_EQ(at, (std::vector<std::string>{"libs/b/b/__init__.py:1", "libs/c/c/__init__.py:1",
                                          "libs/c/c/__init__.py:2"}));
}

TEST(CheckBoundaries, OneProjectChecksOnlyItsImportsAndLeavesTheScanCacheAlone) {
  PyWorkspace w{"a", "b"};
  w.module("a", "import b\n");
  w.module("b", "import a\n");
  auto r = w.check({}, "a");
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(r->files, 1u);
  EXPECT_TRUE(r->violations.empty());  // cycles need the whole workspace
  EXPECT_FALSE(w.dir.exists(".strata/imports-cache"));
  auto all = w.check();
  ASSERT_TRUE(all.ok());
  EXPECT_EQ(all->violations.size(), 1u);
  EXPECT_TRUE(w.dir.exists(".strata/imports-cache"));
}

TEST(CheckBoundaries, AnUnknownProjectIsAnErrorWithADidYouMean) {
  PyWorkspace w{"alpha", "beta"};
  auto r = w.check({}, "alhpa");
  ASSERT_FALSE(r.ok());
  EXPECT_NE(r.error().message.find("alhpa"), std::string::npos);
  EXPECT_NE(r.error().hint.find("alpha"), std::string::npos) << r.error().hint;
}

TEST(CheckBoundaries, AnUnknownImplicitDependencyGoesToTheDiagnostics) {
  PyWorkspace w{"a"};
  w.module("a", "");
  w.project("a").implicit_dependencies = {"ghost"};
  auto r = w.check();
  ASSERT_TRUE(r.ok());
  EXPECT_TRUE(w.diags.has_errors());
  EXPECT_EQ(w.diags.items().size(), 1u);  // reported once, not once per pass
}

TEST(CheckBoundaries, TheReportIsTheSameOnASecondRun) {
  PyWorkspace w{"a", "b", "c"};
  w.module("a", "import b\n");
  w.module("b", "import c\n");
  w.module("c", "import a\n");
  auto first = w.check();
  auto second = w.check();  // with the scan cache the first run wrote
  ASSERT_TRUE(first.ok() && second.ok());
  ASSERT_EQ(first->violations.size(), 1u);
  ASSERT_EQ(second->violations.size(), 1u);
  EXPECT_EQ(first->violations[0].message, second->violations[0].message);
  EXPECT_EQ(first->violations[0].hint, second->violations[0].hint);
}

}  // namespace
}  // namespace strata
