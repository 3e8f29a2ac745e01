#pragma once
// What every command file shares: the start directory (-C), failures
// printed as one line and turned into an exit code, JSON output, the --json
// flag, and subcommand groups declared as a table of CommandSpec rows like
// the top-level commands (`strata db migrate`, `strata vec query`).

#include <filesystem>
#include <nlohmann/json_fwd.hpp>
#include <string>
#include <vector>

#include "cli/command.h"
#include "util/diagnostics.h"

namespace strata::cli {

// Where strata was started: -C DIR made absolute, else the current directory.
std::filesystem::path start_dir();

// A path given on the command line, made absolute against start_dir();
// empty stays empty.
std::string from_start(const std::string& path);

// Prints `e` as one line on stderr and returns `code`.
ExitCode fail(const Error& e, ExitCode code = ExitCode::k_failure);

// As fail(), with the error's file named relative to start_dir() when it is
// below it (db errors name migration and seed files).
ExitCode fail_relative(Error e, ExitCode code = ExitCode::k_failure);

// One JSON document on stdout, indented (--json of most commands).
void print_json(const nlohmann::json& j);

// One JSON value on one line of stdout (JSON lines: vec).
void print_json_line(const nlohmann::json& j);

// Adds the common --json flag.
void add_json_flag(CLI::App& sub, bool& json, const std::string& what = "Print JSON");

// Declares `group`'s subcommands from a table: each row's setup adds the
// subcommand's options and returns its handler. The returned handler runs
// the subcommand that was given, or answers a missing or misspelled one
// with "did you mean" and the usage exit code.
Handler subcommand_group(CLI::App& group, const std::vector<CommandSpec>& rows);

}  // namespace strata::cli
