#include "cache/task_hasher.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <cstdlib>

#include "cache/input_diff.h"
#include "cache/run_record.h"
#include "cache/test_dir.h"

namespace strata {

using testutil::TestDir;

namespace {

InputSpec spec(InputSpec::Kind kind, std::string value, bool deps = false) {
  InputSpec s;
  s.kind = kind;
  s.value = std::move(value);
  s.dependencies = deps;
  return s;
}
InputSpec fileset(std::string v) { return spec(InputSpec::Kind::k_fileset, std::move(v)); }
InputSpec named(std::string v, bool deps = false) {
  return spec(InputSpec::Kind::k_named, std::move(v), deps);
}

Target target(std::string name, std::string command) {
  Target t;
  t.name = std::move(name);
  t.options = {{"command", std::move(command)}};
  t.cache = true;
  return t;
}

// A workspace on disk with projects a <- b <- c (c depends on b, b on a),
// hashed from scratch on every call so each call sees the files as they are.
class HasherFixture : public ::testing::Test {
 protected:
  TestDir dir;
  Workspace ws;
  ProjectGraph graph;
  std::map<std::string, std::optional<std::string>> env;

  void SetUp() override {
    ws.root = dir.root();
    ws.config.named_inputs["production"] = {named("default"),
                                            fileset("!{projectRoot}/**/*.spec.ts")};
    add_project("a", "libs/a");
    add_project("b", "libs/b");
    add_project("c", "apps/c");
    depend("b", "a");
    depend("c", "b");
    for (const char* p : {"libs/a", "libs/b", "apps/c"}) {
      dir.write(std::string(p) + "/src/index.ts", std::string("// ") + p + "\n");
      dir.write(std::string(p) + "/src/index.spec.ts", "test\n");
    }
    dir.write("package-lock.json", "{\"lockfileVersion\": 3}\n");
    dir.write("README.md", "hello\n");
    ws.config.global_files = {"package-lock.json"};
  }

  Project& add_project(const std::string& name, const std::string& root) {
    Project p;
    p.name = name;
    p.root = root;
    p.targets["build"] = target("build", "tsc -p " + root);
    p.targets["test"] = target("test", "jest");
    p.targets["test"].inputs =
        std::vector<InputSpec>{named("production"), named("production", true)};
    ws.projects.push_back(std::move(p));
    std::sort(ws.projects.begin(), ws.projects.end(),
              [](auto& x, auto& y) { return x.name < y.name; });
    graph.nodes.push_back(name);
    std::sort(graph.nodes.begin(), graph.nodes.end());
    return project(name);
  }
  Project& project(const std::string& name) { return *const_cast<Project*>(ws.find(name)); }
  void depend(const std::string& from, const std::string& to) {
    graph.dependencies[from].push_back(Dependency{from, to, DependencyType::k_static, ""});
  }

  // The task graph for `id` ("project:target") and, when `with_deps`, the
  // same target of its project's dependencies (as "^target" would).
  TaskGraph task_graph(const std::string& project, const std::string& tgt, bool with_deps = false) {
    TaskGraph g;
    std::vector<std::string> order;
    if (with_deps) {
      for (const auto& p : {"a", "b", "c"}) {
        order.push_back(p);
        if (p == project) break;
      }
    } else {
      order.push_back(project);
    }
    for (const auto& p : order) {
      Task t{p + ":" + tgt, p, tgt, "", {}, {}};
      if (!g.tasks.empty()) t.deps.push_back(g.tasks.size() - 1);
      g.index[t.id] = g.tasks.size();
      g.tasks.push_back(std::move(t));
    }
    g.requested = {g.tasks.size() - 1};
    return g;
  }

  Result<std::vector<TaskHash>> hash_graph(const TaskGraph& g) {
    auto files = FileIndex::scan(ws.root);
    EXPECT_TRUE(files.ok());
    files->assign_owners(ws.projects);
    FileHasher fh(ws.root, ws.root / ".strata/file-hashes");
    TaskHasher hasher(ws, graph, *files, fh);
    hasher.set_env_lookup(
        [this](const std::string& n) { return env.count(n) ? env[n] : std::nullopt; });
    return hasher.hash_all(g);
  }

  TaskHash hash(const std::string& project, const std::string& tgt = "build",
                bool with_deps = false) {
    auto r = hash_graph(task_graph(project, tgt, with_deps));
    EXPECT_TRUE(r.ok()) << (r.ok() ? "" : r.error().str());
    return r.ok() ? r->back() : TaskHash{};
  }

  std::vector<std::string> changes(const TaskHash& before, const TaskHash& after) {
    std::vector<std::string> out;
    for (const auto& c : diff_inputs(before.inputs, after.inputs))
      out.push_back(std::string(change_type_name(c.type)) + " " + input_kind_name(c.kind) + " " +
                    c.name);
    return out;
  }
};

}  // namespace

TEST_F(HasherFixture, SameInputsSameHash) {
  TaskHash first = hash("c", "test", true);
  TaskHash second = hash("c", "test", true);
  EXPECT_EQ(first.digest, second.digest);
  EXPECT_EQ(first.inputs, second.inputs);
  EXPECT_EQ(first.digest, combine_inputs(first.inputs))
      << "the recorded list is what the key covers";
}

TEST_F(HasherFixture, StableAcrossProcessesAndDeclarationOrder) {
  TaskHash here = hash("c", "test", true);
  int fds[2];
  ASSERT_EQ(::pipe(fds), 0);
  pid_t pid = ::fork();
  if (pid == 0) {
    // A fresh process: another heap layout, and inputs declared in reverse.
    for (auto& p : ws.projects) {
      auto& in = *p.targets["test"].inputs;
      std::reverse(in.begin(), in.end());
    }
    std::string hex = hash("c", "test", true).digest.hex();
    (void)!::write(fds[1], hex.data(), hex.size());
    ::_exit(0);
  }
  ::close(fds[1]);
  char buf[33] = {};
  ssize_t n = ::read(fds[0], buf, 32);
  ::close(fds[0]);
  ::waitpid(pid, nullptr, 0);
  ASSERT_EQ(n, 32);
  EXPECT_EQ(std::string(buf), here.digest.hex());
}

TEST_F(HasherFixture, RecordsEveryKindOfInput) {
  TaskHash h = hash("b", "build", true);
  std::set<std::string> kinds;
  for (const auto& in : h.inputs) kinds.insert(input_kind_name(in.kind));
  for (const char* k :
       {"format", "platform", "executor", "command", "cwd", "options", "configuration", "args",
        "outputs", "file", "dependency-inputs", "global", "task"})
    EXPECT_TRUE(kinds.count(k)) << k;
  auto has = [&](InputKind kind, const std::string& name) {
    return std::any_of(h.inputs.begin(), h.inputs.end(),
                       [&](auto& in) { return in.kind == kind && in.name == name; });
  };
  EXPECT_TRUE(has(InputKind::k_file, "libs/b/src/index.ts"));
  EXPECT_TRUE(has(InputKind::k_dependency_inputs, "a:default"));
  EXPECT_TRUE(has(InputKind::k_task, "a:build"));
  EXPECT_TRUE(has(InputKind::k_global, "package-lock.json"));
  EXPECT_FALSE(has(InputKind::k_file, "README.md")) << "not an input of b";
}

TEST_F(HasherFixture, FileContentChangesTheHash) {
  TaskHash before = hash("a");
  dir.write("libs/a/src/index.ts", "// changed\n");
  TaskHash after = hash("a");
  EXPECT_NE(before.digest, after.digest);
  EXPECT_THAT(changes(before, after), ::testing::ElementsAre("changed file libs/a/src/index.ts"));
}

TEST_F(HasherFixture, NewMatchingFileChangesTheHash) {
  TaskHash before = hash("a");
  dir.write("libs/a/src/extra.ts", "x");
  TaskHash after = hash("a");
  EXPECT_THAT(changes(before, after), ::testing::ElementsAre("added file libs/a/src/extra.ts"));
  dir.write("libs/b/src/other.ts", "x");
  dir.write("README.md", "changed");
  EXPECT_EQ(hash("a").digest, after.digest) << "files of other projects are not inputs";
}

TEST_F(HasherFixture, NegatedFilesDoNotAffectTheHash) {
  TaskHash before = hash("a", "test");
  dir.write("libs/a/src/index.spec.ts", "changed test\n");
  dir.write("libs/a/src/new.spec.ts", "new test\n");
  EXPECT_EQ(hash("a", "test").digest, before.digest);
  dir.write("libs/a/src/index.ts", "changed source\n");
  EXPECT_NE(hash("a", "test").digest, before.digest);
}

TEST_F(HasherFixture, DependencyNamedInputsAreTransitive) {
  TaskHash before = hash("c", "test");
  dir.write("libs/a/src/index.ts", "// changed deep dependency\n");
  TaskHash after = hash("c", "test");
  EXPECT_THAT(changes(before, after),
              ::testing::ElementsAre("changed dependency-inputs b:production"));
  dir.write("libs/a/src/index.spec.ts", "changed test of a dependency\n");
  EXPECT_EQ(hash("c", "test").digest, after.digest)
      << "^production excludes the dependency's specs";
}

TEST_F(HasherFixture, DependencyInputsThroughAProjectCycle) {
  TaskHash acyclic = hash("c", "test");
  depend("a", "b");  // a and b now depend on each other
  TaskHash before_c = hash("c", "test"), before_a = hash("a", "test"), before_b = hash("b", "test");
  EXPECT_NE(before_c.digest, acyclic.digest);
  dir.write("libs/a/src/index.ts", "// changed inside the cycle\n");
  TaskHash after_c = hash("c", "test");
  EXPECT_THAT(changes(before_c, after_c),
              ::testing::ElementsAre("changed dependency-inputs b:production"));
  // Each member sees the other's files, its own through its own inputs.
  EXPECT_NE(hash("b", "test").digest, before_b.digest);
  EXPECT_NE(hash("a", "test").digest, before_a.digest);
  dir.write("libs/b/src/index.ts", "// changed the other member\n");
  EXPECT_THAT(changes(before_a, hash("a", "test")),
              ::testing::ElementsAre("changed file libs/a/src/index.ts",
                                     "changed dependency-inputs b:production"));
}

TEST_F(HasherFixture, ProjectNamedInputOverridesWorkspaceForDependencies) {
  project("a").named_inputs["production"] = {fileset("{projectRoot}/src/index.spec.ts")};
  TaskHash before = hash("b", "test");
  dir.write("libs/a/src/index.ts", "// not in a's production\n");
  EXPECT_EQ(hash("b", "test").digest, before.digest);
  dir.write("libs/a/src/index.spec.ts", "// in a's production\n");
  EXPECT_NE(hash("b", "test").digest, before.digest);
}

TEST_F(HasherFixture, EnvInputsDistinguishUnsetFromEmpty) {
  project("a").targets["build"].inputs =
      std::vector<InputSpec>{named("default"), spec(InputSpec::Kind::k_env, "MODE")};
  Digest unset = hash("a").digest;
  env["MODE"] = "";
  Digest empty = hash("a").digest;
  env["MODE"] = "prod";
  Digest prod = hash("a").digest;
  EXPECT_NE(unset, empty);
  EXPECT_NE(empty, prod);
  EXPECT_NE(unset, prod);
  env["OTHER"] = "x";
  EXPECT_EQ(hash("a").digest, prod) << "undeclared variables are not inputs";
}

TEST_F(HasherFixture, RuntimeInputsRunOncePerHasher) {
  dir.write("tool-version", "1.0\n");
  InputSpec rt = spec(InputSpec::Kind::k_runtime, "echo ran >> runtime-calls && cat tool-version");
  for (auto name : {"a", "b"})
    project(name).targets["build"].inputs = std::vector<InputSpec>{named("default"), rt};
  TaskHash before = hash("b", "build", true);
  EXPECT_EQ(dir.read("runtime-calls"), "ran\n") << "memoised: two tasks, one run";
  dir.write("tool-version", "2.0\n");
  TaskHash after = hash("b", "build", true);
  EXPECT_THAT(changes(before, after), ::testing::Contains("changed runtime " + rt.value));
  project("a").targets["build"].inputs =
      std::vector<InputSpec>{spec(InputSpec::Kind::k_runtime, "exit 3")};
  auto r = hash_graph(task_graph("a", "build"));
  ASSERT_FALSE(r.ok());
  EXPECT_THAT(r.error().message, ::testing::HasSubstr("exit code 3"));
}

TEST_F(HasherFixture, CommandOptionsConfigurationAndArgsChangeTheHash) {
  TaskHash base = hash("a");
  project("a").targets["build"].options["command"] = "tsc -p libs/a --strict";
  TaskHash cmd = hash("a");
  EXPECT_THAT(changes(base, cmd),
              ::testing::IsSupersetOf({"changed command commands[0]", "changed options options"}));
  project("a").targets["build"].configurations["prod"] = {{"minify", true}};
  TaskGraph g = task_graph("a", "build");
  g.tasks[0].configuration = "prod";
  auto prod = hash_graph(g);
  ASSERT_TRUE(prod.ok());
  EXPECT_THAT(
      changes(cmd, prod->back()),
      ::testing::IsSupersetOf({"changed options options", "changed configuration configuration"}));
  g.tasks[0].args = {"--watch=false"};
  auto args = hash_graph(g);
  EXPECT_THAT(changes(prod->back(), args->back()), ::testing::Contains("changed args args"));
}

TEST_F(HasherFixture, NxExecutorIsKeyedByExecutorAndOptionsWithoutNxInstalled) {
  Target& build = project("a").targets["build"];
  build.executor = "@nx/js:tsc";
  build.options = {{"tsConfig", "libs/a/tsconfig.lib.json"}};
  TaskHash base = hash("a");  // no node_modules/nx here: hashing needs none
  build.options["sourceMap"] = true;
  EXPECT_THAT(changes(base, hash("a")), ::testing::ElementsAre("changed options options"));
  build.executor = "@nx/js:swc";
  EXPECT_THAT(changes(base, hash("a")),
              ::testing::IsSupersetOf({"changed executor executor", "changed options options"}));
}

TEST_F(HasherFixture, DependencyTaskHashFeedsIn) {
  TaskHash before = hash("b", "build", true);
  project("a").targets["build"].options["command"] = "tsc -p libs/a -b";
  TaskHash after = hash("b", "build", true);
  EXPECT_THAT(changes(before, after), ::testing::ElementsAre("changed task a:build"));
}

TEST_F(HasherFixture, LockfilesAndExternalDependencies) {
  InputSpec ext;
  ext.kind = InputSpec::Kind::k_external;
  ext.externals = {"typescript"};
  project("a").targets["build"].inputs = std::vector<InputSpec>{named("default"), ext};
  TaskHash before = hash("a");
  dir.write("package-lock.json", "{\"lockfileVersion\": 3, \"x\": 1}\n");
  TaskHash after = hash("a");
  EXPECT_THAT(changes(before, after),
              ::testing::UnorderedElementsAre("changed global package-lock.json",
                                              "changed external typescript"));
}

TEST_F(HasherFixture, WorkspaceRootFilesets) {
  project("a").targets["build"].inputs =
      std::vector<InputSpec>{fileset("{workspaceRoot}/README.md")};
  TaskHash before = hash("a");
  dir.write("README.md", "changed\n");
  EXPECT_THAT(changes(before, hash("a")), ::testing::ElementsAre("changed file README.md"));
}

TEST_F(HasherFixture, DependentTaskOutputFiles) {
  project("a").targets["build"].outputs = {"{projectRoot}/dist"};
  InputSpec dto = spec(InputSpec::Kind::k_dependent_outputs, "**/*.d.ts");
  project("b").targets["build"].inputs = std::vector<InputSpec>{named("default"), dto};
  dir.write(".gitignore", "dist/\n");  // outputs are not sources
  dir.write("libs/a/dist/index.d.ts", "export declare const a: 1;\n");
  dir.write("libs/a/dist/index.js", "exports.a = 1;\n");
  TaskHash before = hash("b", "build", true);
  dir.write("libs/a/dist/index.js", "exports.a = 2;\n");
  EXPECT_EQ(hash("b", "build", true).digest, before.digest)
      << "only outputs matching the glob count";
  dir.write("libs/a/dist/index.d.ts", "export declare const a: 2;\n");
  EXPECT_THAT(changes(before, hash("b", "build", true)),
              ::testing::ElementsAre("changed dependent-output libs/a/dist/index.d.ts"));
}

// Hashes can be taken before anything runs unless an input reads what an
// earlier task did: dependencies' outputs, or a command's output.
TEST_F(HasherFixture, HashesAheadUnlessAnInputDependsOnWhatTasksDo) {
  auto ahead = [&](const TaskGraph& g) {
    auto files = FileIndex::scan(ws.root);
    files->assign_owners(ws.projects);
    FileHasher fh(ws.root, ws.root / ".strata/file-hashes");
    TaskHasher hasher(ws, graph, *files, fh);
    return hasher.hashes_ahead(g);
  };
  EXPECT_TRUE(ahead(task_graph("c", "test", true))) << "files, named inputs and ^named inputs";
  EXPECT_TRUE(ahead(task_graph("c", "build", true)));

  project("b").targets["build"].inputs = std::vector<InputSpec>{
      named("default"), spec(InputSpec::Kind::k_dependent_outputs, "**/*.d.ts")};
  EXPECT_FALSE(ahead(task_graph("c", "build", true))) << "dependentTasksOutputFiles";
  EXPECT_TRUE(ahead(task_graph("a", "build", true))) << "a task without it is unaffected";
  project("b").targets["build"].inputs.reset();

  project("a").targets["build"].inputs =
      std::vector<InputSpec>{spec(InputSpec::Kind::k_runtime, "node --version")};
  EXPECT_FALSE(ahead(task_graph("c", "build", true))) << "a runtime input";
  project("a").targets["build"].inputs.reset();

  // A runtime input reached only through "^production" of a dependency.
  project("a").named_inputs["production"] = {named("default"),
                                             spec(InputSpec::Kind::k_runtime, "date")};
  EXPECT_FALSE(ahead(task_graph("b", "test"))) << "through a dependency's named input";
  EXPECT_TRUE(ahead(task_graph("a", "build"))) << "build does not read ^production";
}

TEST_F(HasherFixture, IndependentOfTheCheckoutLocation) {
  project("a").targets["build"].options["command"] = "node {workspaceRoot}/tools/build.js";
  project("a").targets["build"].options["cwd"] = "{projectRoot}";
  Digest here = hash("a").digest;
  TestDir other;
  std::filesystem::copy(
      dir.root(), other.root(),
      std::filesystem::copy_options::recursive | std::filesystem::copy_options::overwrite_existing);
  std::filesystem::remove_all(other.path(".strata"));
  ws.root = other.root();
  EXPECT_EQ(hash("a").digest, here);
}

TEST_F(HasherFixture, UnknownNamedInputIsAnError) {
  project("a").targets["build"].inputs = std::vector<InputSpec>{named("prod")};
  auto r = hash_graph(task_graph("a", "build"));
  ASSERT_FALSE(r.ok());
  EXPECT_THAT(r.error().message, ::testing::HasSubstr("unknown named input 'prod'"));
}

}  // namespace strata

namespace strata {

// options.env values used to appear verbatim in the "options" input, so in
// `strata explain` and in every run record.
TEST_F(HasherFixture, EnvValuesAreRecordedOnlyAsDigests) {
  auto& build = project("a").targets["build"];
  build.options["env"] = {{"API_TOKEN", "s3cr3t-value"}};
  build.configurations["prod"] = {{"env", {{"DB_PASSWORD", "hunter2-value"}}}};
  auto shows = [](const TaskHash& h, const std::string& secret) {
    for (const auto& in : h.inputs)
      if (in.value.find(secret) != std::string::npos) return in.name + ": " + in.value;
    std::string record = encode_run_record(RunRecord{"a:build", 0, h});
    return record.find(secret) != std::string::npos ? std::string("the run record") : std::string();
  };
  TaskHash plain = hash("a");
  EXPECT_EQ(shows(plain, "s3cr3t"), "");
  TaskGraph g = task_graph("a", "build");
  g.tasks[0].configuration = "prod";
  auto prod = hash_graph(g);
  ASSERT_TRUE(prod.ok());
  EXPECT_EQ(shows(prod->back(), "hunter2"), "");
  // Still part of the key: another value is another hash.
  build.options["env"] = {{"API_TOKEN", "other"}};
  EXPECT_THAT(changes(plain, hash("a")), ::testing::Contains("changed options options"));
}

}  // namespace strata
