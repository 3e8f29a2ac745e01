#include "cli/command.h"

#include <gtest/gtest.h>

#include <CLI/CLI.hpp>
#include <string>
#include <vector>

#include "cli/command_test_support.h"

namespace strata::cli {
namespace {

using testing::internal::CaptureStderr;
using testing::internal::GetCapturedStderr;

// A table of fake commands that record what ran.
struct Table {
  std::vector<std::string> set_up;  // rows whose setup ran
  std::string ran;
  std::string name_option;
  std::string cwd_seen;  // -C as the command's handler saw it
  std::vector<CommandSpec> rows;

  Table() {
    rows = {row("build", ExitCode::k_ok), row("deploy", ExitCode::k_failure),
            row("__complete", ExitCode::k_ok)};
  }
  CommandSpec row(const char* name, ExitCode code) {
    return {name, "Does a thing", "strata thing", [this, name, code](CLI::App& sub) -> Handler {
              set_up.push_back(name);
              sub.add_option("--name", name_option, "A name");
              return [this, name, code] {
                ran = name;
                cwd_seen = global_options().cwd;
                return code;
              };
            }};
  }

  // Runs `args` (after the program name) through the shared fixture.
  int run(std::vector<std::string> args, std::string* err = nullptr, std::string* out = nullptr) {
    testsupport::CommandOutput o = testsupport::run_strata(std::move(args), rows);
    if (err) *err = o.err;
    if (out) *out = o.out;
    return o.code;
  }
};

TEST(Run, RunsTheChosenCommandWithItsOptionsAndReturnsItsCode) {
  Table t;
  EXPECT_EQ(t.run({"build", "--name", "x"}), 0);
  EXPECT_EQ(t.ran, "build");
  EXPECT_EQ(t.name_option, "x");
  EXPECT_EQ(t.run({"deploy"}), 1);
  EXPECT_EQ(t.ran, "deploy");
}

TEST(Run, OnlyTheChosenCommandIsSetUp) {
  Table t;
  t.run({"deploy"});
  EXPECT_EQ(t.set_up, std::vector<std::string>{"deploy"});
}

TEST(Run, MinusCIsSkippedWhenFindingTheCommand) {
  Table t;
  EXPECT_EQ(t.run({"-C", "build", "deploy"}), 1);  // "build" is -C's directory here
  EXPECT_EQ(t.ran, "deploy");
}

TEST(Run, AMisspelledCommandIsAUsageErrorWithADidYouMean) {
  Table t;
  std::string err;
  EXPECT_EQ(t.run({"biuld"}, &err), 2);
  EXPECT_EQ(t.ran, "");
  EXPECT_NE(err.find("strata: error: unknown command 'biuld'"), std::string::npos) << err;
  EXPECT_NE(err.find("did you mean 'build'"), std::string::npos) << err;
}

TEST(Run, HiddenCommandsAreNeverSuggested) {
  Table t;
  std::string err;
  EXPECT_EQ(t.run({"complete"}, &err), 2);
  EXPECT_EQ(err.find("__complete"), std::string::npos) << err;
  EXPECT_NE(err.find("strata --help"), std::string::npos) << err;
}

TEST(Run, AnUnknownOptionIsAUsageError) {
  Table t;
  std::string err;
  EXPECT_EQ(t.run({"build", "--nope"}, &err), 2);
  EXPECT_EQ(t.ran, "");
  EXPECT_NE(err.find("strata: error: "), std::string::npos) << err;
  EXPECT_NE(err.find("hint: "), std::string::npos) << err;
}

TEST(Run, NoCommandAtAllIsAUsageError) {
  Table t;
  EXPECT_EQ(t.run({}), 2);
  EXPECT_EQ(t.ran, "");
}

TEST(Run, HelpAndVersionSucceedWithoutRunningAnything) {
  Table t;
  std::string help;
  EXPECT_EQ(t.run({"--help"}, nullptr, &help), 0);
  EXPECT_NE(help.find("build"), std::string::npos);
  EXPECT_EQ(help.find("__complete"), std::string::npos);  // hidden from --help
  std::string version;
  EXPECT_EQ(t.run({"--version"}, nullptr, &version), 0);
  EXPECT_NE(version.find("strata "), std::string::npos);
  std::string build_help;
  EXPECT_EQ(t.run({"build", "--help"}, nullptr, &build_help), 0);
  EXPECT_NE(build_help.find("Examples:\nstrata thing"), std::string::npos);
  EXPECT_EQ(t.ran, "");
}

TEST(Run, HelpAndVersionSetUpNoCommand) {
  // Every start pays for what is set up: the list needs names and summaries.
  Table t;
  t.run({"--version"});
  t.run({"--help"});
  t.run({});
  EXPECT_TRUE(t.set_up.empty());
}

TEST(Run, MinusCIsKeptForTheCommand) {
  Table t;
  EXPECT_EQ(t.run({"-C", "some/dir", "build"}), 0);
  EXPECT_EQ(t.cwd_seen, "some/dir");
}

TEST(UnknownSubcommand, NamesTheFullCommandAndTheChoices) {
  CLI::App app{"strata", "strata"};
  CLI::App* db = app.add_subcommand("db", "Databases");
  db->add_subcommand("migrate", "");
  db->add_subcommand("seed", "");
  CaptureStderr();
  EXPECT_EQ(unknown_subcommand(*db, ""), 2);
  std::string err = GetCapturedStderr();
  EXPECT_NE(err.find("strata db needs a subcommand"), std::string::npos) << err;
  EXPECT_NE(err.find("one of: migrate, seed"), std::string::npos) << err;
  CaptureStderr();
  EXPECT_EQ(unknown_subcommand(*db, "sede"), 2);
  err = GetCapturedStderr();
  EXPECT_NE(err.find("unknown db subcommand 'sede'"), std::string::npos) << err;
  EXPECT_NE(err.find("did you mean 'seed'"), std::string::npos) << err;
  CaptureStderr();
  unknown_subcommand(*db, "xxxxxxxxxx");
  err = GetCapturedStderr();
  EXPECT_NE(err.find("run 'strata db --help'"), std::string::npos) << err;
}

}  // namespace
}  // namespace strata::cli
