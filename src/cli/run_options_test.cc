// The options of `strata run` checked before any task starts, in-process
// with --dry-run: configurations from the task spec and from -c, and the
// usage errors for option values CLI11 or the command refuse.

#include <gtest/gtest.h>

#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "cli/command_test_support.h"
#include "util/temp_dir.h"

namespace strata::cli {
namespace {

using nlohmann::json;
using Output = testsupport::CommandOutput;

// app:build has a "prod" configuration; lib has none.
struct Workspace {
  testutil::TempDir dir;
  Workspace() {
    dir.write("strata.json", R"({"targetDefaults": {"build": {"dependsOn": ["^build"]}}})");
    dir.write("libs/lib/project.json",
              R"({"name": "lib", "targets": {"build": {"command": "echo lib"}}})");
    dir.write("apps/app/project.json", R"({"name": "app", "implicitDependencies": ["lib"],
        "targets": {"build": {"command": "echo app",
                              "configurations": {"prod": {"command": "echo prod"}}}}})");
  }
  Output run(const std::vector<std::string>& args) {
    return testsupport::run_in(dir.root(), {"run"}, args);
  }
  json dry_run(std::vector<std::string> args) {
    args.insert(args.end(), {"--dry-run", "--json"});
    Output o = run(args);
    EXPECT_EQ(o.code, 0) << o.err;
    json doc = json::parse(o.out, nullptr, false);
    EXPECT_FALSE(doc.is_discarded()) << o.out;
    return doc;
  }
};

std::string configuration_of(const json& doc, const std::string& id) {
  for (const auto& t : doc["tasks"])
    if (t["id"] == id) return t["configuration"];
  return "<missing>";
}

TEST(RunOptions, WithoutAConfigurationNoneIsChosen) {
  Workspace w;
  json doc = w.dry_run({"app:build"});
  EXPECT_EQ(configuration_of(doc, "app:build"), "");
  EXPECT_EQ(doc["tasks"].size(), 2u);
}

TEST(RunOptions, AConfigurationFromTheSpecOrFromMinusCIsTheSame) {
  Workspace w;
  json spec = w.dry_run({"app:build:prod"});
  json option = w.dry_run({"app:build", "-c", "prod"});
  // A configured task's id names its configuration; a dependency without
  // that configuration runs its default.
  EXPECT_EQ(configuration_of(spec, "app:build:prod"), "prod");
  EXPECT_EQ(configuration_of(option, "app:build:prod"), "prod");
  EXPECT_EQ(configuration_of(spec, "lib:build"), "");
  EXPECT_EQ(spec["tasks"], option["tasks"]);
}

TEST(RunOptions, ANonNumericParallelIsAUsageError) {
  Workspace w;
  Output o = w.run({"app:build", "--parallel", "many", "--dry-run"});
  EXPECT_EQ(o.code, 2);
  EXPECT_EQ(o.out, "");
  EXPECT_NE(o.err.find("--parallel"), std::string::npos) << o.err;
}

// "-1" was read into the unsigned count as the largest number there is.
TEST(RunOptions, ANegativeParallelIsAUsageErrorNotAHugeNumber) {
  Workspace w;
  Output o = w.run({"app:build", "--parallel", "-1", "--dry-run"});
  EXPECT_EQ(o.code, 2) << o.out;
}

TEST(RunOptions, AnUnknownOptionIsAUsageErrorWithAHint) {
  Workspace w;
  Output o = w.run({"app:build", "--dryrun"});
  EXPECT_EQ(o.code, 2);
  EXPECT_NE(o.err.find("strata: error: "), std::string::npos) << o.err;
  EXPECT_NE(o.err.find("hint: "), std::string::npos) << o.err;
}

TEST(RunOptions, TwoTasksAreAUsageError) {
  Workspace w;
  EXPECT_EQ(w.run({"app:build", "lib:build", "--dry-run"}).code, 2);
}

}  // namespace
}  // namespace strata::cli
