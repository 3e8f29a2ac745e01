// The split gate run over a generated workspace: a context as generated
// passes; each thing that stands in the way (an undeclared environment
// read, an unserialisable contract, a type protobuf cannot carry on the
// grpc transport, a broken boundary, a context cycle) is named with the file
// and line to change, and the gate reports them all in one run.

#include <gtest/gtest.h>

#include "config/test_workspace.h"
#include "gen/domain_context.h"
#include "gen/workspace_generator.h"
#include "service/gate.h"
#include "util/fs.h"

namespace strata::service {
namespace {

class SplitGate : public ::testing::Test {
 protected:
  void SetUp() override {
    auto plan = gen::plan_workspace({ws.root(), "ws", true});
    ASSERT_TRUE(plan.ok()) << plan.error().str();
    ASSERT_TRUE(plan->apply());
    for (const char* name : {"billing", "shipping"}) {
      auto c = gen::DomainContext::create(ws.root(), {name, "python", {}, false});
      ASSERT_TRUE(c.ok()) << c.error().str();
      ASSERT_TRUE(c->apply());
    }
  }

  // The gate over the workspace as it is on disk now.
  std::vector<GateProblem> run(const ServiceConfig& placement, std::string context = "billing") {
    auto files = FileIndex::scan(ws.root());
    EXPECT_TRUE(files.ok());
    Diagnostics diags;
    auto loaded = load_workspace_from_files(ws.root(), files->files(), diags);
    EXPECT_TRUE(loaded.ok()) << loaded.error().str();
    files->assign_owners(loaded->projects);
    auto contract = extract_python_contract(ws.root(), context);
    BoundaryRules rules = BoundaryRules::defaults();
    return run_split_gate({*loaded, *files, rules, context, placement, contract});
  }

  std::vector<GateProblem> run() { return run(placement()); }

  ServiceConfig placement(Transport t = Transport::k_http) {
    ServiceConfig s;
    s.context = "billing";
    s.transport = t;
    s.port = 8101;
    return s;
  }

  // Appends `code` to one of billing's files; returns the line it starts on.
  int append(const std::string& rel, const std::string& code) {
    std::string text = *read_file(ws.root() / rel);
    if (!text.ends_with("\n")) text += "\n";
    int line = 1 + static_cast<int>(std::count(text.begin(), text.end(), '\n'));
    ws.write(rel, text + code);
    return line;
  }

  static std::string where(const GateProblem& p) {
    return p.loc.file + ":" + std::to_string(p.loc.line);
  }

  testing::TestWorkspace ws;
  const std::string m_domain = "contexts/billing/domain/src/billing_domain/__init__.py";
  const std::string m_dtos = "contexts/billing/api/src/billing_api/dtos.py";
  const std::string m_port = "contexts/billing/api/src/billing_api/port.py";
};

TEST_F(SplitGate, AGeneratedContextPasses) {
  auto problems = run();
  for (const auto& p : problems) ADD_FAILURE() << p.check << ": " << where(p) << ": " << p.message;
}

TEST_F(SplitGate, AnUndeclaredEnvironmentReadIsNamedWithItsLine) {
  int line = append(m_domain, "import os\n\nRATE = os.environ.get(\"BILLING_RATE\", \"1\")\n");
  auto problems = run();
  ASSERT_EQ(problems.size(), 1u);
  EXPECT_EQ(problems[0].check, "config");
  EXPECT_EQ(where(problems[0]), m_domain + ":" + std::to_string(line + 2));
  EXPECT_NE(problems[0].message.find("BILLING_RATE"), std::string::npos);
  EXPECT_NE(problems[0].hint.find("services.billing.config"), std::string::npos);

  ServiceConfig declared = placement();
  declared.config = {"BILLING_RATE"};
  EXPECT_TRUE(run(declared).empty()) << "a declared config key passes";
  declared.config.clear();
  declared.secrets = {"BILLING_RATE"};
  EXPECT_TRUE(run(declared).empty()) << "so does a secret's name";
}

TEST_F(SplitGate, WhatTheServiceIsGivenNeedsNoDeclaration) {
  append(m_domain,
         "import os\n\nA = os.getenv(\"PORT\")\nB = os.environ[\"STRATA_SERVICE_SHIPPING_URL\"]\n"
         "C = os.environ[\"STRATA_SERVICE_JWT_KEY\"]\n");
  EXPECT_TRUE(run().empty());
}

TEST_F(SplitGate, ReadsInGeneratedServiceCodeAreNotTheContexts) {
  ws.write("contexts/billing/service/src/x.py", "import os\nX = os.getenv(\"UNDECLARED\")\n");
  ws.write("contexts/billing/domain/__pycache__/x.py",
           "import os\nX = os.getenv(\"UNDECLARED\")\n");
  EXPECT_TRUE(run().empty());
}

TEST_F(SplitGate, AnUnserialisableTypeIsNamedWithItsFileAndLine) {
  std::string dtos = *read_file(ws.root() / m_dtos);
  int line = append(m_dtos, "\n\n@dataclass(frozen=True)\nclass WhenDto:\n    at: datetime\n");
  auto problems = run();
  ASSERT_EQ(problems.size(), 1u);
  EXPECT_EQ(problems[0].check, "contract");
  EXPECT_EQ(where(problems[0]), m_dtos + ":" + std::to_string(line + 3));
  EXPECT_NE(problems[0].message.find("WhenDto.at: type datetime cannot be serialised"),
            std::string::npos);
  EXPECT_FALSE(problems[0].hint.empty());
}

TEST_F(SplitGate, AContractThatCannotBeReadIsTheGatesProblem) {
  ws.write(m_port, "# the port is gone\n");
  auto problems = run();
  ASSERT_EQ(problems.size(), 1u);
  EXPECT_EQ(problems[0].check, "contract");
  EXPECT_EQ(problems[0].loc.file, m_port);
}

TEST_F(SplitGate, ATypeProtobufCannotCarryStopsOnlyAGrpcSplitAtItsLine) {
  std::string port = *read_file(ws.root() / m_port);
  size_t cls = port.find("Protocol):");
  ASSERT_NE(cls, std::string::npos);
  size_t body = port.find('\n', cls) + 1;
  ws.write(m_port, port.substr(0, body) +
                       "    def grid(self, rows: list[list[int]]) -> None: ...\n" +
                       port.substr(body));
  int line = 1 + static_cast<int>(std::count(port.begin(), port.begin() + body, '\n'));
  EXPECT_TRUE(run(placement(Transport::k_http)).empty()) << "JSON carries a list of lists";
  auto problems = run(placement(Transport::k_grpc));
  ASSERT_EQ(problems.size(), 1u);
  EXPECT_EQ(problems[0].check, "contract");
  EXPECT_EQ(where(problems[0]), m_port + ":" + std::to_string(line));
  EXPECT_NE(problems[0].message.find("parameter rows"), std::string::npos);
}

TEST_F(SplitGate, AGrpcServiceNeedsAPortAboveItsOwn) {
  ServiceConfig top = placement(Transport::k_grpc);
  top.port = 65535;
  auto problems = run(top);
  ASSERT_EQ(problems.size(), 1u);
  EXPECT_EQ(problems[0].check, "config");
  top.transport = Transport::k_http;
  EXPECT_TRUE(run(top).empty());
}

TEST_F(SplitGate, AnImportIntoAnotherContextsInsideIsABoundaryProblem) {
  int line = append(m_domain, "from shipping_domain import *  # noqa\n");
  auto problems = run();
  ASSERT_FALSE(problems.empty());
  EXPECT_EQ(problems[0].check, "boundaries");
  EXPECT_EQ(where(problems[0]), m_domain + ":" + std::to_string(line));
}

TEST_F(SplitGate, EveryProblemIsReportedInOneRun) {
  append(m_domain, "import os\nA = os.getenv(\"ONE\")\nB = os.getenv(\"TWO\")\n");
  append(m_dtos, "\n\n@dataclass(frozen=True)\nclass WhenDto:\n    at: datetime\n");
  auto problems = run();
  EXPECT_EQ(problems.size(), 3u);
}

}  // namespace
}  // namespace strata::service
