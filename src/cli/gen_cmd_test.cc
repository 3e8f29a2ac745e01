// `strata generate`, `strata context` and `strata new` run in-process on
// temporary directories, with --skip-install or --dry-run so nothing is
// installed: usage errors, plans, idempotence and what the user sees.

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

  Workspace() { dir.write("strata.json", "{}"); }

  Output run(std::vector<std::string> args) { return testsupport::run_in(dir.root(), {}, args); }
  // Every file below the root but strata.json and .strata/.
  size_t files() const {
    size_t n = 0;
    for (const auto& e : std::filesystem::recursive_directory_iterator(dir.root())) {
      std::string rel = std::filesystem::relative(e.path(), dir.root()).string();
      if (e.is_regular_file() && rel != "strata.json" && !rel.starts_with(".strata")) ++n;
    }
    return n;
  }
};

TEST(GenerateCommand, UsageErrorsExitTwoWithAnExample) {
  Workspace w;
  struct Case {
    std::vector<std::string> args;
    std::string words;
  };
  for (const Case& c : std::vector<Case>{
           {{"generate"}, "expected a generator"},
           {{"generate", "context"}, "expected one context name"},
           {{"generate", "context", "a", "b", "--lang", "python"}, "expected one context name"},
           {{"generate", "context", "billing"}, "generate context needs --lang"},
           {{"generate", "entity", "invoice"}, "generate entity needs --context"},
           {{"generate", "model", "churn"}, "generate model needs --framework"},
       }) {
    Output o = w.run(c.args);
    EXPECT_EQ(o.code, 2) << c.args.back();
    EXPECT_NE(o.err.find(c.words), std::string::npos) << o.err;
    EXPECT_NE(o.err.find("hint: "), std::string::npos) << o.err;
  }
  EXPECT_EQ(w.files(), 0u);
}

TEST(GenerateCommand, AnUnknownGeneratorSuggestsAKnownOne) {
  Workspace w;
  Output o = w.run({"generate", "entiy", "invoice", "--context", "billing"});
  EXPECT_EQ(o.code, 2);
  EXPECT_NE(o.err.find("unknown generator 'entiy'"), std::string::npos) << o.err;
  EXPECT_NE(o.err.find("did you mean 'entity'"), std::string::npos) << o.err;
}

TEST(GenerateCommand, ADryRunPlansWithoutWriting) {
  Workspace w;
  Output o = w.run({"generate", "context", "billing", "--lang", "python", "--dry-run", "--json"});
  ASSERT_EQ(o.code, 0) << o.err;
  json plan = json::parse(o.out);
  EXPECT_EQ(plan["dryRun"], true);
  EXPECT_GT(plan["created"].get<int>(), 0);
  EXPECT_EQ(plan["files"].size(), plan["created"].get<size_t>());
  EXPECT_EQ(w.files(), 0u);
}

TEST(GenerateCommand, WritesTheContextOnceAndThenChangesNothing) {
  Workspace w;
  Output first =
      w.run({"generate", "context", "billing", "--lang", "python", "--skip-install", "--json"});
  ASSERT_EQ(first.code, 0) << first.err;
  json plan = json::parse(first.out);
  EXPECT_EQ(plan["dryRun"], false);
  size_t written = w.files();
  EXPECT_EQ(written, plan["created"].get<size_t>());

  Output again =
      w.run({"generate", "context", "billing", "--lang", "python", "--skip-install", "--json"});
  ASSERT_EQ(again.code, 0) << again.err;
  json second = json::parse(again.out);
  EXPECT_EQ(second["created"], 0);
  EXPECT_EQ(second["overwritten"], 0);
  EXPECT_EQ(second["unchanged"], plan["created"]);
  EXPECT_EQ(w.files(), written);
}

TEST(GenerateCommand, AnEditedFileIsLeftAloneWithAWarning) {
  Workspace w;
  ASSERT_EQ(w.run({"generate", "context", "billing", "--lang", "python", "--skip-install"}).code,
            0);
  Output plan =
      w.run({"generate", "context", "billing", "--lang", "python", "--dry-run", "--json"});
  std::string some_file = json::parse(plan.out)["files"][0]["path"];
  w.dir.write(some_file, "my own edit\n");
  Output o = w.run({"generate", "context", "billing", "--lang", "python", "--skip-install"});
  EXPECT_EQ(o.code, 0) << o.err;
  EXPECT_EQ(w.dir.read(some_file), "my own edit\n");
  EXPECT_NE(o.err.find("1 existing file(s) with other content were left as they are"),
            std::string::npos)
      << o.err;
  EXPECT_NE(o.err.find("--force"), std::string::npos) << o.err;
}

TEST(ContextCommand, ListsAndShowsAGeneratedContext) {
  Workspace w;
  ASSERT_EQ(w.run({"generate", "context", "billing", "--lang", "python", "--skip-install"}).code,
            0);
  Output list = w.run({"context", "list", "--json"});
  ASSERT_EQ(list.code, 0) << list.err;
  json contexts = json::parse(list.out);
  ASSERT_EQ(contexts.size(), 1u);
  EXPECT_EQ(contexts[0]["name"], "billing");
  EXPECT_EQ(contexts[0]["language"], "python");
  EXPECT_EQ(contexts[0]["deployment"], "in monolith");
  Output show = w.run({"context", "show", "biling"});
  EXPECT_EQ(show.code, 1);
  EXPECT_NE(show.err.find("did you mean 'billing'"), std::string::npos) << show.err;
}

TEST(GenerateCommand, AnElementNeedsAnExistingContext) {
  Workspace w;
  Output o = w.run({"generate", "entity", "invoice", "--context", "billing", "--skip-install"});
  EXPECT_EQ(o.code, 1);
  EXPECT_NE(o.err.find("no context named 'billing'"), std::string::npos) << o.err;
  EXPECT_NE(o.err.find("strata generate context billing"), std::string::npos) << o.err;
}

TEST(NewCommand, ADryRunCreatesNothing) {
  testutil::TempDir t;
  Workspace w;  // -C points somewhere; `new` takes its own directory
  std::string dir = (t.root() / "acme").string();
  Output o = w.run({"new", dir, "--dry-run", "--json", "--no-git"});
  ASSERT_EQ(o.code, 0) << o.err;
  EXPECT_EQ(json::parse(o.out)["dryRun"], true);
  EXPECT_FALSE(std::filesystem::exists(dir));
}

}  // namespace
}  // namespace strata::cli
