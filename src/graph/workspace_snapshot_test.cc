#include "graph/workspace_snapshot.h"

#include <gtest/gtest.h>

#include "graph/cycles.h"

namespace strata {

namespace {

// The number of fields of an aggregate: how many initializers it takes.
// Unlike sizeof it does not change with the standard library or the ABI,
// and it grows exactly when a field is added.
struct AnyField {
  template <class T>
  operator T() const;
};
template <class T, class... Fields>
constexpr size_t field_count() {
  if constexpr (requires { T{Fields{}..., AnyField{}}; })
    return field_count<T, Fields..., AnyField>();
  else
    return sizeof...(Fields);
}

// A new field in the model must be written by the snapshot, set in
// sample() below and its count updated here; then bump
// k_workspace_snapshot_version.
static_assert(field_count<InputSpec>() == 6 && field_count<DependsOn>() == 4 &&
                  field_count<Target>() == 11 && field_count<Project>() == 15 &&
                  field_count<WorkspaceConfig>() == 11 && field_count<Dependency>() == 4 &&
                  field_count<SourceLoc>() == 3,
              "a model struct changed: update workspace_snapshot.cc, sample() and its version");

Workspace sample() {
  Workspace ws;
  ws.config.config_file = "nx.json";
  ws.config.target_defaults["build"] = {{"cache", true}, {"n", -3}, {"u", 7u}, {"f", 1.5}};
  ws.config.named_inputs["default"] = {
      InputSpec{InputSpec::Kind::k_fileset, "{projectRoot}/**/*", false, true, false, {}}};
  ws.config.parallel = 3;
  ws.config.cache_directory = "out/cache";
  ws.config.max_cache_size = "10GB";
  ws.config.default_base = "trunk";
  ws.config.implicit_dependencies["tools/*"] = {"*"};
  ws.config.package_globs = {"packages/*"};
  ws.config.global_files = {"package.json"};
  ws.config.analyze_js_sources = false;  // not the default, so a lost field shows
  Project p;
  p.name = "api";
  p.root = "apps/api";
  p.source_root = "apps/api/src";
  p.project_type = "application";
  p.tags = {"scope:api"};
  p.implicit_dependencies = {"!web"};
  p.named_inputs["prod"] = {
      InputSpec{InputSpec::Kind::k_external, "", false, false, false, {"react"}}};
  Target t;
  t.name = "build";
  t.options = {{"command", "tsc"}, {"env", {{"A", "1"}}}};
  t.configurations["production"] = {{"args", "--prod"}};
  t.default_configuration = "production";
  t.depends_on = {DependsOn{"build", true, {"lib"}, true}};
  t.inputs = std::vector<InputSpec>{
      InputSpec{InputSpec::Kind::k_dependent_outputs, "**/*.d.ts", false, false, true, {}}};
  t.outputs = {"{projectRoot}/dist"};
  t.cache = true;
  t.loc = SourceLoc{"apps/api/project.json", 4, 7};
  t.executor = "@nx/js:tsc";
  t.executor_loc = SourceLoc{"apps/api/project.json", 5, 9};
  p.targets["build"] = t;
  p.origins = {ProjectOrigin::k_package_json, ProjectOrigin::k_project_json};
  p.config_file = "apps/api/project.json";
  p.package_name = "@x/api";
  p.python_packages = {"api"};
  p.package_dependencies = {"@x/lib"};
  p.include_dirs = {"apps/api/include"};
  p.language = "typescript";
  ws.projects = {p};
  return ws;
}

ProjectGraph sample_graph() {
  ProjectGraph g;
  g.nodes = {"api", "lib"};
  g.dependencies["api"] = {
      Dependency{"api", "lib", DependencyType::k_dynamic, "apps/api/src/main.ts"}};
  return g;
}

}  // namespace

TEST(WorkspaceSnapshot, RoundTripsEveryField) {
  Digest fp{1, 2};
  std::string data = encode_workspace_snapshot(fp, sample(), sample_graph());
  Workspace ws;
  ProjectGraph g;
  ASSERT_TRUE(decode_workspace_snapshot(data, fp, ws, g));
  // Encoding what was decoded gives the same bytes: nothing was lost.
  EXPECT_EQ(encode_workspace_snapshot(fp, ws, g), data);
  ASSERT_EQ(ws.projects.size(), 1u);
  const Target& t = ws.projects[0].targets.at("build");
  EXPECT_EQ(t.options, sample().projects[0].targets.at("build").options);
  EXPECT_EQ(t.loc.line, 4);
  ASSERT_TRUE(t.inputs.has_value());
  EXPECT_TRUE((*t.inputs)[0].transitive);
  EXPECT_EQ(ws.config.target_defaults.at("build")["n"].get<int>(), -3);
  EXPECT_EQ(g.dependencies.at("api")[0].type, DependencyType::k_dynamic);
  EXPECT_EQ(t.executor_loc.col, 9);
  EXPECT_EQ(ws.config.default_base, "trunk");
  EXPECT_FALSE(ws.config.analyze_js_sources);
}

TEST(WorkspaceSnapshot, CyclicGraphRoundTripsWithItsCycles) {
  Digest fp{1, 2};
  ProjectGraph cyclic = sample_graph();
  cyclic.dependencies["lib"] = {Dependency{"lib", "api", DependencyType::k_static, ""}};
  std::string data = encode_workspace_snapshot(fp, sample(), cyclic);
  Workspace ws;
  ProjectGraph g;
  ASSERT_TRUE(decode_workspace_snapshot(data, fp, ws, g));
  EXPECT_EQ(encode_workspace_snapshot(fp, ws, g), data);
  GraphCycles cycles = find_cycles(g);
  ASSERT_EQ(cycles.cycles.size(), 1u);
  EXPECT_EQ(cycles.cycles[0].path, (std::vector<std::string>{"api", "lib", "api"}));
}

TEST(WorkspaceSnapshot, RejectsOtherFingerprintsAndDamage) {
  Digest fp{1, 2};
  std::string data = encode_workspace_snapshot(fp, sample(), sample_graph());
  Workspace ws;
  ProjectGraph g;
  EXPECT_FALSE(decode_workspace_snapshot(data, Digest{1, 3}, ws, g));
  for (size_t at : {size_t{0}, size_t{9}, data.size() / 2, data.size() - 1}) {
    std::string bad = data;
    bad[at] ^= 0x20;
    EXPECT_FALSE(decode_workspace_snapshot(bad, fp, ws, g)) << "byte " << at;
  }
  EXPECT_FALSE(decode_workspace_snapshot(data.substr(0, data.size() - 1), fp, ws, g));
  EXPECT_FALSE(decode_workspace_snapshot("", fp, ws, g));
}

// Found by fuzz/graph_workspace_snapshot_fuzz.cc: CBOR for an array with an
// 8-byte item count near 2^64 made nlohmann::json::from_cbor throw
// out_of_range although exceptions were turned off, and the exception
// escaped the decoder. A snapshot holding it is rejected like any damage.
TEST(WorkspaceSnapshot, RejectsCborClaimingAHugeArray) {
  Digest fp{7, 8};
  Workspace ws;
  ws.config.target_defaults["build"] = 0.1;  // CBOR: 0xfb and 8 bytes
  std::string bytes = encode_workspace_snapshot(fp, ws, ProjectGraph{});
  const std::string tenth("\xfb\x3f\xb9\x99\x99\x99\x99\x99\x9a", 9);
  size_t at = bytes.find(tenth);
  ASSERT_NE(at, std::string::npos);
  bytes.replace(at, 9,
                std::string("\x9b\x9b\x9b\x9b\x9b\x9b\x9b\x9b\x9b", 9));  // array, 8-byte count
  const size_t header = 8 + 4 + 16 + 8;
  Digest sum = hash_bytes(std::string_view(bytes).substr(header + 16));
  for (int i = 0; i < 8; ++i) {
    bytes[header + i] = static_cast<char>(sum.hi >> (8 * i));
    bytes[header + 8 + i] = static_cast<char>(sum.lo >> (8 * i));
  }
  Workspace out;
  ProjectGraph graph;
  EXPECT_FALSE(decode_workspace_snapshot(bytes, fp, out, graph));
}

}  // namespace strata
