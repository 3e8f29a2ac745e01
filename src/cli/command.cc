// Front end: builds the CLI11 app from a command table, answers unknown
// commands with "did you mean", hands a plugin's command to the plugin, and
// maps parse errors to exit code 2. The binary runs it on command_table();
// each plugin runs it on its own rows.

#include "cli/command.h"

#include <CLI/CLI.hpp>
#include <cstdio>

#include "util/diagnostics.h"
#include "util/plugin.h"
#include "util/profile.h"
#include "util/suggest.h"

namespace strata::cli {

GlobalOptions& global_options() {
  static GlobalOptions options;
  return options;
}

namespace {

std::vector<std::string> command_names(const std::vector<CommandSpec>& table) {
  std::vector<std::string> names;
  for (const auto& c : table)
    if (!std::string_view(c.name).starts_with("__")) names.emplace_back(c.name);
  return names;
}

// The row of the command argv names, or null when there is none (then
// CLI11 reports it: `strata`, `strata --help`). A misspelled command is
// caught here rather than by CLI11, to suggest the right one.
struct Chosen {
  const CommandSpec* row = nullptr;
  bool misspelled = false;
};

Chosen find_command(int argc, char** argv, const std::vector<CommandSpec>& table) {
  for (int i = 1; i < argc; ++i) {
    std::string a = argv[i];
    if (a == "-C") {
      ++i;
      continue;
    }
    if (a.empty() || a[0] == '-') continue;
    for (const auto& c : table)
      if (a == c.name) return {&c, false};
    Error e("unknown command '" + a + "'", {}, did_you_mean(a, command_names(table)));
    if (e.hint.empty()) e.hint = "run 'strata --help' to list commands";
    print_error(e);
    return {nullptr, true};
  }
  return {};
}

using PluginMain = int (*)(int, char**);
using PluginCommands = void (*)(std::vector<CommandSpec>*);

// Hands the whole command line to the plugin's own front end.
int run_in_plugin(const char* plugin, int argc, char** argv) {
  auto loaded = load_plugin(plugin);
  if (!loaded) return print_error(loaded.error()), static_cast<int>(ExitCode::k_failure);
  auto main = loaded->entry<PluginMain>("strata_plugin_main");
  if (!main) return print_error(main.error()), static_cast<int>(ExitCode::k_failure);
  return (*main)(argc, argv);
}

}  // namespace

int unknown_subcommand(const CLI::App& sub, const std::string& word) {
  std::vector<std::string> names;
  for (const CLI::App* c : sub.get_subcommands({})) names.push_back(c->get_name());
  std::string cmd = sub.get_name();  // "strata db testdb" for a nested group
  for (const CLI::App* p = sub.get_parent(); p; p = p->get_parent())
    cmd = p->get_name() + " " + cmd;
  if (!cmd.starts_with("strata ")) cmd = "strata " + cmd;
  std::string list;
  for (const auto& n : names) list += (list.empty() ? "" : ", ") + n;
  Error e(word.empty() ? cmd + " needs a subcommand"
                       : "unknown " + sub.get_name() + " subcommand '" + word + "'",
          {}, word.empty() ? "one of: " + list : did_you_mean(word, names));
  if (e.hint.empty()) e.hint = "run '" + cmd + " --help' to list them";
  print_error(e);
  return static_cast<int>(ExitCode::k_usage);
}

Result<std::vector<CommandSpec>> plugin_command_rows(const char* plugin) {
  auto loaded = load_plugin(plugin);
  if (!loaded) return loaded.error();
  auto rows = loaded->entry<PluginCommands>("strata_plugin_commands");
  if (!rows) return rows.error();
  std::vector<CommandSpec> out;
  (*rows)(&out);
  return out;
}

int run(int argc, char** argv, const std::vector<CommandSpec>& table) {
  const Chosen chosen_row = find_command(argc, argv, table);
  if (chosen_row.misspelled) return static_cast<int>(ExitCode::k_usage);
  // Before CLI11 sees argv: the plugin parses its own options (-C too).
  if (chosen_row.row && chosen_row.row->plugin)
    return run_in_plugin(chosen_row.row->plugin, argc, argv);

  CLI::App app{"strata: the workspace engine for polyglot monorepos", "strata"};
  app.require_subcommand(1);
  app.set_version_flag("--version", "strata 0.1.0");
  auto& g = global_options();
  app.add_option("-C", g.cwd, "Run as if strata was started in this directory");
  app.fallthrough();
  Handler chosen;
  for (const auto& row : table) {
    // A chosen command needs no siblings: adding each of them cost more
    // than a warm `strata graph` spends on its own work.
    if (chosen_row.row && chosen_row.row != &row) continue;
    CLI::App* sub = app.add_subcommand(row.name, row.summary);
    if (std::string_view(row.name).starts_with("__")) sub->group("");  // for scripts, not in --help
    if (row.examples && *row.examples) sub->footer(std::string("Examples:\n") + row.examples);
    // Only the chosen command's options are built. `strata --help` and
    // `--version` choose none: the list shows rows by name and summary,
    // which need no setup.
    if (!row.setup || chosen_row.row != &row) continue;
    Handler h = row.setup(*sub);
    sub->callback([&chosen, h] { chosen = h; });
  }
  try {
    app.parse(argc, argv);
  } catch (const CLI::CallForHelp& e) {
    return app.exit(e);
  } catch (const CLI::CallForAllHelp& e) {
    return app.exit(e);
  } catch (const CLI::CallForVersion& e) {
    return app.exit(e);
  } catch (const CLI::ParseError& e) {
    print_error(Error(e.what(), {}, "run 'strata --help' or 'strata COMMAND --help'"));
    return static_cast<int>(ExitCode::k_usage);
  }
  if (!chosen) return static_cast<int>(ExitCode::k_usage);
  ExitCode code = chosen();
  print_profile(stderr);
  return static_cast<int>(code);
}

}  // namespace strata::cli
