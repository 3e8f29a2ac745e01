// `strata generate entity|command|query|adapter` and `strata context` run
// in-process on a generated context of each language: the --json plan,
// what is written where, --force, and every refusal with its exit code
// (2 for a malformed command line, 1 for a refused name or context).

#include <gtest/gtest.h>

#include <filesystem>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "cli/command.h"
#include "cli/command_test_support.h"
#include "util/temp_dir.h"

namespace strata::cli {
namespace {

using nlohmann::json;

using Output = testsupport::CommandOutput;

struct Workspace {
  testutil::TempDir dir;

  explicit Workspace(const std::string& lang = "python") {
    dir.write("strata.json", "{}");
    Output o = run({"generate", "context", "billing", "--lang", lang, "--skip-install"});
    EXPECT_EQ(o.code, 0) << o.err;
  }
  Output run(std::vector<std::string> args) { return testsupport::run_in(dir.root(), {}, args); }
};

std::vector<std::string> paths(const json& plan) {
  std::vector<std::string> out;
  for (const auto& f : plan["files"]) out.push_back(f["path"]);
  return out;
}

TEST(GenerateElement, ADryRunJsonListsEachFileWithItsActionAndWritesNothing) {
  Workspace w;
  Output o =
      w.run({"generate", "entity", "invoice_line", "--context", "billing", "--dry-run", "--json"});
  ASSERT_EQ(o.code, 0) << o.err;
  json j = json::parse(o.out);
  EXPECT_EQ(j["dryRun"], true);
  EXPECT_EQ(j["created"], 2);
  EXPECT_EQ(j["overwritten"], 0);
  EXPECT_EQ(j["skipped"], 0);
  EXPECT_EQ(j["unchanged"], 0);
  EXPECT_EQ(paths(j),
            (std::vector<std::string>{"contexts/billing/domain/src/billing_domain/invoice_line.py",
                                      "contexts/billing/domain/tests/test_invoice_line.py"}));
  for (const auto& f : j["files"]) EXPECT_EQ(f["action"], "create");
  EXPECT_FALSE(w.dir.exists("contexts/billing/domain/src/billing_domain/invoice_line.py"));
}

TEST(GenerateElement, EachKindGoesIntoItsLayer) {
  Workspace w;
  struct Case {
    const char* kind;
    const char* file;
  };
  for (const auto& c : {Case{"entity", "contexts/billing/domain/src/billing_domain/refund.py"},
                        Case{"command",
                             "contexts/billing/application/src/billing_application/"
                             "refund.py"},
                        Case{"adapter",
                             "contexts/billing/infrastructure/src/"
                             "billing_infrastructure/refund.py"}}) {
    Output o = w.run({"generate", c.kind, "refund", "--context", "billing"});
    ASSERT_EQ(o.code, 0) << c.kind << ": " << o.err;
    EXPECT_TRUE(w.dir.exists(c.file)) << c.file;
    EXPECT_NE(o.out.find("Added " + std::string(c.kind) + " 'refund' to context 'billing'"),
              std::string::npos)
        << o.out;
  }
}

TEST(GenerateElement, TypeScriptAndCppContextsGetTheirOwnSpelling) {
  Workspace ts("typescript");
  Output t =
      ts.run({"generate", "query", "open_invoices", "--context", "billing", "--dry-run", "--json"});
  ASSERT_EQ(t.code, 0) << t.err;
  auto tp = paths(json::parse(t.out));
  EXPECT_NE(std::find(tp.begin(), tp.end(), "contexts/billing/api/src/open-invoices-query.ts"),
            tp.end());
  Workspace cpp("cpp");
  Output c = cpp.run(
      {"generate", "entity", "invoice_line", "--context", "billing", "--dry-run", "--json"});
  ASSERT_EQ(c.code, 0) << c.err;
  auto cp = paths(json::parse(c.out));
  EXPECT_NE(
      std::find(cp.begin(), cp.end(), "contexts/billing/domain/src/billing/domain/invoice_line.h"),
      cp.end());
}

TEST(GenerateElement, AnEditedFileIsSkippedWithAWarningAndForceOverwritesIt) {
  Workspace w;
  ASSERT_EQ(w.run({"generate", "adapter", "ledger", "--context", "billing"}).code, 0);
  const std::string file = "contexts/billing/infrastructure/src/billing_infrastructure/ledger.py";
  std::string generated = w.dir.read(file);
  w.dir.write(file, generated + "# edited\n");
  Output skip = w.run({"generate", "adapter", "ledger", "--context", "billing"});
  EXPECT_EQ(skip.code, 0) << skip.err;
  EXPECT_NE(skip.err.find("strata: warning: 1 existing file(s) with other content were left"),
            std::string::npos)
      << skip.err;
  EXPECT_NE(skip.err.find("hint: --force overwrites"), std::string::npos) << skip.err;
  EXPECT_EQ(w.dir.read(file), generated + "# edited\n");
  Output json_skip =
      w.run({"generate", "adapter", "ledger", "--context", "billing", "--json", "--dry-run"});
  json j = json::parse(json_skip.out);
  EXPECT_EQ(j["skipped"], 1);
  EXPECT_EQ(j["unchanged"], 1);
  Output force = w.run({"generate", "adapter", "ledger", "--context", "billing", "--force"});
  EXPECT_EQ(force.code, 0) << force.err;
  EXPECT_EQ(w.dir.read(file), generated);
}

TEST(GenerateElement, RefusalsAndTheirExitCodes) {
  Workspace w;
  struct Case {
    std::vector<std::string> args;
    int code;
    std::string error;
    std::string hint;
  };
  std::vector<Case> cases = {
      {{"entity", "InvoiceLine", "--context", "billing"},
       1,
       "entity name 'InvoiceLine' is not a lower snake_case identifier",
       "did you mean 'invoice_line'?"},
      {{"query", "class", "--context", "billing"},
       1,
       "query name 'class' is a keyword or reserved name",
       "did you mean 'class_query'?"},
      {{"entity", "invoice_line", "--context", "biling"},
       1,
       "no context named 'biling'",
       "did you mean 'billing'?"},
      {{"entity", "invoice_line"},
       2,
       "generate entity needs --context",
       "strata context list shows the contexts"},
      {{"widget", "x", "--context", "billing"}, 2, "unknown generator 'widget'", "built-in"},
      {{"context", "--lang", "python"}, 2, "expected one context name", "strata generate context"},
      {{"context", "shipping"}, 2, "generate context needs --lang", "--lang python"},
      {{"context", "shipping", "--lang", "cobol"},
       1,
       "unknown language 'cobol'",
       "use --lang python, typescript or cpp"},
      {{"context", "shipping", "--lang", "python", "--layers", "application"},
       1,
       "layer 'application' needs layer 'domain'",
       "add what it imports"},
  };
  for (const auto& c : cases) {
    std::vector<std::string> args = {"generate"};
    args.insert(args.end(), c.args.begin(), c.args.end());
    Output o = w.run(args);
    EXPECT_EQ(o.code, c.code) << c.error << "\n" << o.err;
    EXPECT_EQ(o.err.rfind("strata: error: " + c.error, 0), 0u) << o.err;
    EXPECT_NE(o.err.find("\n  hint: " + c.hint), std::string::npos) << o.err;
    EXPECT_EQ(o.out, "") << c.error;
  }
  EXPECT_FALSE(w.dir.exists("contexts/shipping"));
  EXPECT_FALSE(w.dir.exists("contexts/billing/domain/src/billing_domain/invoice_line.py"));
}

TEST(ContextCommandShapes, ListTextAndShowJson) {
  Workspace w;
  EXPECT_EQ(w.run({"context"}).code, 2);
  Output list = w.run({"context", "list"});
  ASSERT_EQ(list.code, 0) << list.err;
  EXPECT_EQ(list.out.rfind("billing ", 0), 0u) << list.out;
  EXPECT_NE(list.out.find("python"), std::string::npos);
  EXPECT_NE(list.out.find("in monolith"), std::string::npos);
  EXPECT_NE(list.out.find("domain, api, application, infrastructure"), std::string::npos);
  Output show = w.run({"context", "show", "billing", "--json"});
  ASSERT_EQ(show.code, 0) << show.err;
  json j = json::parse(show.out);
  EXPECT_EQ(j["name"], "billing");
  EXPECT_EQ(j["language"], "python");
  EXPECT_EQ(j["deployment"], "in monolith");
  EXPECT_EQ(j["layers"], json({"domain", "api", "application", "infrastructure"}));
  EXPECT_EQ(j["dependsOn"], json::array());
  EXPECT_EQ(j["projects"].size(), 4u);
}

TEST(ContextCommandShapes, AWorkspaceWithoutContextsListsNothing) {
  testutil::TempDir dir;
  dir.write("strata.json", "{}");
  Output o = testsupport::run_in(dir.root(), {}, {"context", "list", "--json"});
  ASSERT_EQ(o.code, 0) << o.err;
  EXPECT_EQ(json::parse(o.out), json::array());
}

}  // namespace
}  // namespace strata::cli
