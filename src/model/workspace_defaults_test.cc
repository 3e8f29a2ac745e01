// What a value of the model means when nothing set it: the defaults every
// later layer relies on (a target runs commands, the cache lives under
// .strata/cache, the base branch is main), and the lookups on edge names.

#include <gtest/gtest.h>

#include "model/workspace.h"

namespace strata {
namespace {

TEST(ModelDefaults, ATargetRunsCommandsUncachedWithTheDefaultInputs) {
  Target t;
  EXPECT_EQ(t.executor, "nx:run-commands");
  EXPECT_TRUE(t.options.is_object());
  EXPECT_TRUE(t.options.empty());
  EXPECT_FALSE(t.cache);
  EXPECT_FALSE(t.inputs.has_value());  // unset: the "default" named input
  EXPECT_TRUE(t.outputs.empty());
  EXPECT_TRUE(t.depends_on.empty());
  EXPECT_FALSE(t.loc.known());
  EXPECT_FALSE(t.executor_loc.known());
}

TEST(ModelDefaults, AnInputIsAPlainFilesetAndADependencyAPlainTarget) {
  InputSpec in;
  EXPECT_EQ(in.kind, InputSpec::Kind::k_fileset);
  EXPECT_FALSE(in.negated || in.dependencies || in.transitive);
  DependsOn dep;
  EXPECT_FALSE(dep.dependencies);
  EXPECT_FALSE(dep.forward_params);
  EXPECT_TRUE(dep.projects.empty());  // self or dependencies
}

TEST(ModelDefaults, AWorkspaceWithoutConfigCachesUnderStrataAgainstMain) {
  WorkspaceConfig c;
  EXPECT_EQ(c.config_file, "");
  EXPECT_EQ(c.cache_directory, ".strata/cache");
  EXPECT_EQ(c.default_base, "main");
  EXPECT_EQ(c.parallel, 0);  // one task per core
  EXPECT_EQ(c.max_cache_size, "");
  EXPECT_TRUE(c.global_files.empty());
}

TEST(WorkspaceFind, ScopedNamesThatShareAPrefixAreToldApart) {
  Workspace ws;
  for (const char* n : {"@acme/a", "@acme/a-b", "@acme/a.b", "@acme/ab"}) {
    Project p;
    p.name = n;
    ws.projects.push_back(p);
  }
  ASSERT_NE(ws.find("@acme/a-b"), nullptr);
  EXPECT_EQ(ws.find("@acme/a-b"), &ws.projects[1]);
  EXPECT_EQ(ws.find("@acme/ab"), &ws.projects[3]);
  EXPECT_EQ(ws.find("@acme/"), nullptr);
  EXPECT_EQ(ws.find("acme/a"), nullptr);
}

TEST(UnknownProject, IsInvalidInputWithoutALocation) {
  Workspace ws;
  Project p;
  p.name = "api";
  ws.projects.push_back(p);
  Error e = ws.unknown_project("apj");
  EXPECT_FALSE(e.loc.known());  // no file names the project: the command line does
  EXPECT_EQ(e.hint, "did you mean 'api'?");
  EXPECT_EQ(e.str(), "unknown project 'apj'");
}

}  // namespace
}  // namespace strata
