// `strata check boundaries` run in-process on a temporary workspace whose
// projects depend on each other in a declared cycle: exit codes, the text
// and JSON reports, and the baseline round trip.

#include <gtest/gtest.h>
#include <unistd.h>

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

  // a and b; with `cycle`, each declares the other as a dependency.
  explicit Workspace(bool cycle) {
    dir.write("strata.json", "{}");
    set_cycle(cycle);
  }
  void set_cycle(bool cycle) {
    for (auto [name, other] : {std::pair{"a", "b"}, {"b", "a"}}) {
      json p = {{"name", name}};
      if (cycle) p["implicitDependencies"] = {other};
      dir.write(std::string("libs/") + name + "/project.json", p.dump());
    }
  }

  Output run(std::vector<std::string> args) {
    return testsupport::run_in(dir.root(), {"check", "boundaries"}, args);
  }
};

TEST(CheckBoundariesCommand, ACleanWorkspacePasses) {
  Workspace w(false);
  Output o = w.run({});
  EXPECT_EQ(o.code, 0) << o.err;
  EXPECT_EQ(o.out, "");
  EXPECT_NE(o.err.find("boundaries: no violations"), std::string::npos) << o.err;
}

TEST(CheckBoundariesCommand, ACycleFailsWithEveryEdgeInTheHint) {
  Workspace w(true);
  Output o = w.run({});
  EXPECT_EQ(o.code, 1);
  EXPECT_NE(o.out.find(": project cycle: "), std::string::npos) << o.out;
  EXPECT_NE(o.out.find("declared in libs/a/project.json"), std::string::npos) << o.out;
  EXPECT_NE(o.out.find("declared in libs/b/project.json"), std::string::npos) << o.out;
  EXPECT_NE(o.err.find("boundaries: 1 violation in"), std::string::npos) << o.err;
}

TEST(CheckBoundariesCommand, JsonReportsTheCycleEdgesAndCounts) {
  Workspace w(true);
  Output o = w.run({"--json"});
  EXPECT_EQ(o.code, 1);
  json j = json::parse(o.out);
  ASSERT_EQ(j["violations"].size(), 1u);
  const json& v = j["violations"][0];
  EXPECT_EQ(v["rule"], "project-cycle");
  EXPECT_EQ(v["frozen"], false);
  ASSERT_EQ(v["cycle"].size(), 2u);
  EXPECT_EQ(v["cycle"][0]["line"], 0);  // declared, not imported
  EXPECT_EQ(j["new"], 1);
  EXPECT_EQ(j["frozen"], 0);
  EXPECT_EQ(j["staleBaselineEntries"], 0);
}

TEST(CheckBoundariesCommand, ABaselineFreezesKnownViolationsAndNamesFixedOnes) {
  Workspace w(true);
  std::string baseline = w.dir.path("boundaries-baseline.json").string();
  Output freeze = w.run({"--update-baseline", baseline});
  EXPECT_EQ(freeze.code, 0) << freeze.err;
  EXPECT_NE(freeze.err.find("froze 1 violations"), std::string::npos) << freeze.err;

  Output frozen = w.run({"--baseline", baseline});
  EXPECT_EQ(frozen.code, 0) << frozen.err;
  EXPECT_EQ(frozen.out, "");  // frozen violations are not printed
  EXPECT_NE(frozen.err.find("1 frozen by the baseline"), std::string::npos) << frozen.err;

  w.set_cycle(false);
  Output fixed = w.run({"--baseline", baseline, "--json"});
  EXPECT_EQ(fixed.code, 0) << fixed.err;
  EXPECT_EQ(json::parse(fixed.out)["staleBaselineEntries"], 1);
  EXPECT_NE(fixed.err.find("1 baseline entries are fixed"), std::string::npos) << fixed.err;
}

TEST(CheckBoundariesCommand, BaselinePathsAreUnderTheMinusCDirectory) {
  Workspace w(true);
  std::string rel = "strata-check-cmd-test-" + std::to_string(::getpid()) + ".json";
  Output freeze = w.run({"--update-baseline", rel});
  bool in_cwd = std::filesystem::exists(rel);
  std::filesystem::remove(rel);
  ASSERT_EQ(freeze.code, 0) << freeze.err;
  EXPECT_FALSE(in_cwd);
  ASSERT_TRUE(w.dir.exists(rel));
  EXPECT_EQ(w.run({"--baseline", rel}).code, 0);
}

TEST(CheckBoundariesCommand, ADamagedBaselineIsAnError) {
  Workspace w(true);
  w.dir.write("b.json", "{not json");
  Output o = w.run({"--baseline", w.dir.path("b.json").string()});
  EXPECT_EQ(o.code, 1);
  EXPECT_NE(o.err.find("b.json"), std::string::npos) << o.err;
}

TEST(CheckBoundariesCommand, OneProjectLeavesCyclesToTheFullRun) {
  Workspace w(true);
  Output o = w.run({"--project", "a"});
  EXPECT_EQ(o.code, 0) << o.err;
}

TEST(CheckBoundariesCommand, AnUnknownProjectIsAnErrorWithADidYouMean) {
  Workspace w(false);
  Output o = w.run({"--project", "c"});
  EXPECT_EQ(o.code, 1);
  EXPECT_NE(o.err.find("unknown project 'c'"), std::string::npos) << o.err;
}

TEST(CheckBoundariesCommand, BadRulesArePointedAt) {
  Workspace w(false);
  w.dir.write("strata.json", "{\n  \"boundaries\": {\"layers\": 5}\n}");
  Output o = w.run({});
  EXPECT_EQ(o.code, 1);
  EXPECT_NE(o.err.find("strata.json:2:"), std::string::npos) << o.err;
}

}  // namespace
}  // namespace strata::cli
