// Front end: builds the CLI11 app from the command table, answers unknown
// commands with "did you mean", and maps parse errors to exit code 2.

#include "cli/command.h"

#include <CLI/CLI.hpp>
#include <cstdio>

#include "util/diagnostics.h"
#include "util/profile.h"
#include "util/suggest.h"

namespace strata::cli {

GlobalOptions& global_options() {
  static GlobalOptions options;
  return options;
}

const std::vector<CommandSpec>& command_table() {
  static const std::vector<CommandSpec> table = [] {
    std::vector<CommandSpec> t;
    for (auto group : {graph_commands, run_commands, watch_commands, cache_commands, generate_commands,
                       service_commands, check_commands, stats_commands, audit_commands, db_commands, vec_commands, ml_commands, model_commands, up_commands, serve_commands, misc_commands})
      for (auto& row : group()) t.push_back(std::move(row));
    return t;
  }();
  return table;
}

namespace {

std::vector<std::string> command_names() {
  std::vector<std::string> names;
  for (const auto& c : command_table())
    if (!std::string_view(c.name).starts_with("__")) names.emplace_back(c.name);
  return names;
}

// Catches a misspelled command before CLI11 does, to suggest the right one.
bool check_command_name(int argc, char** argv) {
  for (int i = 1; i < argc; ++i) {
    std::string a = argv[i];
    if (a == "-C") {
      ++i;
      continue;
    }
    if (a.empty() || a[0] == '-') continue;
    for (const auto& c : command_table())
      if (a == c.name) return true;
    Error e("unknown command '" + a + "'", {}, did_you_mean(a, command_names()));
    if (e.hint.empty()) e.hint = "run 'strata --help' to list commands";
    print_error(e);
    return false;
  }
  return true;
}

}  // namespace

int unknown_subcommand(const CLI::App& sub, const std::string& word) {
  std::vector<std::string> names;
  for (const CLI::App* c : sub.get_subcommands({})) names.push_back(c->get_name());
  std::string cmd = sub.get_name();  // "strata db testdb" for a nested group
  for (const CLI::App* p = sub.get_parent(); p; p = p->get_parent()) cmd = p->get_name() + " " + cmd;
  if (!cmd.starts_with("strata ")) cmd = "strata " + cmd;
  std::string list;
  for (const auto& n : names) list += (list.empty() ? "" : ", ") + n;
  Error e(word.empty() ? cmd + " needs a subcommand" : "unknown " + sub.get_name() + " subcommand '" + word + "'",
          {}, word.empty() ? "one of: " + list : did_you_mean(word, names));
  if (e.hint.empty()) e.hint = "run '" + cmd + " --help' to list them";
  print_error(e);
  return static_cast<int>(ExitCode::k_usage);
}

int run(int argc, char** argv) {
  CLI::App app{"strata: the workspace engine for polyglot monorepos", "strata"};
  app.require_subcommand(1);
  app.set_version_flag("--version", "strata 0.1.0");
  auto& g = global_options();
  app.add_option("-C", g.cwd, "Run as if strata was started in this directory");
  app.fallthrough();
  Handler chosen;
  for (const auto& row : command_table()) {
    CLI::App* sub = app.add_subcommand(row.name, row.summary);
    if (std::string_view(row.name).starts_with("__")) sub->group("");  // for scripts, not in --help
    if (row.examples && *row.examples) sub->footer(std::string("Examples:\n") + row.examples);
    Handler h = row.setup(*sub);
    sub->callback([&chosen, h] { chosen = h; });
  }
  if (!check_command_name(argc, argv)) return static_cast<int>(ExitCode::k_usage);
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
