// `strata model` through the command table and the data plugin, on a
// workspace whose registry is a fresh SQLite file: what each subcommand
// answers before anything is registered (empty lists, not-found errors
// with exit 1), the usage errors (exit 2) and webhooks kept across runs.
// Registering, promoting and serving are covered by test_ml.sh.

#include <gtest/gtest.h>
#include <stdlib.h>

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
    ::unsetenv("STRATA_REGISTRY_URL");
    ::unsetenv("STRATA_REGISTRY_TOKENS");
  }

  Output run(std::vector<std::string> args) {
    return testsupport::run_in(dir.root(), {"model"}, args);
  }
};

TEST(ModelCommand, AFreshRegistryListsNothing) {
  Workspace w;
  Output o = w.run({"list", "--json"});
  ASSERT_EQ(o.code, 0) << o.err;
  EXPECT_EQ(json::parse(o.out), json::array());
  o = w.run({"list"});
  EXPECT_EQ(o.code, 0) << o.err;
  EXPECT_EQ(o.out, "");
  o = w.run({"history", "iris", "--json"});
  ASSERT_EQ(o.code, 0) << o.err;
  EXPECT_EQ(json::parse(o.out), json::array());
}

TEST(ModelCommand, ShowingWhatIsNotRegisteredFails) {
  Workspace w;
  for (auto args : std::vector<std::vector<std::string>>{{"show", "iris"},
                                                         {"show", "iris", "3"},
                                                         {"show", "iris", "@production"},
                                                         {"compare", "iris", "1", "2"}}) {
    Output o = w.run(args);
    EXPECT_EQ(o.code, 1) << args[0] << " " << args.back() << ": " << o.err;
    EXPECT_NE(o.err.find("strata: error: "), std::string::npos) << o.err;
    EXPECT_NE(o.err.find("iris"), std::string::npos) << o.err;
    EXPECT_TRUE(o.out.empty()) << o.out;
  }
}

TEST(ModelCommand, RollingBackAnAliasThatNeverMovedFails) {
  Workspace w;
  Output o = w.run({"rollback", "iris", "--alias", "production"});
  EXPECT_EQ(o.code, 1) << o.err;
  EXPECT_NE(o.err.find("production"), std::string::npos) << o.err;
  EXPECT_EQ(json::parse(w.run({"history", "iris", "--json"}).out), json::array())
      << "a refused rollback left an event";
}

TEST(ModelCommand, HistoryAtATimeNeedsAnAlias) {
  Workspace w;
  Output o = w.run({"history", "iris", "--at", "2026-01-01T00:00:00Z"});
  EXPECT_EQ(o.code, 2);
  EXPECT_NE(o.err.find("strata: error: --at needs --alias"), std::string::npos) << o.err;
  EXPECT_NE(o.err.find("hint: strata model history M --alias production --at"), std::string::npos)
      << o.err;
  o = w.run({"history", "iris", "--alias", "production", "--at", "2026-01-01T00:00:00Z", "--json"});
  ASSERT_EQ(o.code, 0) << o.err;
  EXPECT_EQ(json::parse(o.out)["version"], nullptr);
}

TEST(ModelCommand, WebhooksAreKeptInTheRegistry) {
  Workspace w;
  Output o = w.run({"webhook", "--add", "http://127.0.0.1:9/hook"});
  ASSERT_EQ(o.code, 0) << o.err;
  o = w.run({"webhook", "--json"});
  ASSERT_EQ(o.code, 0) << o.err;
  EXPECT_EQ(json::parse(o.out), (json{"http://127.0.0.1:9/hook"}));
}

TEST(ModelCommand, TheApiRefusesToStartWithoutTokens) {
  Workspace w;
  Output o = w.run({"api", "--port", "0"});
  EXPECT_EQ(o.code, 2);
  EXPECT_NE(o.err.find("strata: error: the registry API needs tokens"), std::string::npos) << o.err;
  EXPECT_NE(o.err.find("hint: --tokens FILE with lines NAME ROLE TOKEN"), std::string::npos)
      << o.err;
}

TEST(ModelCommand, RequiredArgumentsAreUsageErrors) {
  Workspace w;
  EXPECT_EQ(w.run({"show"}).code, 2);
  EXPECT_EQ(w.run({"compare", "iris", "1"}).code, 2);
  EXPECT_EQ(w.run({"rollback", "iris"}).code, 2);
  EXPECT_EQ(w.run({"promote", "iris"}).code, 2);
}

}  // namespace
}  // namespace strata::cli
