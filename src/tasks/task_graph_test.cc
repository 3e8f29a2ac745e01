#include "tasks/task_graph.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <algorithm>

namespace strata {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;

// A workspace built in memory: projects, their targets, and graph edges.
class Fixture {
 public:
  Target& target(const std::string& project, const std::string& name,
                 std::vector<DependsOn> deps = {}) {
    Project& p = project_named(project);
    Target& t = p.targets[name];
    t.name = name;
    t.options = {{"command", "echo " + project + ":" + name}};
    t.depends_on = std::move(deps);
    return t;
  }
  void edge(const std::string& from, const std::string& to) {
    project_named(from);
    project_named(to);
    m_graph.dependencies[from].push_back({from, to, DependencyType::k_static, ""});
  }
  Result<TaskGraph> run(TaskRequest r) {
    std::sort(m_ws.projects.begin(), m_ws.projects.end(),
              [](const Project& a, const Project& b) { return a.name < b.name; });
    for (size_t i = 0; i < m_ws.projects.size(); ++i) m_position[m_ws.projects[i].name] = i;
    m_graph.nodes = m_ws.project_names();
    return build_task_graph(m_ws, m_graph, r);
  }

 private:
  Project& project_named(const std::string& name) {
    auto [it, added] = m_position.emplace(name, m_ws.projects.size());
    if (!added) return m_ws.projects[it->second];
    m_ws.projects.push_back(Project{});
    m_ws.projects.back().name = name;
    m_ws.projects.back().root = "libs/" + name;
    return m_ws.projects.back();
  }

  Workspace m_ws;
  ProjectGraph m_graph;
  std::map<std::string, size_t> m_position;
};

DependsOn dep(std::string target, bool deps = false) {
  DependsOn d;
  d.target = std::move(target);
  d.dependencies = deps;
  return d;
}

std::vector<std::string> ids(const TaskGraph& g) {
  std::vector<std::string> out;
  for (const auto& t : g.tasks) out.push_back(t.id);
  return out;
}

std::vector<std::string> deps_of(const TaskGraph& g, const std::string& id) {
  std::vector<std::string> out;
  for (size_t d : g.tasks[g.index.at(id)].deps) out.push_back(g.tasks[d].id);
  std::sort(out.begin(), out.end());
  return out;
}

TEST(TaskGraph, CaretBuildFollowsProjectEdgesDepsFirst) {
  Fixture f;
  f.target("app", "build", {dep("build", true)});
  f.target("lib", "build", {dep("build", true)});
  f.target("util", "build", {dep("build", true)});
  f.edge("app", "lib");
  f.edge("lib", "util");
  auto g = f.run({{"app"}, {"build"}, "", {}});
  ASSERT_TRUE(g.ok()) << g.error().str();
  EXPECT_THAT(ids(*g), ElementsAre("util:build", "lib:build", "app:build"));
  EXPECT_THAT(deps_of(*g, "app:build"), ElementsAre("lib:build"));
  ASSERT_EQ(g->requested.size(), 1u);
  EXPECT_EQ(g->tasks[g->requested[0]].id, "app:build");
}

TEST(TaskGraph, CaretGoesThroughProjectsLackingTheTarget) {
  Fixture f;
  f.target("app", "build", {dep("build", true)});
  f.target("types", "lint");  // no build
  f.target("util", "build");
  f.edge("app", "types");
  f.edge("types", "util");
  auto g = f.run({{"app"}, {"build"}, "", {}});
  ASSERT_TRUE(g.ok()) << g.error().str();
  EXPECT_THAT(deps_of(*g, "app:build"), ElementsAre("util:build"));
}

TEST(TaskGraph, SameProjectAndGlobTargets) {
  Fixture f;
  f.target("a", "build", {dep("codegen"), dep("missing")});
  f.target("a", "codegen");
  f.target("a", "build-all", {dep("build-*")});
  f.target("a", "build-js");
  f.target("a", "build-css");
  auto g = f.run({{"a"}, {"build-all"}, "", {}});
  ASSERT_TRUE(g.ok()) << g.error().str();
  // A glob never matches the target itself; a missing target is ignored.
  EXPECT_THAT(deps_of(*g, "a:build-all"), ElementsAre("a:build-css", "a:build-js"));
  g = f.run({{"a"}, {"build"}, "", {}});
  ASSERT_TRUE(g.ok());
  EXPECT_THAT(ids(*g), ElementsAre("a:codegen", "a:build"));
}

TEST(TaskGraph, ExplicitProjectsAndForwardedParams) {
  Fixture f;
  DependsOn d = dep("gen");
  d.projects = {"tool*", "schema"};
  d.forward_params = true;
  f.target("app", "build", {d});
  f.target("tool-a", "gen");
  f.target("tool-b", "gen");
  f.target("schema", "gen");
  f.target("other", "gen");
  auto g = f.run({{"app"}, {"build"}, "", {"--verbose"}});
  ASSERT_TRUE(g.ok()) << g.error().str();
  EXPECT_THAT(deps_of(*g, "app:build"), ElementsAre("schema:gen", "tool-a:gen", "tool-b:gen"));
  EXPECT_THAT(g->tasks[g->index.at("tool-a:gen")].args, ElementsAre("--verbose"));

  DependsOn bad = dep("gen");
  bad.projects = {"shema"};
  f.target("app", "lint", {bad});
  auto e = f.run({{"app"}, {"lint"}, "", {}});
  ASSERT_FALSE(e.ok());
  EXPECT_THAT(e.error().message, HasSubstr("unknown project 'shema'"));
  EXPECT_EQ(e.error().hint, "did you mean 'schema'?");
}

TEST(TaskGraph, ArgsAreNotForwardedByDefault) {
  Fixture f;
  f.target("a", "test", {dep("build")});
  f.target("a", "build");
  auto g = f.run({{"a"}, {"test"}, "", {"--watch"}});
  ASSERT_TRUE(g.ok());
  EXPECT_THAT(g->tasks[g->index.at("a:test")].args, ElementsAre("--watch"));
  EXPECT_TRUE(g->tasks[g->index.at("a:build")].args.empty());
}

TEST(TaskGraph, CyclesAreReportedInFull) {
  Fixture f;
  f.target("a", "build", {dep("build", true)});
  f.target("b", "build", {dep("gen")});
  f.target("b", "gen", {dep("build", true)});
  f.edge("a", "b");
  f.edge("b", "a");
  auto g = f.run({{"a"}, {"build"}, "", {}});
  ASSERT_FALSE(g.ok());
  EXPECT_EQ(g.error().message, "task dependency cycle: a:build -> b:build -> b:gen -> a:build");
  EXPECT_THAT(g.error().hint, HasSubstr("--ignore-cycles"));
  // Found from another task, it reads the same.
  auto from_b = f.run({{"b"}, {"build"}, "", {}});
  ASSERT_FALSE(from_b.ok());
  EXPECT_EQ(from_b.error().message, g.error().message);
}

std::vector<std::string> order(const TaskGraph& g) {
  std::vector<std::string> out;
  for (const auto& t : g.tasks) out.push_back(t.id);
  return out;
}

using Ignored = std::vector<std::pair<std::string, std::string>>;

// a and b depend on each other (package dependencies, say); c depends on a;
// d stands apart.
Fixture two_cycle() {
  Fixture f;
  for (const char* p : {"a", "b", "c", "d"}) {
    f.target(p, "build", {dep("build", true)});
    f.target(p, "test");
  }
  f.edge("a", "b");
  f.edge("b", "a");
  f.edge("c", "a");
  return f;
}

TEST(TaskGraph, OnlyTasksThatReachACycleFail) {
  Fixture f = two_cycle();
  EXPECT_FALSE(f.run({{"c"}, {"build"}, "", {}}).ok());
  auto unrelated = f.run({{"d"}, {"build"}, "", {}});
  ASSERT_TRUE(unrelated.ok());
  EXPECT_THAT(order(*unrelated), ElementsAre("d:build"));
  // Targets without "^" dependencies run in the cycle's projects too.
  auto tests = f.run({{"a", "b", "c", "d"}, {"test"}, "", {}});
  ASSERT_TRUE(tests.ok());
  EXPECT_EQ(tests->tasks.size(), 4u);
}

TEST(TaskGraph, IgnoreCyclesDropsTheSameDependencyWhicheverTaskIsAsked) {
  Fixture f = two_cycle();
  for (const char* first : {"a", "b", "c"}) {
    TaskRequest r{{first}, {"build"}, "", {}};
    r.ignore_cycles = true;
    auto g = f.run(r);
    ASSERT_TRUE(g.ok()) << first << ": " << g.error().message;
    EXPECT_EQ(g->ignored, (Ignored{{"b:build", "a:build"}})) << first;
    auto ids = order(*g);
    auto pos = [&](const std::string& id) {
      return std::find(ids.begin(), ids.end(), id) - ids.begin();
    };
    EXPECT_LT(pos("b:build"), pos("a:build")) << first;
    EXPECT_TRUE(g->tasks[g->index.at("b:build")].deps.empty());
  }
  TaskRequest all{{"a", "b", "c", "d"}, {"build"}, "", {}};
  all.ignore_cycles = true;
  auto g = f.run(all);
  ASSERT_TRUE(g.ok());
  EXPECT_THAT(order(*g), ElementsAre("b:build", "a:build", "c:build", "d:build"));
}

TEST(TaskGraph, IgnoreCyclesOnAFourCycleDropsTheEdgeBackToTheFirst) {
  Fixture f;
  for (const char* p : {"p1", "p2", "p3", "p4"}) f.target(p, "build", {dep("build", true)});
  f.edge("p1", "p2");
  f.edge("p2", "p3");
  f.edge("p3", "p4");
  f.edge("p4", "p1");
  auto refused = f.run({{"p3"}, {"build"}, "", {}});
  ASSERT_FALSE(refused.ok());
  EXPECT_EQ(refused.error().message,
            "task dependency cycle: p1:build -> p2:build -> p3:build -> p4:build -> p1:build");
  TaskRequest r{{"p3"}, {"build"}, "", {}};
  r.ignore_cycles = true;
  auto g = f.run(r);
  ASSERT_TRUE(g.ok());
  EXPECT_EQ(g->ignored, (Ignored{{"p4:build", "p1:build"}}));
  EXPECT_THAT(order(*g), ElementsAre("p4:build", "p3:build", "p2:build", "p1:build"));
}

TEST(TaskGraph, IgnoreCyclesKeepsTheWalksOwnDependencies) {
  // a:build needs its own a:gen, which needs b's build, which needs a's.
  Fixture f;
  f.target("a", "build", {dep("gen")});
  f.target("a", "gen", {dep("build", true)});
  f.target("b", "build", {dep("build", true)});
  f.edge("a", "b");
  f.edge("b", "a");
  TaskRequest r{{"a"}, {"build"}, "", {}};
  r.ignore_cycles = true;
  auto g = f.run(r);
  ASSERT_TRUE(g.ok());
  EXPECT_EQ(g->ignored, (Ignored{{"b:build", "a:build"}}));
  EXPECT_THAT(order(*g), ElementsAre("b:build", "a:gen", "a:build"));
}

TEST(TaskGraph, TargetDependingOnItself) {
  Fixture f;
  f.target("a", "build", {dep("build")});
  auto g = f.run({{"a"}, {"build"}, "", {}});
  ASSERT_FALSE(g.ok());
  EXPECT_EQ(g.error().message, "task dependency cycle: a:build -> a:build");
  TaskRequest r{{"a"}, {"build"}, "", {}};
  r.ignore_cycles = true;
  auto ignored = f.run(r);
  ASSERT_TRUE(ignored.ok());
  EXPECT_EQ(ignored->ignored, (Ignored{{"a:build", "a:build"}}));
  EXPECT_THAT(order(*ignored), ElementsAre("a:build"));
}

TEST(TaskGraph, Configurations) {
  Fixture f;
  Target& app = f.target("app", "build", {dep("build", true)});
  app.configurations["production"] = {{"mode", "prod"}};
  app.configurations["development"] = {{"mode", "dev"}};
  app.default_configuration = "development";
  Target& lib = f.target("lib", "build");
  lib.configurations["production"] = {{"mode", "prod"}};
  Target& util = f.target("util", "build");
  util.configurations["ci"] = {};
  util.default_configuration = "ci";
  f.edge("app", "lib");
  f.edge("app", "util");
  auto g = f.run({{"app"}, {"build"}, "production", {}});
  ASSERT_TRUE(g.ok()) << g.error().str();
  // Non-default configurations appear in the id; defaults do not.
  EXPECT_THAT(deps_of(*g, "app:build:production"),
              ElementsAre("lib:build:production", "util:build"));
  EXPECT_EQ(g->tasks[g->index.at("util:build")].configuration, "ci");
  g = f.run({{"app"}, {"build"}, "", {}});
  ASSERT_TRUE(g.ok());
  EXPECT_EQ(g->tasks[g->index.at("app:build")].configuration, "development");
  EXPECT_THAT(deps_of(*g, "app:build"), ElementsAre("lib:build", "util:build"));
  auto e = f.run({{"app"}, {"build"}, "prodution", {}, true});
  ASSERT_FALSE(e.ok());
  EXPECT_EQ(e.error().hint, "did you mean 'production'?");
}

TEST(TaskGraph, UnknownTargetsAndProjects) {
  Fixture f;
  f.target("a", "build");
  f.target("b", "test");
  auto e = f.run({{}, {"buidl"}, "", {}});
  ASSERT_FALSE(e.ok());
  EXPECT_EQ(e.error().message, "unknown target 'buidl': no project has it");
  EXPECT_EQ(e.error().hint, "did you mean 'build'?");
  e = f.run({{"c"}, {"build"}, "", {}});
  ASSERT_FALSE(e.ok());
  EXPECT_EQ(e.error().message, "unknown project 'c'");
  e = f.run({{"b"}, {"biuld"}, "", {}});
  ASSERT_FALSE(e.ok());
  EXPECT_EQ(e.error().message, "unknown target 'biuld': no project has it");
  // strata run b:build: the one project must have it.
  e = f.run({{"b"}, {"build"}, "", {}, true});
  ASSERT_FALSE(e.ok());
  EXPECT_EQ(e.error().message, "project 'b' has no target 'build'");
  // affected -t build with only b selected: nothing to run.
  auto none = f.run({{"b"}, {"build"}, "", {}});
  ASSERT_TRUE(none.ok());
  EXPECT_TRUE(none->tasks.empty());
  // Many projects: those without the target are skipped.
  auto g = f.run({{"a", "b"}, {"build", "test"}, "", {}});
  ASSERT_TRUE(g.ok());
  EXPECT_THAT(ids(*g), ElementsAre("a:build", "b:test"));
}

TEST(TaskGraph, AllProjectsWhenNoneNamedAndDeterministic) {
  Fixture f;
  for (const char* p : {"c", "a", "b"}) f.target(p, "test", {dep("build", true)});
  for (const char* p : {"c", "a", "b"}) f.target(p, "build", {dep("build", true)});
  f.edge("a", "b");
  f.edge("c", "b");
  auto g = f.run({{}, {"test"}, "", {}});
  ASSERT_TRUE(g.ok());
  EXPECT_THAT(ids(*g), ElementsAre("b:build", "a:test", "b:test", "c:test"));
  // Each task's deps precede it.
  for (size_t i = 0; i < g->tasks.size(); ++i)
    for (size_t d : g->tasks[i].deps) EXPECT_LT(d, i);
}

TEST(TaskGraph, LongChainDoesNotRecurse) {
  Fixture f;
  const int n = 20000;
  for (int i = 0; i < n; ++i) {
    f.target("p" + std::to_string(i), "build", {dep("build", true)});
    if (i > 0) f.edge("p" + std::to_string(i), "p" + std::to_string(i - 1));
  }
  auto g = f.run({{"p" + std::to_string(n - 1)}, {"build"}, "", {}});
  ASSERT_TRUE(g.ok());
  EXPECT_EQ(g->tasks.size(), static_cast<size_t>(n));
  EXPECT_EQ(g->tasks.front().id, "p0:build");
}

}  // namespace
}  // namespace strata
