#pragma once
// The table-driven command line: every command is one row of
// {name, summary, examples, setup}. `setup` adds the command's options to a
// CLI11 subcommand, parsing them into a plain struct it owns, and returns the
// handler that runs once parsing succeeded.
//
// A row may instead name a plugin (util/plugin.h): its command group needs
// heavy libraries, so it is built into `strata-<plugin>.so` and `setup` is
// empty in the binary's table. `strata --help` lists the row from its name
// and summary; choosing the command loads the plugin and hands it argv,
// and the plugin parses and runs it with this same front end on its own
// table (cli/plugin_main.h).

#include <functional>
#include <memory>
#include <string>
#include <type_traits>
#include <vector>

#include "util/diagnostics.h"
#include "util/result.h"

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
  const char* plugin = nullptr;  // set: the group lives in strata-<plugin>.so
};

// Options every command accepts.
struct GlobalOptions {
  std::string cwd;    // -C DIR: run as if started in DIR
  bool json = false;  // --json where the command supports it
  bool verbose = false;
};
GlobalOptions& global_options();

// The binary's table, in the order `strata --help` lists it
// (cli/command_table.cc); plugin rows without their setup.
const std::vector<CommandSpec>& command_table();

// The rows of `plugin`'s command group with their setup, from the loaded
// plugin (for completions, which describe every option).
Result<std::vector<CommandSpec>> plugin_command_rows(const char* plugin);

// For a command whose subcommand is missing or misspelled (`word`, empty
// when missing): prints the error with a "did you mean" among `sub`'s
// subcommands and returns the usage exit code.
int unknown_subcommand(const CLI::App& sub, const std::string& word);

// Parses argv against `table`, runs the chosen command (in its plugin when
// its row names one), and returns the process exit code.
int run(int argc, char** argv, const std::vector<CommandSpec>& table);
inline int run(int argc, char** argv) { return run(argc, argv, command_table()); }

// Rows defined by each command group's file.
std::vector<CommandSpec> graph_commands();     // graph, show
std::vector<CommandSpec> run_commands();       // run, run-many, affected
std::vector<CommandSpec> cache_commands();     // cache, explain
std::vector<CommandSpec> generate_commands();  // new, generate, context
std::vector<CommandSpec> check_commands();     // check
std::vector<CommandSpec> stats_commands();     // stats
std::vector<CommandSpec> audit_commands();     // audit
std::vector<CommandSpec> db_commands();        // db (plugin "data")
std::vector<CommandSpec> vec_commands();       // vec (plugin "data")
std::vector<CommandSpec> serve_commands();     // serve (plugin "data")
std::vector<CommandSpec> watch_commands();     // watch
std::vector<CommandSpec> ml_commands();        // train, evaluate (plugin "data")
std::vector<CommandSpec> model_commands();     // model (plugin "data")
std::vector<CommandSpec> up_commands();        // up, ps, logs, down
std::vector<CommandSpec> service_commands();   // split, merge, services
std::vector<CommandSpec> image_commands();     // image
std::vector<CommandSpec> misc_commands();      // completion, version
std::vector<CommandSpec> kube_commands();      // manifests

}  // namespace strata::cli
