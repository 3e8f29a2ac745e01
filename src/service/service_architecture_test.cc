// Split and merge on a generated workspace, in process: what a split writes,
// that a merge gives back the workspace byte for byte, and that doing either
// twice changes nothing the second time.

#include "service/service_architecture.h"

#include <gtest/gtest.h>

#include <map>

#include "config/test_workspace.h"
#include "gen/domain_context.h"
#include "gen/workspace_generator.h"
#include "util/fs.h"

namespace strata::service {
namespace {

using Tree = std::map<std::string, std::string>;

class Arch {
 public:
  explicit Arch(const std::filesystem::path& root) : m_root(root) { reload(); }

  // The workspace and its file list as they are now on disk.
  void reload() {
    auto files = FileIndex::scan(m_root);
    ASSERT_TRUE(files.ok()) << files.error().str();
    m_files = std::make_unique<FileIndex>(std::move(*files));
    Diagnostics diags;
    auto ws = load_workspace_from_files(m_root, m_files->files(), diags);
    ASSERT_TRUE(ws.ok()) << ws.error().str();
    m_ws = std::make_unique<Workspace>(std::move(*ws));
    m_files->assign_owners(m_ws->projects);
    m_arch = std::make_unique<ServiceArchitecture>(*m_ws, *m_files, BoundaryRules{});
  }
  const ServiceArchitecture& operator*() const { return *m_arch; }
  const ServiceArchitecture* operator->() const { return m_arch.get(); }

 private:
  std::filesystem::path m_root;
  std::unique_ptr<FileIndex> m_files;
  std::unique_ptr<Workspace> m_ws;
  std::unique_ptr<ServiceArchitecture> m_arch;
};

// The workspace's files and their bytes, without Strata's own state
// (.strata/ holds the import scan's cache the gate writes).
Tree tree(const std::filesystem::path& root) {
  Tree out;
  for (auto& e : std::filesystem::recursive_directory_iterator(root)) {
    std::string rel = e.path().lexically_relative(root).generic_string();
    if (e.is_regular_file() && !rel.starts_with(".strata/")) out[rel] = *read_file(e.path());
  }
  return out;
}

// A new workspace (as `strata new` writes it) with one context of every
// layer in `language`.
void generate(const testing::TestWorkspace& ws, const std::string& context,
              const std::string& language) {
  auto workspace = gen::plan_workspace({ws.root(), "ws", true});
  ASSERT_TRUE(workspace.ok()) << workspace.error().str();
  ASSERT_TRUE(workspace->apply());
  auto plan = gen::DomainContext::create(ws.root(), {context, language, {}, false});
  ASSERT_TRUE(plan.ok()) << plan.error().str();
  ASSERT_TRUE(plan->apply());
}

struct Case {
  const char* language;
  Transport transport;
  const char* monolith;  // the composition root split creates
};

class SplitAndMerge : public ::testing::TestWithParam<Case> {};

TEST_P(SplitAndMerge, MergeGivesBackTheWorkspaceByteForByte) {
  testing::TestWorkspace ws;
  generate(ws, "billing", GetParam().language);
  Tree before = tree(ws.root());
  Arch arch(ws.root());

  SplitRequest split;
  split.context = "billing";
  split.transport = GetParam().transport;
  auto change = arch->split_service(split);
  ASSERT_TRUE(change.ok()) << change.error().str();
  ASSERT_FALSE(change->refused()) << change->problems.front().message;
  EXPECT_TRUE(std::filesystem::exists(ws.root() / "contexts/billing/service/project.json"));
  EXPECT_TRUE(std::filesystem::is_directory(ws.root() / GetParam().monolith));
  auto topology = load_topology(ws.root());
  ASSERT_TRUE(topology.ok());
  ASSERT_NE(topology->find("billing"), nullptr);
  EXPECT_EQ(topology->find("billing")->transport, GetParam().transport);
  for (const auto& [path, text] : before)
    EXPECT_EQ(*read_file(ws.root() / path), text) << path << ": split touched business code";

  arch.reload();
  auto again = arch->split_service(split);
  ASSERT_TRUE(again.ok());
  EXPECT_FALSE(again->changed()) << "a second split writes nothing";

  auto merge = arch->merge_service("billing");
  ASSERT_TRUE(merge.ok()) << merge.error().str();
  EXPECT_TRUE(merge->changed());
  Tree after = tree(ws.root());
  EXPECT_EQ(after.size(), before.size());
  for (const auto& [path, text] : after) {
    auto it = before.find(path);
    if (it == before.end())
      ADD_FAILURE() << path << " was left behind";
    else
      EXPECT_EQ(text, it->second) << path;
  }
  EXPECT_FALSE(std::filesystem::exists(ws.root() / GetParam().monolith));

  arch.reload();
  auto twice = arch->merge_service("billing");
  ASSERT_TRUE(twice.ok());
  EXPECT_FALSE(twice->changed()) << "a second merge writes nothing";
}

INSTANTIATE_TEST_SUITE_P(
    EveryLanguageAndTransport, SplitAndMerge,
    ::testing::Values(Case{"python", Transport::k_http, "apps/monolith-python"},
                      Case{"python", Transport::k_grpc, "apps/monolith-python"},
                      Case{"python", Transport::k_kafka, "apps/monolith-python"},
                      Case{"typescript", Transport::k_http, "apps/monolith-typescript"},
                      Case{"typescript", Transport::k_grpc, "apps/monolith-typescript"},
                      Case{"typescript", Transport::k_kafka, "apps/monolith-typescript"},
                      Case{"cpp", Transport::k_http, "apps/monolith-cpp"},
                      Case{"cpp", Transport::k_grpc, "apps/monolith-cpp"}),
    [](const auto& info) {
      return std::string(info.param.language) + "_" +
             std::string(transport_name(info.param.transport));
    });

TEST(ServiceArchitecture, MergingAContextInTheMonolithChangesNothing) {
  testing::TestWorkspace ws;
  generate(ws, "billing", "python");
  Arch arch(ws.root());
  auto merge = arch->merge_service("billing");
  ASSERT_TRUE(merge.ok()) << merge.error().str();
  EXPECT_FALSE(merge->changed());
  EXPECT_FALSE(std::filesystem::exists(ws.root() / "topology.json"));
}

TEST(ServiceArchitecture, AnUnknownContextIsRefusedWithASuggestion) {
  testing::TestWorkspace ws;
  generate(ws, "billing", "python");
  Arch arch(ws.root());
  SplitRequest split;
  split.context = "biling";
  auto change = arch->split_service(split);
  ASSERT_FALSE(change.ok());
  EXPECT_NE(change.error().str().find("no context named 'biling'"), std::string::npos);
  EXPECT_NE(change.error().hint.find("billing"), std::string::npos);
  EXPECT_FALSE(arch->merge_service("biling").ok());
}

TEST(ServiceArchitecture, ACheckOrADryRunWritesNothing) {
  testing::TestWorkspace ws;
  generate(ws, "billing", "python");
  Tree before = tree(ws.root());
  Arch arch(ws.root());
  SplitRequest split;
  split.context = "billing";
  split.check_only = true;
  auto checked = arch->split_service(split);
  ASSERT_TRUE(checked.ok());
  EXPECT_FALSE(checked->refused());
  split.check_only = false;
  split.dry_run = true;
  auto planned = arch->split_service(split);
  ASSERT_TRUE(planned.ok());
  EXPECT_TRUE(planned->changed()) << "the dry run says what it would write";
  EXPECT_EQ(tree(ws.root()), before);
}

TEST(ServiceArchitecture, ASplitKeepsThePortAndReplicasItWasGiven) {
  testing::TestWorkspace ws;
  generate(ws, "billing", "python");
  Arch arch(ws.root());
  SplitRequest split;
  split.context = "billing";
  split.port = 9123;
  split.replicas = 3;
  auto change = arch->split_service(split);
  ASSERT_TRUE(change.ok()) << change.error().str();
  EXPECT_EQ(change->placement.port, 9123);
  auto topology = load_topology(ws.root());
  ASSERT_TRUE(topology.ok());
  EXPECT_EQ(topology->find("billing")->port, 9123);
  EXPECT_EQ(topology->find("billing")->replicas, 3);
  arch.reload();
  split.port = 0;
  split.replicas = 0;
  auto again = arch->split_service(split);
  ASSERT_TRUE(again.ok());
  EXPECT_EQ(again->placement.port, 9123) << "a new split keeps what the topology has";
  EXPECT_EQ(again->placement.replicas, 3);
}

TEST(ServiceArchitecture, TheStatusSaysWhetherTheGeneratedFilesAreCurrent) {
  testing::TestWorkspace ws;
  generate(ws, "billing", "python");
  Arch arch(ws.root());
  SplitRequest split;
  split.context = "billing";
  ASSERT_TRUE(arch->split_service(split).ok());
  arch.reload();
  auto status = arch->get_service_status("billing", false);
  ASSERT_TRUE(status.ok()) << status.error().str();
  EXPECT_EQ(status->name, "billing-service");
  EXPECT_TRUE(status->generated_current);
  EXPECT_EQ(status->health, "not checked");
  ws.write("contexts/billing/service/tests/test_contract.py", "# edited by hand\n");
  auto edited = arch->get_service_status("billing", false);
  ASSERT_TRUE(edited.ok());
  EXPECT_FALSE(edited->generated_current);
}

TEST(ServiceArchitecture, ATopologyPlacingAContextTheWorkspaceLacksIsRefusedAtItsLine) {
  testing::TestWorkspace ws;
  generate(ws, "billing", "python");
  ws.write("topology.json",
           "{\n  \"version\": 1,\n  \"services\": {\n    \"billng\": {\n"
           "      \"transport\": \"http\",\n      \"port\": 8101\n    }\n  }\n}\n");
  Arch arch(ws.root());
  auto listed = arch->list_services(false);
  ASSERT_FALSE(listed.ok());
  EXPECT_EQ(listed.error().loc.str(), "topology.json:4:5");
  EXPECT_NE(listed.error().message.find("'billng'"), std::string::npos);
  EXPECT_NE(listed.error().hint.find("billing"), std::string::npos) << listed.error().hint;
  SplitRequest split;
  split.context = "billing";
  auto change = arch->split_service(split);
  ASSERT_FALSE(change.ok()) << "nothing is derived from a topology with a typo in it";
  EXPECT_EQ(change.error().loc.str(), "topology.json:4:5");
  // Merging the unknown entry is how it leaves the topology.
  auto merged = arch->merge_service("billng");
  ASSERT_TRUE(merged.ok()) << merged.error().str();
  EXPECT_FALSE(std::filesystem::exists(ws.root() / "topology.json"));
}

TEST(ServiceArchitecture, ASplitOntoATakenPortIsRefusedAndWritesNothing) {
  testing::TestWorkspace ws;
  generate(ws, "billing", "python");
  auto more = gen::DomainContext::create(ws.root(), {"shipping", "python", {}, false});
  ASSERT_TRUE(more.ok() && more->apply());
  Arch arch(ws.root());
  SplitRequest grpc;
  grpc.context = "billing";
  grpc.transport = Transport::k_grpc;
  grpc.port = 8101;
  ASSERT_TRUE(arch->split_service(grpc).ok());
  arch.reload();
  Tree before = tree(ws.root());
  for (int port : {8101, 8102}) {
    SplitRequest next;
    next.context = "shipping";
    next.port = port;
    auto change = arch->split_service(next);
    ASSERT_FALSE(change.ok()) << port << " is billing's";
    EXPECT_NE(change.error().message.find("already used by context 'billing'"), std::string::npos)
        << change.error().str();
    EXPECT_EQ(tree(ws.root()), before);
  }
  ASSERT_TRUE(load_topology(ws.root()).ok()) << "the topology on disk stays valid";
}

TEST(ServiceArchitecture, ADefaultPortLeavesAGrpcServiceItsNextPort) {
  Topology t;
  ServiceConfig grpc;
  grpc.context = "orders";
  grpc.transport = Transport::k_grpc;
  grpc.port = default_port("billing", t) - 1;
  t.services["orders"] = grpc;
  int port = default_port("billing", t);
  EXPECT_NE(port, grpc.port);
  EXPECT_NE(port, grpc.port + 1) << "orders answers gRPC there";
  // And a grpc split needs its own next port free.
  Topology u;
  ServiceConfig http;
  http.context = "orders";
  http.port = default_port("billing", u) + 1;
  u.services["orders"] = http;
  int p = default_port("billing", u, Transport::k_grpc);
  EXPECT_TRUE(p + 1 != http.port && p != http.port) << p;
}

TEST(ServiceArchitecture, DefaultPortsFollowTheNameAndAvoidTakenOnes) {
  Topology t;
  int a = default_port("billing", t);
  EXPECT_GE(a, 8100);
  EXPECT_LT(a, 8900);
  EXPECT_EQ(default_port("billing", t), a) << "the same name, the same port";
  ServiceConfig other;
  other.context = "orders";
  other.port = a;
  t.services["orders"] = other;
  EXPECT_NE(default_port("billing", t), a);
  t.services["billing"] = other;
  t.services["billing"].context = "billing";
  t.services.erase("orders");
  EXPECT_EQ(default_port("billing", t), a) << "its own port is not taken from itself";
}

}  // namespace
}  // namespace strata::service
