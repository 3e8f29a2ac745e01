// `strata generate model` and element generators run in-process: the usage
// errors with their example, an unknown framework or context, a dry run's
// plan as JSON (nothing written), a written model seen as a model project
// by `strata train`, and an element added into a generated context.

#include <gtest/gtest.h>

#include <filesystem>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "cli/command_test_support.h"
#include "util/temp_dir.h"

namespace strata::cli {
namespace {

using nlohmann::json;
using Output = testsupport::CommandOutput;

struct Workspace {
  testutil::TempDir dir;
  Workspace() { dir.write("strata.json", "{}"); }
  Output run(std::vector<std::string> args) {
    args.push_back("--skip-install");  // no npm, no venv: the plan is what is tested
    return testsupport::run_in(dir.root(), {"generate"}, args);
  }
  std::vector<std::string> planned(const json& plan) {
    std::vector<std::string> paths;
    for (const auto& f : plan["files"]) paths.push_back(f["path"]);
    return paths;
  }
};

TEST(GenerateModelCommand, UsageErrorsShowTheWayToWriteIt) {
  Workspace w;
  Output no_name = w.run({"model", "--framework", "sklearn"});
  EXPECT_EQ(no_name.code, 2);
  EXPECT_NE(no_name.err.find("expected one model name"), std::string::npos) << no_name.err;
  EXPECT_NE(no_name.err.find("hint: strata generate model NAME"), std::string::npos);
  Output no_framework = w.run({"model", "iris"});
  EXPECT_EQ(no_framework.code, 2);
  EXPECT_NE(no_framework.err.find("needs --framework"), std::string::npos) << no_framework.err;
  Output two = w.run({"model", "iris", "churn", "--framework", "sklearn"});
  EXPECT_EQ(two.code, 2);
}

TEST(GenerateModelCommand, AnUnknownFrameworkIsRefused) {
  Workspace w;
  Output o = w.run({"model", "iris", "--framework", "tensorflow", "--dry-run"});
  EXPECT_NE(o.code, 0);
  EXPECT_NE(o.err.find("tensorflow"), std::string::npos) << o.err;
  EXPECT_FALSE(std::filesystem::exists(w.dir.path("models")));
}

TEST(GenerateModelCommand, AnUnknownContextIsRefusedBeforeAnyPlan) {
  Workspace w;
  Output o = w.run({"model", "iris", "--framework", "sklearn", "--context", "billing"});
  EXPECT_EQ(o.code, 1);
  EXPECT_NE(o.err.find("no context named 'billing'"), std::string::npos) << o.err;
}

TEST(GenerateModelCommand, ADryRunPlansFilesAndWritesNone) {
  Workspace w;
  Output o = w.run({"model", "iris", "--framework", "sklearn", "--dry-run", "--json"});
  ASSERT_EQ(o.code, 0) << o.err;
  json plan = json::parse(o.out, nullptr, false);
  ASSERT_FALSE(plan.is_discarded()) << o.out;
  EXPECT_EQ(plan["dryRun"], true);
  auto paths = w.planned(plan);
  ASSERT_FALSE(paths.empty());
  for (const auto& p : paths) EXPECT_EQ(p.find("__name"), std::string::npos) << p;
  for (const auto& p : paths) EXPECT_FALSE(std::filesystem::exists(w.dir.path(p))) << p;
}

TEST(GenerateModelCommand, AWrittenModelIsAModelProjectForTrain) {
  Workspace w;
  Output o = w.run({"model", "iris", "--framework", "sklearn"});
  ASSERT_EQ(o.code, 0) << o.err;
  EXPECT_NE(o.out.find("strata train iris"), std::string::npos) << o.out;
  // Without the install its runtime input (the declared parameters, read by
  // the venv's Python) cannot run: train names the input where it is
  // declared, rather than hashing without it.
  Output train = testsupport::run_in(w.dir.root(), {}, {"train", "--explain", "iris"});
  EXPECT_EQ(train.code, 1) << train.out;
  EXPECT_NE(train.err.find("strata: error: models/iris/project.json:"), std::string::npos)
      << train.err;
  EXPECT_NE(train.err.find("runtime input"), std::string::npos) << train.err;
  EXPECT_NE(train.err.find("hint: "), std::string::npos) << train.err;
  Output again = w.run({"model", "iris", "--framework", "sklearn", "--json"});
  ASSERT_EQ(again.code, 0) << again.err;
  const json files = json::parse(again.out)["files"];  // a range over a temporary's part dangles
  for (const auto& f : files) EXPECT_EQ(f["action"], "unchanged") << f;
}

TEST(GenerateElementCommand, AnEntityGoesIntoAGeneratedContext) {
  Workspace w;
  ASSERT_EQ(w.run({"context", "billing", "--lang", "python"}).code, 0);
  Output o = w.run({"entity", "invoice", "--context", "billing", "--dry-run", "--json"});
  ASSERT_EQ(o.code, 0) << o.err;
  auto paths = w.planned(json::parse(o.out));
  ASSERT_FALSE(paths.empty());
  for (const auto& p : paths) EXPECT_TRUE(p.starts_with("contexts/billing/")) << p;
  Output no_context = w.run({"query", "open_invoices"});
  EXPECT_EQ(no_context.code, 2);
  EXPECT_NE(no_context.err.find("needs --context"), std::string::npos) << no_context.err;
}

}  // namespace
}  // namespace strata::cli
