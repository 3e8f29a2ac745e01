// `strata split`, `strata merge` and `strata services` run in-process on a
// generated Python context, with --skip-install so nothing is installed:
// flag checking before anything is read, the --json shapes, the round trip
// split -> services -> merge, and what is written (or not) on the way.

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

  Workspace() {
    dir.write("strata.json", "{}");
    Output o = run({"generate", "context", "billing", "--lang", "python", "--skip-install"});
    EXPECT_EQ(o.code, 0) << o.err;
  }
  Output run(std::vector<std::string> args) { return testsupport::run_in(dir.root(), {}, args); }
  bool has(const std::string& rel) const { return dir.exists(rel); }
};

// One error line (and at most its hint): nothing else on stderr.
void expect_one_error(const Output& o, const std::string& what) {
  EXPECT_EQ(o.err.rfind("strata: error: " + what, 0), 0u) << o.err;
  size_t lines = static_cast<size_t>(std::count(o.err.begin(), o.err.end(), '\n'));
  EXPECT_LE(lines, 2u) << o.err;
  EXPECT_EQ(o.out, "");
}

TEST(SplitCommand, BadFlagValuesAreUsageErrorsAndChangeNothing) {
  Workspace w;
  struct Case {
    std::vector<std::string> args;
    std::string error;
  };
  std::vector<Case> cases = {
      {{"--transport", "smtp"}, "unknown transport 'smtp'"},
      {{"--port", "70000"}, "--port must be between 1 and 65535"},
      {{"--port", "-1"}, "--port must be between 1 and 65535"},
      {{"--port", "0"}, "--port must be between 1 and 65535"},
      {{"--replicas", "0"}, "--replicas must be at least 1"},
      {{"--replicas", "-2"}, "--replicas must be at least 1"},
      {{"--replicas", "two"}, "Could not convert: --replicas = two"},
  };
  for (const auto& c : cases) {
    std::vector<std::string> args = {"split", "billing", "--skip-install"};
    args.insert(args.end(), c.args.begin(), c.args.end());
    Output o = w.run(args);
    EXPECT_EQ(o.code, 2) << c.error << "\n" << o.err;
    expect_one_error(o, c.error);
    EXPECT_FALSE(w.has("topology.json")) << c.error;
  }
  EXPECT_NE(w.run({"split", "billing", "--transport", "smtp"})
                .err.find("hint: --transport "
                          "http|grpc|kafka"),
            std::string::npos);
}

TEST(SplitCommand, TheContextIsRequiredAndAnUnknownOneIsNamedWithAHint) {
  Workspace w;
  EXPECT_EQ(w.run({"split"}).code, 2);
  Output o = w.run({"split", "biling", "--dry-run"});
  EXPECT_EQ(o.code, 1);
  expect_one_error(o, "no context named 'biling'");
  EXPECT_NE(o.err.find("hint: did you mean 'billing'?"), std::string::npos) << o.err;
}

TEST(SplitCommand, ADryRunJsonDescribesTheChangeAndWritesNothing) {
  Workspace w;
  Output o = w.run({"split", "billing", "--dry-run", "--json", "--port", "8201", "--replicas", "3",
                    "--transport", "grpc"});
  ASSERT_EQ(o.code, 0) << o.err;
  json j = json::parse(o.out);
  EXPECT_EQ(j["context"], "billing");
  EXPECT_EQ(j["dryRun"], true);
  EXPECT_EQ(j["refused"], false);
  EXPECT_EQ(j["placement"], json({{"context", "billing"},
                                  {"mode", "service"},
                                  {"transport", "grpc"},
                                  {"port", 8201},
                                  {"replicas", 3}}));
  EXPECT_TRUE(j["problems"].empty());
  EXPECT_TRUE(j["breaking"].empty());
  EXPECT_TRUE(j["removed"].empty());
  std::vector<std::string> written = j["written"];
  EXPECT_NE(std::find(written.begin(), written.end(), "topology.json"), written.end());
  EXPECT_NE(std::find(written.begin(), written.end(), "contexts/billing/service/project.json"),
            written.end());
  for (const auto& f : written) EXPECT_FALSE(w.has(f)) << f;
}

TEST(SplitCommand, ATextDryRunSaysWouldForEachFile) {
  Workspace w;
  Output o = w.run({"split", "billing", "--dry-run"});
  ASSERT_EQ(o.code, 0) << o.err;
  EXPECT_NE(o.out.find("would write   topology.json\n"), std::string::npos) << o.out;
  EXPECT_NE(o.out.find("would split billing: "), std::string::npos) << o.out;
  EXPECT_FALSE(w.has("topology.json"));
}

TEST(SplitCommand, TheGateAloneChangesNothing) {
  Workspace w;
  Output o = w.run({"split", "billing", "--check"});
  EXPECT_EQ(o.code, 0) << o.err;
  EXPECT_EQ(o.out, "split gate: billing can be split\n");
  EXPECT_FALSE(w.has("topology.json"));
  EXPECT_FALSE(w.has("contexts/billing/service"));
}

TEST(SplitCommand, SplitListMergeRoundTrip) {
  Workspace w;
  Output empty = w.run({"services", "list"});
  EXPECT_EQ(empty.code, 0) << empty.err;
  EXPECT_EQ(empty.out,
            "Every context runs in the monolith: strata split CONTEXT --transport http\n");
  EXPECT_EQ(json::parse(w.run({"services", "list", "--json"}).out), json::array());

  Output split = w.run({"split", "billing", "--skip-install", "--port", "8201", "--replicas", "2"});
  ASSERT_EQ(split.code, 0) << split.err;
  EXPECT_NE(split.out.find("split billing: "), std::string::npos) << split.out;
  EXPECT_TRUE(w.has("topology.json"));
  EXPECT_TRUE(w.has("contexts/billing/service/project.json"));

  Output list = w.run({"services", "list", "--json"});
  ASSERT_EQ(list.code, 0) << list.err;
  json services = json::parse(list.out);
  ASSERT_EQ(services.size(), 1u);
  EXPECT_EQ(services[0]["name"], "billing-service");
  EXPECT_EQ(services[0]["port"], 8201);
  EXPECT_EQ(services[0]["replicas"], 2);
  EXPECT_EQ(services[0]["mode"], "service");
  EXPECT_EQ(services[0]["healthPath"], "/health");
  EXPECT_EQ(services[0]["generated"], "current");
  EXPECT_EQ(services[0]["health"], "not checked");  // list never probes
  Output text = w.run({"services", "list"});
  EXPECT_EQ(text.out.rfind("NAME ", 0), 0u) << text.out;
  EXPECT_NE(text.out.find("billing-service"), std::string::npos);

  Output again = w.run({"split", "billing", "--skip-install", "--port", "8201", "--replicas", "2"});
  EXPECT_EQ(again.code, 0) << again.err;
  EXPECT_EQ(again.out, "split: nothing to change, billing already runs as a service\n");

  Output dry = w.run({"merge", "billing", "--dry-run"});
  EXPECT_EQ(dry.code, 0) << dry.err;
  EXPECT_NE(dry.out.find("would remove  contexts/billing/service\n"), std::string::npos);
  EXPECT_TRUE(w.has("contexts/billing/service"));

  Output merge = w.run({"merge", "billing", "--json"});
  ASSERT_EQ(merge.code, 0) << merge.err;
  json m = json::parse(merge.out);
  EXPECT_EQ(m["placement"]["mode"], "monolith");
  EXPECT_EQ(m["dryRun"], false);
  EXPECT_FALSE(w.has("topology.json"));
  EXPECT_FALSE(w.has("contexts/billing/service"));
  EXPECT_EQ(w.run({"services", "list"}).out, empty.out);
}

TEST(MergeCommand, AContextInTheMonolithHasNothingToMergeAndAnUnknownOneFails) {
  Workspace w;
  Output o = w.run({"merge", "billing"});
  EXPECT_EQ(o.code, 0) << o.err;
  EXPECT_EQ(o.out, "merge: nothing to change, billing already runs in the monolith\n");
  Output unknown = w.run({"merge", "shipping"});
  EXPECT_EQ(unknown.code, 1);
  EXPECT_EQ(unknown.err.rfind("strata: error: ", 0), 0u) << unknown.err;
  EXPECT_NE(unknown.err.find("shipping"), std::string::npos) << unknown.err;
  EXPECT_EQ(w.run({"merge"}).code, 2);
}

TEST(ServicesCommand, NeedsASubcommandAndNamesAnUnknownContext) {
  Workspace w;
  EXPECT_EQ(w.run({"services"}).code, 2);
  EXPECT_EQ(w.run({"services", "lst"}).code, 2);
  Output o = w.run({"services", "status", "nothere"});
  EXPECT_EQ(o.code, 1);
  expect_one_error(o, "no context named 'nothere'");
  EXPECT_NE(o.err.find("hint: run 'strata context list'"), std::string::npos) << o.err;
}

TEST(ServicesCommand, OutsideAWorkspaceEveryCommandFails) {
  testutil::TempDir empty;
  for (const auto& args : std::vector<std::vector<std::string>>{
           {"services", "list"}, {"split", "billing", "--dry-run"}, {"merge", "billing"}}) {
    Output o = testsupport::run_in(empty.root(), {}, args);
    EXPECT_NE(o.code, 0) << args[0];
    EXPECT_EQ(o.err.rfind("strata: error: ", 0), 0u) << o.err;
  }
}

}  // namespace
}  // namespace strata::cli
