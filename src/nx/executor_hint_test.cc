#include "nx/executor_hint.h"

#include <gtest/gtest.h>

namespace strata {
namespace {

TEST(ExecutorHint, NamesThePackagesAndAnEquivalentCommand) {
  nlohmann::json options = {{"tsConfig", "libs/a/tsconfig.lib.json"}};
  EXPECT_EQ(executor_hint("@nx/js:tsc", "build", options, "libs/a"),
            "npm install -D nx @nx/js, or use a shell command instead: \"build\": { \"command\": "
            "\"tsc -p libs/a/tsconfig.lib.json\" }");
}

TEST(ExecutorHint, UnknownExecutorGetsTheGeneralForm) {
  EXPECT_EQ(executor_hint("@nx/angular:application", "build", nullptr, "apps/products"),
            "npm install -D nx @nx/angular, or use a shell command instead: \"build\": { "
            "\"command\": \"<the shell command that @nx/angular:application ran>\" }");
  EXPECT_EQ(executor_hint("./tools/x:deploy", "deploy", {}, "a").rfind("npm install -D nx, or", 0),
            0u);
}

}  // namespace
}  // namespace strata
