// A merged target becomes the model's Target: run-script turns into the
// script's command in the project root, a target without an executor into
// a no-op, run-commands without a command and unknown scripts or named
// inputs into errors with hints, and any other executor is kept.

#include "config/target_convert.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

namespace strata {
namespace {

using nlohmann::json;
using ::testing::ElementsAre;
using ::testing::HasSubstr;

struct Convert {
  std::map<std::string, std::string> scripts{{"build", "tsc -b"}, {"lint", "eslint ."}};
  TargetContext ctx{"web",
                    "apps/web",
                    &scripts,
                    [](std::string_view n) { return n == "production" || n == "default"; },
                    {"production", "default"}};
  Diagnostics diags;

  std::optional<Target> operator()(const std::string& name, json value) {
    MergedTarget merged;
    merged.value = std::move(value);
    merged.empty = false;
    return convert_target(name, merged, ctx, diags);
  }
  std::string first_error() const {
    return diags.items().empty() ? "" : diags.items()[0].error.message;
  }
  std::string first_hint() const {
    return diags.items().empty() ? "" : diags.items()[0].error.hint;
  }
};

TEST(TargetConvert, RunScriptBecomesTheScriptsCommandInTheProjectRoot) {
  Convert c;
  auto t = c("build", {{"executor", "nx:run-script"}, {"options", {{"script", "build"}}}});
  ASSERT_TRUE(t) << c.first_error();
  EXPECT_EQ(t->executor, "nx:run-commands");
  EXPECT_EQ(t->options, json({{"command", "tsc -b"}, {"cwd", "apps/web"}}));
  auto kept =
      c("lint", {{"executor", "nx:run-script"}, {"options", {{"script", "lint"}, {"cwd", "."}}}});
  ASSERT_TRUE(kept);
  EXPECT_EQ(kept->options["cwd"], ".");
}

TEST(TargetConvert, AnUnknownScriptIsAnErrorWithADidYouMean) {
  Convert c;
  EXPECT_FALSE(c("b", {{"executor", "nx:run-script"}, {"options", {{"script", "biuld"}}}}));
  EXPECT_EQ(c.first_error(),
            "project 'web' has no package.json script 'biuld' (used by target 'b')");
  EXPECT_EQ(c.first_hint(), "did you mean 'build'?");
}

TEST(TargetConvert, RunScriptWithoutAScriptOrScriptsIsAnError) {
  Convert c;
  EXPECT_FALSE(c("b", {{"executor", "nx:run-script"}}));
  EXPECT_THAT(c.first_error(), HasSubstr("without a \"script\" option"));
  Convert none;
  none.ctx.scripts = nullptr;
  EXPECT_FALSE(none("b", {{"executor", "nx:run-script"}, {"options", {{"script", "build"}}}}));
  EXPECT_THAT(none.first_error(), HasSubstr("has no package.json script 'build'"));
}

TEST(TargetConvert, RunCommandsNeedsACommand) {
  Convert c;
  EXPECT_FALSE(c("x", {{"executor", "nx:run-commands"}, {"options", {{"cwd", "."}}}}));
  EXPECT_THAT(c.first_error(), HasSubstr("without \"command\" or \"commands\""));
  EXPECT_THAT(c.first_hint(), HasSubstr("\"command\": \"<shell command>\""));
  Convert ok;
  EXPECT_TRUE(ok("x", {{"executor", "nx:run-commands"}, {"options", {{"commands", {"a", "b"}}}}}));
  EXPECT_TRUE(ok.diags.items().empty());
}

TEST(TargetConvert, NoExecutorIsANoopAggregate) {
  Convert c;
  auto t = c("all", {{"dependsOn", {"build", "^lint"}}});
  ASSERT_TRUE(t);
  EXPECT_EQ(t->executor, "nx:noop");
  EXPECT_EQ(t->options, json::object());
  ASSERT_EQ(t->depends_on.size(), 2u);
  EXPECT_EQ(t->depends_on[1].target, "lint");
  EXPECT_TRUE(t->depends_on[1].dependencies);
}

TEST(TargetConvert, OtherExecutorsAreKeptWithTheirOptions) {
  Convert c;
  auto t = c("compile", {{"executor", "@nx/js:tsc"},
                         {"options", {{"main", "src/index.ts"}}},
                         {"outputs", {"{options.outputPath}"}},
                         {"cache", true},
                         {"defaultConfiguration", "production"},
                         {"configurations", {{"production", {{"minify", true}}}}}});
  ASSERT_TRUE(t);
  EXPECT_EQ(t->executor, "@nx/js:tsc");
  EXPECT_FALSE(is_native_executor(t->executor));
  EXPECT_EQ(t->options["main"], "src/index.ts");
  EXPECT_THAT(t->outputs, ElementsAre("{options.outputPath}"));
  EXPECT_TRUE(t->cache);
  EXPECT_EQ(t->default_configuration, "production");
  EXPECT_EQ(t->configurations.at("production")["minify"], true);
}

TEST(TargetConvert, UnknownNamedInputsAreErrorsWithAHint) {
  Convert c;
  auto t = c("test", {{"executor", "nx:noop"}, {"inputs", {"prodution", "{projectRoot}/x"}}});
  ASSERT_TRUE(t);
  EXPECT_EQ(c.first_error(), "target 'test' of project 'web' uses unknown named input 'prodution'");
  EXPECT_EQ(c.first_hint(), "did you mean 'production'?");
  Convert far;
  far("test", {{"executor", "nx:noop"}, {"inputs", {"zzzzzzzz"}}});
  EXPECT_THAT(far.first_hint(), HasSubstr("\"{projectRoot}/zzzzzzzz\""));
}

TEST(TargetConvert, NativeExecutorsAreTheThreeStrataRuns) {
  EXPECT_TRUE(is_native_executor("nx:run-commands"));
  EXPECT_TRUE(is_native_executor("nx:run-script"));
  EXPECT_TRUE(is_native_executor("nx:noop"));
  EXPECT_FALSE(is_native_executor("nx:run"));
  EXPECT_FALSE(is_native_executor(""));
}

}  // namespace
}  // namespace strata
