// The layout over every language, transport and mode, from a workspace as
// `strata new` and `strata generate context` write it: which files a split
// derives, that each carries the freshness header of its language, and that
// the header tells a current file from a stale one.

#include <gtest/gtest.h>

#include "config/test_workspace.h"
#include "gen/domain_context.h"
#include "gen/workspace_generator.h"
#include "service/cpp_contract.h"
#include "service/generated_header.h"
#include "service/service_layout.h"
#include "service/typescript_contract.h"
#include "util/fs.h"

namespace strata::service {
namespace {

struct Fixture {
  testing::TestWorkspace dir;
  Contracts contracts;
};

Result<Contract> extract(const std::filesystem::path& root, const std::string& context,
                         const std::string& language) {
  if (language == "typescript") return extract_typescript_contract(root, context);
  if (language == "cpp") return extract_cpp_contract(root, context);
  return extract_python_contract(root, context);
}

// A new workspace with one context per (name, language).
void generate(Fixture& ws, std::vector<std::pair<std::string, std::string>> contexts) {
  auto plan = gen::plan_workspace({ws.dir.root(), "ws", true});
  ASSERT_TRUE(plan.ok()) << plan.error().str();
  ASSERT_TRUE(plan->apply());
  for (const auto& [name, language] : contexts) {
    auto context = gen::DomainContext::create(ws.dir.root(), {name, language, {}, false});
    ASSERT_TRUE(context.ok()) << context.error().str();
    ASSERT_TRUE(context->apply());
    auto c = extract(ws.dir.root(), name, language);
    ASSERT_TRUE(c.ok()) << c.error().str();
    ws.contracts.emplace(name, std::move(*c));
  }
}

Topology topology(std::map<std::string, std::pair<ServiceMode, Transport>> placements) {
  Topology t;
  int port = 8101;
  for (const auto& [name, p] : placements) {
    ServiceConfig s;
    s.context = name;
    s.mode = p.first;
    s.transport = p.second;
    s.port = p.first == ServiceMode::k_service ? port++ : 0;
    t.services[name] = s;
  }
  return t;
}

Layout layout(const Fixture& ws, const Topology& t) {
  return derive_layout(ws.dir.root(), t, format_topology(t), ws.contracts);
}

std::vector<std::string> paths_with(const Layout& l, std::string_view dir, std::string_view part) {
  std::vector<std::string> out;
  for (const auto& [path, text] : l.files)
    if (path.starts_with(dir) && path.find(part) != std::string::npos) out.push_back(path);
  return out;
}

struct Case {
  const char* language;
  Transport transport;
  const char* monolith;
  const char* http_server;  // the service's HTTP server, below its folder
};

class LayoutMatrix : public ::testing::TestWithParam<Case> {};

TEST_P(LayoutMatrix, ASplitContextGetsItsTransportsFilesAndNoOthers) {
  Fixture ws;
  generate(ws, {{"billing", GetParam().language}});
  Transport tr = GetParam().transport;
  Layout l = layout(ws, topology({{"billing", {ServiceMode::k_service, tr}}}));
  const std::string dir = "contexts/billing/service/";
  EXPECT_TRUE(l.files.count(dir + "project.json"));
  EXPECT_TRUE(l.files.count(dir + "contract.json"));
  EXPECT_EQ(l.owned_dirs, (std::vector<std::string>{service_dir("billing"), GetParam().monolith}));
  // The service's transport, in the service and in the monolith's client.
  bool grpc = tr == Transport::k_grpc, kafka = tr == Transport::k_kafka;
  EXPECT_EQ(!paths_with(l, dir, ".proto").empty(), grpc);
  EXPECT_EQ(!paths_with(l, dir, "grpc").empty(), grpc);
  EXPECT_EQ(!paths_with(l, GetParam().monolith, "grpc").empty(), grpc);
  EXPECT_EQ(
      !paths_with(l, dir, "kafka_server").empty() || !paths_with(l, dir, "kafka-server").empty(),
      kafka);
  EXPECT_EQ(!paths_with(l, GetParam().monolith, "kafka_client").empty() ||
                !paths_with(l, GetParam().monolith, "kafka-client").empty(),
            kafka);
  if (tr == Transport::k_http) {
    EXPECT_TRUE(l.files.count(dir + GetParam().http_server));
  }
  // Every service answers health checks over HTTP, whatever its transport.
  EXPECT_FALSE(paths_with(l, dir, "http").empty());
}

TEST_P(LayoutMatrix, AContextInTheMonolithDerivesNothing) {
  Fixture ws;
  generate(ws, {{"billing", GetParam().language}});
  Layout l = layout(ws, topology({{"billing", {ServiceMode::k_monolith, GetParam().transport}}}));
  EXPECT_TRUE(l.files.empty());
  EXPECT_TRUE(l.owned_dirs.empty());
}

// The comment that opens a file in its language.
std::string comment_of(const std::string& path) {
  for (std::string_view ext : {".py", ".txt", ".cmake", "CMakeLists.txt", ".toml", ".cfg"})
    if (path.ends_with(ext)) return "#";
  return "//";
}

TEST_P(LayoutMatrix, EveryFileButJsonCarriesAHeaderThatTellsStaleFromCurrent) {
  Fixture ws;
  generate(ws, {{"billing", GetParam().language}});
  Topology t = topology({{"billing", {ServiceMode::k_service, GetParam().transport}}});
  ws.dir.write("topology.json", format_topology(t));
  Layout l = layout(ws, t);
  const Contract& c = ws.contracts.at("billing");
  int headed = 0;
  for (const auto& [path, text] : l.files) {
    if (path.ends_with(".json") || path.ends_with("py.typed")) {
      EXPECT_FALSE(parse_generated_header(text)) << path;
      continue;
    }
    ++headed;
    EXPECT_TRUE(text.starts_with(comment_of(path) + " strata:generated v1 ")) << path;
    auto header = parse_generated_header(text);
    ASSERT_TRUE(header) << path;
    EXPECT_EQ(header->hash, inputs_hash(ws.dir.root(), header->inputs)) << path;
    EXPECT_TRUE(generated_file_is_current(ws.dir.root(), text)) << path;
    bool from_api = std::find(header->inputs.begin(), header->inputs.end(), c.dtos_file) !=
                    header->inputs.end();
    EXPECT_TRUE(from_api) << path << " does not name the api layer it was generated from";
  }
  EXPECT_GT(headed, 5);
  // An edit to the api layer makes every file generated from it stale.
  ws.dir.write(c.dtos_file, *read_file(ws.dir.root() / c.dtos_file) + "\n");
  for (const auto& [path, text] : l.files)
    if (parse_generated_header(text)) {
      EXPECT_FALSE(generated_file_is_current(ws.dir.root(), text)) << path;
    }
}

INSTANTIATE_TEST_SUITE_P(
    EveryLanguageAndTransport, LayoutMatrix,
    ::testing::Values(
        Case{"python", Transport::k_http, "apps/monolith-python",
             "src/billing_service/http_server.py"},
        Case{"python", Transport::k_grpc, "apps/monolith-python", ""},
        Case{"python", Transport::k_kafka, "apps/monolith-python", ""},
        Case{"typescript", Transport::k_http, "apps/monolith-typescript", "src/http-server.ts"},
        Case{"typescript", Transport::k_grpc, "apps/monolith-typescript", ""},
        Case{"typescript", Transport::k_kafka, "apps/monolith-typescript", ""},
        Case{"cpp", Transport::k_http, "apps/monolith-cpp", "src/billing/service/http_server.cc"},
        Case{"cpp", Transport::k_grpc, "apps/monolith-cpp", ""}),
    [](const auto& info) {
      return std::string(info.param.language) + "_" +
             std::string(transport_name(info.param.transport));
    });

TEST(ServiceLayoutLanguages, EachLanguageHasItsOwnCompositionRootOverItsOwnContexts) {
  Fixture ws;
  generate(ws, {{"billing", "python"}, {"orders", "typescript"}, {"stock", "cpp"}});
  Layout py_only = layout(ws, topology({{"billing", {ServiceMode::k_service, Transport::k_http}},
                                        {"orders", {ServiceMode::k_monolith, Transport::k_http}}}));
  EXPECT_EQ(py_only.owned_dirs,
            (std::vector<std::string>{"contexts/billing/service", "apps/monolith-python"}));
  EXPECT_TRUE(paths_with(py_only, "apps/monolith-python", "orders").empty())
      << "a TypeScript context is not in the Python monolith";

  Layout all = layout(ws, topology({{"billing", {ServiceMode::k_service, Transport::k_http}},
                                    {"orders", {ServiceMode::k_service, Transport::k_http}},
                                    {"stock", {ServiceMode::k_service, Transport::k_http}}}));
  for (const char* dir :
       {"apps/monolith-python", "apps/monolith-typescript", "apps/monolith-cpp",
        "contexts/billing/service", "contexts/orders/service", "contexts/stock/service"})
    EXPECT_NE(std::find(all.owned_dirs.begin(), all.owned_dirs.end(), dir), all.owned_dirs.end())
        << dir;
  EXPECT_TRUE(paths_with(all, "apps/monolith-typescript", "billing").empty());
  EXPECT_TRUE(paths_with(all, "apps/monolith-cpp", "orders").empty());
}

TEST(ServiceLayoutLanguages, OnlyFilesThatDependOnTheTopologyChangeWithIt) {
  Fixture ws;
  generate(ws, {{"billing", "python"}, {"orders", "python"}});
  Topology one = topology({{"billing", {ServiceMode::k_service, Transport::k_http}}});
  Topology two = one;
  two.services["billing"].replicas = 3;
  Layout a = layout(ws, one), b = layout(ws, two);
  ASSERT_EQ(a.files.size(), b.files.size());
  int changed = 0;
  for (const auto& [path, text] : a.files) {
    if (b.files.at(path) == text) continue;
    ++changed;
    auto header = parse_generated_header(text);
    bool names_topology = header && std::find(header->inputs.begin(), header->inputs.end(),
                                              "topology.json") != header->inputs.end();
    EXPECT_TRUE(names_topology || path.ends_with(".json")) << path;
  }
  EXPECT_GT(changed, 0) << "the monolith's files name the topology they were derived from";
  EXPECT_EQ(a.files.at("contexts/billing/service/src/billing_service/contract.py"),
            b.files.at("contexts/billing/service/src/billing_service/contract.py"));
}

}  // namespace
}  // namespace strata::service
