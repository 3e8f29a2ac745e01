#include "graph/declared_deps.h"

#include <gtest/gtest.h>

#include "graph/graph_test_util.h"

namespace strata {
namespace {

using testing::project;

// "target:type" for each edge project `i` gains, and the removed targets.
std::vector<std::string> added(const Workspace& ws, const DeclaredEdges& e, int i) {
  std::vector<std::string> out;
  for (const auto& [t, type] : e.add[i])
    out.push_back(ws.projects[t].name + ":" + dependency_type_name(type));
  return out;
}

std::vector<std::string> removed(const Workspace& ws, const DeclaredEdges& e, int i) {
  std::vector<std::string> out;
  for (int t : e.remove[i]) out.push_back(ws.projects[t].name);
  return out;
}

// Projects in index order: "api", "web", "lib-a", "lib-b", "tools".
Workspace five_projects() {
  Workspace ws;
  for (const char* n : {"api", "web", "lib-a", "lib-b", "tools"})
    ws.projects.push_back(project(n, std::string("p/") + n));
  return ws;
}

TEST(Pep503Name, LowercasesAndFoldsSeparatorRuns) {
  EXPECT_EQ(pep503_name("Foo_Bar"), "foo-bar");
  EXPECT_EQ(pep503_name("foo.bar-baz"), "foo-bar-baz");
  EXPECT_EQ(pep503_name("Foo__-._Bar"), "foo-bar");
  EXPECT_EQ(pep503_name("ACME"), "acme");
  EXPECT_EQ(pep503_name(""), "");
}

TEST(Pep503Name, IsIdempotent) {
  for (const char* n : {"Foo_Bar", "a..b", "-x-", "Zope.Interface"})
    EXPECT_EQ(pep503_name(pep503_name(n)), pep503_name(n)) << n;
}

TEST(RequirementName, StopsAtExtrasVersionsMarkersAndUrls) {
  EXPECT_EQ(requirement_name("Foo_Bar[x]>=1; python_version<'3.9'"), "Foo_Bar");
  EXPECT_EQ(requirement_name("  requests >= 2"), "requests");
  EXPECT_EQ(requirement_name("acme-core==1.0"), "acme-core");
  EXPECT_EQ(requirement_name("pkg @ git+https://example.com/pkg"), "pkg");
  EXPECT_EQ(requirement_name("zope.interface~=5.0"), "zope.interface");
}

TEST(RequirementName, BlankOrPunctuationOnlyGivesNothing) {
  EXPECT_EQ(requirement_name(""), "");
  EXPECT_EQ(requirement_name("   "), "");
  EXPECT_EQ(requirement_name(">=1.0"), "");
}

TEST(NameMatches, StarMatchesAnyRunIncludingSlashes) {
  EXPECT_TRUE(name_matches("lib-*", "lib-a"));
  EXPECT_TRUE(name_matches("lib-*", "lib-"));
  EXPECT_TRUE(name_matches("*", ""));
  EXPECT_TRUE(name_matches("@acme/*", "@acme/ui/forms"));
  EXPECT_FALSE(name_matches("lib-*", "web"));
}

TEST(NameMatches, QuestionMarkIsExactlyOneCharacter) {
  EXPECT_TRUE(name_matches("lib-?", "lib-a"));
  EXPECT_FALSE(name_matches("lib-?", "lib-"));
  EXPECT_FALSE(name_matches("lib-?", "lib-ab"));
}

TEST(NameMatches, BacktracksOverRepeatedPrefixes) {
  EXPECT_TRUE(name_matches("*ab", "aaab"));
  EXPECT_TRUE(name_matches("a*b*c", "abxbyc"));
  EXPECT_FALSE(name_matches("a*b*c", "abxbyd"));
  EXPECT_TRUE(name_matches("**x", "x"));
}

TEST(NameMatches, WithoutWildcardsItIsEquality) {
  EXPECT_TRUE(name_matches("web", "web"));
  EXPECT_FALSE(name_matches("web", "web2"));
  EXPECT_FALSE(name_matches("web2", "web"));
  EXPECT_FALSE(name_matches("", "x"));
  EXPECT_TRUE(name_matches("", ""));
}

TEST(NameMatches, ALongHostileNameStaysLinearForOneStar) {
  std::string name(100'000, 'a');
  EXPECT_FALSE(name_matches("*b", name));
  EXPECT_TRUE(name_matches("*a", name));
}

TEST(DeclaredEdges, ImplicitNamesAddImplicitEdges) {
  Workspace ws = five_projects();
  ws.projects[0].implicit_dependencies = {"web", "tools"};
  Diagnostics d;
  DeclaredEdges e = declared_edges(ws, d);
  EXPECT_FALSE(d.has_errors());
  EXPECT_EQ(added(ws, e, 0), (std::vector<std::string>{"web:implicit", "tools:implicit"}));
  EXPECT_TRUE(added(ws, e, 1).empty());
}

TEST(DeclaredEdges, PatternsAddEveryMatchAndNegationsRemove) {
  Workspace ws = five_projects();
  ws.projects[1].implicit_dependencies = {"lib-*", "!api", "!lib-?"};
  Diagnostics d;
  DeclaredEdges e = declared_edges(ws, d);
  EXPECT_FALSE(d.has_errors());
  EXPECT_EQ(added(ws, e, 1), (std::vector<std::string>{"lib-a:implicit", "lib-b:implicit"}));
  EXPECT_EQ(removed(ws, e, 1), (std::vector<std::string>{"api", "lib-a", "lib-b"}));
}

TEST(DeclaredEdges, AnUnknownNameIsAnErrorWithADidYouMean) {
  Workspace ws = five_projects();
  ws.projects[0].implicit_dependencies = {"wbe"};
  Diagnostics d;
  declared_edges(ws, d);
  ASSERT_TRUE(d.has_errors());
  Error err = d.first_error();
  EXPECT_EQ(err.loc.file, "p/api/project.json");
  EXPECT_NE(err.message.find("unknown implicit dependency 'wbe'"), std::string::npos);
  EXPECT_NE(err.hint.find("web"), std::string::npos) << err.hint;
}

TEST(DeclaredEdges, AnUnknownNegatedNameIsAnErrorToo) {
  Workspace ws = five_projects();
  ws.projects[0].implicit_dependencies = {"!nothing-like-it"};
  Diagnostics d;
  declared_edges(ws, d);
  ASSERT_TRUE(d.has_errors());
  EXPECT_NE(d.first_error().message.find("'nothing-like-it'"), std::string::npos);
  EXPECT_FALSE(d.first_error().hint.empty());
}

TEST(DeclaredEdges, APatternMatchingNothingIsOnlyAWarning) {
  Workspace ws = five_projects();
  ws.projects[0].implicit_dependencies = {"svc-*"};
  Diagnostics d;
  DeclaredEdges e = declared_edges(ws, d);
  EXPECT_FALSE(d.has_errors());
  ASSERT_EQ(d.items().size(), 1u);
  EXPECT_EQ(d.items()[0].severity, Severity::k_warning);
  EXPECT_TRUE(added(ws, e, 0).empty());
}

TEST(DeclaredEdges, EveryProblemIsReportedNotOnlyTheFirst) {
  Workspace ws = five_projects();
  ws.projects[0].implicit_dependencies = {"nope1"};
  ws.projects[1].implicit_dependencies = {"nope2", "zz-*"};
  Diagnostics d;
  declared_edges(ws, d);
  EXPECT_EQ(d.items().size(), 3u);
}

TEST(DeclaredEdges, NpmDependenciesMatchPackageNamesExactly) {
  Workspace ws = five_projects();
  ws.projects[2].package_name = "@acme/lib-a";
  ws.projects[1].package_dependencies = {"@acme/lib-a", "react", "@ACME/lib-a"};
  Diagnostics d;
  DeclaredEdges e = declared_edges(ws, d);
  EXPECT_EQ(added(ws, e, 1), (std::vector<std::string>{"lib-a:static"}));
}

TEST(DeclaredEdges, PythonRequirementsMatchNormalisedDistributionNames) {
  Workspace ws = five_projects();
  ws.projects[3].package_name = "Acme_Core";
  ws.projects[3].language = "python";
  ws.projects[0].package_dependencies = {"acme-core[extra]>=1.0; python_version>='3.10'",
                                         "requests"};
  Diagnostics d;
  DeclaredEdges e = declared_edges(ws, d);
  EXPECT_EQ(added(ws, e, 0), (std::vector<std::string>{"lib-b:static"}));
}

TEST(DeclaredEdges, NormalisedMatchingIsOnlyForPythonProjects) {
  // An npm package "Acme_Core" is not the Python requirement "acme-core".
  Workspace ws = five_projects();
  ws.projects[3].package_name = "Acme_Core";
  ws.projects[3].language = "typescript";
  ws.projects[0].package_dependencies = {"acme-core>=1.0"};
  Diagnostics d;
  DeclaredEdges e = declared_edges(ws, d);
  EXPECT_TRUE(added(ws, e, 0).empty());
}

TEST(DeclaredEdges, APyprojectOriginMakesAPythonProject) {
  Workspace ws = five_projects();
  ws.projects[4].package_name = "strata.tools";
  ws.projects[4].origins = {ProjectOrigin::k_pyproject};
  ws.projects[0].package_dependencies = {"Strata_Tools"};
  Diagnostics d;
  DeclaredEdges e = declared_edges(ws, d);
  EXPECT_EQ(added(ws, e, 0), (std::vector<std::string>{"tools:static"}));
}

TEST(DeclaredEdges, IsDeterministic) {
  Workspace ws = five_projects();
  ws.projects[1].implicit_dependencies = {"lib-*", "!tools", "t*"};
  ws.projects[2].package_name = "lib-a";
  ws.projects[1].package_dependencies = {"lib-a"};
  Diagnostics d1, d2;
  DeclaredEdges a = declared_edges(ws, d1), b = declared_edges(ws, d2);
  EXPECT_EQ(added(ws, a, 1), added(ws, b, 1));
  EXPECT_EQ(removed(ws, a, 1), removed(ws, b, 1));
  EXPECT_EQ(added(ws, a, 1), (std::vector<std::string>{"lib-a:static", "lib-a:implicit",
                                                       "lib-b:implicit", "tools:implicit"}));
}

}  // namespace
}  // namespace strata
