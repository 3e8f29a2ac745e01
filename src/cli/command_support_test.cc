#include "cli/command_support.h"

#include <gtest/gtest.h>

#include <CLI/CLI.hpp>
#include <algorithm>
#include <nlohmann/json.hpp>
#include <set>

namespace strata::cli {
namespace {

// Parses `args` (without the program name) and runs the chosen handler.
ExitCode parse_and_run(CLI::App& app, Handler& chosen, std::vector<std::string> args) {
  std::reverse(args.begin(), args.end());  // CLI11 takes them last first
  app.parse(args);
  return chosen();
}

struct Group {
  CLI::App app{"test", "strata"};
  CLI::App* sub = app.add_subcommand("things", "Things");
  std::string ran;
  int count = 0;
  Handler handler;

  Group() {
    handler = subcommand_group(*sub, {
                                         {"add", "Add one", "",
                                          [this](CLI::App& s) -> Handler {
                                            s.add_option("--count", count, "How many");
                                            return [this] {
                                              ran = "add";
                                              return ExitCode::k_ok;
                                            };
                                          }},
                                         {"remove", "Remove one", "",
                                          [this](CLI::App&) -> Handler {
                                            return [this] {
                                              ran = "remove";
                                              return ExitCode::k_failure;
                                            };
                                          }},
                                     });
  }
};

TEST(SubcommandGroup, RunsTheChosenRowWithItsOptions) {
  Group g;
  EXPECT_EQ(parse_and_run(g.app, g.handler, {"things", "add", "--count", "3"}), ExitCode::k_ok);
  EXPECT_EQ(g.ran, "add");
  EXPECT_EQ(g.count, 3);
}

TEST(SubcommandGroup, ReturnsTheRowsExitCode) {
  Group g;
  EXPECT_EQ(parse_and_run(g.app, g.handler, {"things", "remove"}), ExitCode::k_failure);
  EXPECT_EQ(g.ran, "remove");
}

TEST(SubcommandGroup, AMissingOrMisspelledSubcommandIsAUsageError) {
  Group missing;
  testing::internal::CaptureStderr();
  EXPECT_EQ(parse_and_run(missing.app, missing.handler, {"things"}), ExitCode::k_usage);
  std::string err = testing::internal::GetCapturedStderr();
  EXPECT_NE(err.find("strata things needs a subcommand"), std::string::npos) << err;
  EXPECT_NE(err.find("add, remove"), std::string::npos) << err;

  Group typo;
  testing::internal::CaptureStderr();
  EXPECT_EQ(parse_and_run(typo.app, typo.handler, {"things", "ad"}), ExitCode::k_usage);
  err = testing::internal::GetCapturedStderr();
  EXPECT_NE(err.find("did you mean 'add'"), std::string::npos) << err;
  EXPECT_TRUE(typo.ran.empty());
}

TEST(SubcommandGroup, AnUnknownOptionIsAParseError) {
  Group g;
  EXPECT_THROW(parse_and_run(g.app, g.handler, {"things", "add", "--nope"}), CLI::ParseError);
}

TEST(Handler, ConvertsHandlersThatReturnAnInt) {
  Handler h = [] { return 3; };
  EXPECT_EQ(h(), static_cast<ExitCode>(3));
  Handler e = [] { return ExitCode::k_usage; };
  EXPECT_EQ(e(), ExitCode::k_usage);
  EXPECT_FALSE(Handler());
}

TEST(StartDir, IsMinusCMadeAbsolute) {
  global_options().cwd = "some/dir";
  EXPECT_TRUE(start_dir().is_absolute());
  EXPECT_EQ(start_dir().filename(), "dir");
  EXPECT_EQ(from_start(""), "");
  EXPECT_EQ(from_start("a/../b"), (start_dir() / "b").string());
  global_options().cwd.clear();
  EXPECT_EQ(start_dir(), std::filesystem::current_path());
}

TEST(Fail, PrintsOneLineAndReturnsTheCode) {
  testing::internal::CaptureStderr();
  EXPECT_EQ(fail(Error("broken", {}, "fix it"), ExitCode::k_usage), ExitCode::k_usage);
  std::string err = testing::internal::GetCapturedStderr();
  EXPECT_NE(err.find("strata: error: broken"), std::string::npos) << err;
  EXPECT_NE(err.find("hint: fix it"), std::string::npos) << err;
}

TEST(Fail, RelativeNamesFilesBelowTheStartDirectoryRelatively) {
  global_options().cwd.clear();
  std::string file = (std::filesystem::current_path() / "db" / "migrations" / "1_a.sql").string();
  testing::internal::CaptureStderr();
  EXPECT_EQ(fail_relative(Error("bad SQL", {file, 3, 1})), ExitCode::k_failure);
  std::string err = testing::internal::GetCapturedStderr();
  EXPECT_NE(err.find("db/migrations/1_a.sql:3:1"), std::string::npos) << err;
  EXPECT_EQ(err.find(std::filesystem::current_path().string() + "/db"), std::string::npos) << err;
}

TEST(PrintJson, IndentsDocumentsAndKeepsLinesOnOneLine) {
  testing::internal::CaptureStdout();
  print_json({{"a", 1}});
  print_json_line({{"a", 1}});
  EXPECT_EQ(testing::internal::GetCapturedStdout(), "{\n  \"a\": 1\n}\n{\"a\":1}\n");
}

TEST(CommandTable, NamesAreUniqueAndEveryRowHasASummaryAndSetupOrPlugin) {
  std::set<std::string> names;
  for (const auto& row : command_table()) {
    EXPECT_TRUE(names.insert(row.name).second) << row.name;
    EXPECT_TRUE(row.plugin ? !row.setup : static_cast<bool>(row.setup)) << row.name;
    if (!std::string_view(row.name).starts_with("__")) {
      EXPECT_NE(std::string(row.summary), "") << row.name;
    }
  }
  for (const char* name :
       {"graph", "run", "run-many", "affected", "cache", "db", "vec", "check", "completion"})
    EXPECT_TRUE(names.count(name)) << name;
}

TEST(CommandTable, EverySetupBuildsItsOptionsAndAHandler) {
  CLI::App app{"strata", "strata"};
  for (const auto& row : command_table()) {
    if (row.plugin) continue;  // built by the plugin (next tests)
    CLI::App* sub = app.add_subcommand(row.name, row.summary);
    EXPECT_TRUE(row.setup(*sub)) << row.name;
  }
}

// The data plugin's rows, loaded as the binary loads them (ctest points
// STRATA_PLUGIN_PATH at the build directory).
TEST(CommandTable, ThePluginsRowsMatchTheBinarysAndBuildTheirOptions) {
  std::set<std::string> plugins;
  for (const auto& row : command_table())
    if (row.plugin) plugins.insert(row.plugin);
  for (const auto& plugin : plugins) {
    auto rows = plugin_command_rows(plugin.c_str());
    ASSERT_TRUE(rows) << rows.error().str();
    std::set<std::string> in_plugin;
    for (const auto& row : *rows) in_plugin.insert(row.name);
    for (const auto& row : command_table())
      if (row.plugin && row.plugin == plugin) {
        EXPECT_TRUE(in_plugin.count(row.name))
            << row.name << " is not in strata-" << plugin << ".so";
      }
    CLI::App app{"strata", "strata"};
    for (const auto& row : *rows)
      EXPECT_TRUE(row.setup(*app.add_subcommand(row.name, row.summary))) << row.name;
  }
}

TEST(CommandTable, DbAndVecListTheirSubcommandsInTableOrder) {
  auto rows = plugin_command_rows("data");
  ASSERT_TRUE(rows) << rows.error().str();
  CLI::App app{"strata", "strata"};
  std::vector<Handler> keep;
  for (const auto& row : *rows)
    keep.push_back(row.setup(*app.add_subcommand(row.name, row.summary)));
  auto names = [&](const char* group) {
    std::vector<std::string> out;
    for (const CLI::App* c : app.get_subcommand(group)->get_subcommands({}))
      out.push_back(c->get_name());
    return out;
  };
  EXPECT_EQ(names("db"), (std::vector<std::string>{"new", "migrate", "rollback", "status", "repair",
                                                   "reset", "seed", "testdb", "test-vectors"}));
  EXPECT_EQ(names("vec"), (std::vector<std::string>{"create", "drop", "index", "info", "upsert",
                                                    "get", "delete", "count", "query", "serve"}));
}

TEST(Run, AnUnknownCommandIsAUsageErrorWithASuggestion) {
  std::vector<std::string> args = {"strata", "grpah"};
  std::vector<char*> argv;
  for (auto& a : args) argv.push_back(a.data());
  testing::internal::CaptureStderr();
  EXPECT_EQ(run(static_cast<int>(argv.size()), argv.data()), 2);
  std::string err = testing::internal::GetCapturedStderr();
  EXPECT_NE(err.find("did you mean 'graph'"), std::string::npos) << err;
}

}  // namespace
}  // namespace strata::cli
