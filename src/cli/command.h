#pragma once
// The table-driven command line: every command is one row of
// {name, summary, examples, setup}. `setup` adds the command's options to a
// CLI11 subcommand, parsing them into a plain struct it owns, and returns the
// handler that runs once parsing succeeded.

#include <functional>
#include <memory>
#include <string>
#include <type_traits>
#include <vector>

#include "util/diagnostics.h"

namespace CLI {
class App;
}

namespace strata::cli {

// What a command does once its options are parsed; it returns the exit
// code. Handlers that still return a bare int (a task's own exit code, or
// older command files) convert to it.
class Handler {
 public:
  Handler() = default;
  template <class F>
    requires std::is_invocable_r_v<ExitCode, F>
  Handler(F fn) : m_fn(std::move(fn)) {}
  template <class F>
    requires(std::is_invocable_r_v<int, F> && !std::is_invocable_r_v<ExitCode, F>)
  Handler(F fn) : m_fn([fn = std::move(fn)] { return static_cast<ExitCode>(fn()); }) {}

  ExitCode operator()() const { return m_fn(); }
  explicit operator bool() const { return static_cast<bool>(m_fn); }

 private:
  std::function<ExitCode()> m_fn;
};

struct CommandSpec {
  const char* name;
  const char* summary;
  const char* examples;  // shown under the command's --help
  std::function<Handler(CLI::App& sub)> setup;
};

// Options every command accepts.
struct GlobalOptions {
  std::string cwd;      // -C DIR: run as if started in DIR
  bool json = false;    // --json where the command supports it
  bool verbose = false;
};
GlobalOptions& global_options();

// The table, in the order `strata --help` lists it.
const std::vector<CommandSpec>& command_table();

// For a command whose subcommand is missing or misspelled (`word`, empty
// when missing): prints the error with a "did you mean" among `sub`'s
// subcommands and returns the usage exit code.
int unknown_subcommand(const CLI::App& sub, const std::string& word);

// Parses argv, runs the chosen command, and returns the process exit code.
int run(int argc, char** argv);

// Rows defined by each command group's file.
std::vector<CommandSpec> graph_commands();    // graph, show
std::vector<CommandSpec> run_commands();      // run, run-many, affected
std::vector<CommandSpec> cache_commands();    // cache, explain
std::vector<CommandSpec> generate_commands(); // new, generate, context
std::vector<CommandSpec> check_commands();    // check
std::vector<CommandSpec> stats_commands();    // stats
std::vector<CommandSpec> audit_commands();    // audit
std::vector<CommandSpec> db_commands();       // db
std::vector<CommandSpec> vec_commands();      // vec
std::vector<CommandSpec> serve_commands();    // serve
std::vector<CommandSpec> watch_commands();    // watch
std::vector<CommandSpec> ml_commands();       // train, evaluate
std::vector<CommandSpec> model_commands();    // model
std::vector<CommandSpec> up_commands();       // up, ps, logs, down
std::vector<CommandSpec> service_commands();  // split, merge, services
std::vector<CommandSpec> misc_commands();     // completion, version

}  // namespace strata::cli
