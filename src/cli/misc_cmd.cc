// Commands about strata itself: shell completions generated from the
// command table, and the hidden `__complete` that feeds them names.

#include <CLI/CLI.hpp>
#include <cstdio>
#include <memory>
#include <set>

#include "cli/command.h"
#include "cli/command_support.h"
#include "cli/completion.h"
#include "cli/context.h"
#include "util/diagnostics.h"

namespace strata::cli {

namespace {

ExitCode print_completion(const std::string& shell) {
  auto model = table_completion_model();
  std::string script = shell == "zsh"    ? zsh_completion(model)
                       : shell == "fish" ? fish_completion(model)
                                         : bash_completion(model);
  std::fwrite(script.data(), 1, script.size(), stdout);
  return ExitCode::k_ok;
}

CommandSpec completion_command() {
  return {"completion", "Print a shell completion script (bash, zsh or fish)",
          "  source <(strata completion bash)\n  source <(strata completion zsh)\n"
          "  strata completion fish > ~/.config/fish/completions/strata.fish",
          [](CLI::App& sub) -> Handler {
            auto shell = std::make_shared<std::string>("bash");
            sub.add_option("shell", *shell, "bash, zsh or fish")
                ->check(CLI::IsMember({"bash", "zsh", "fish"}));
            return [shell] { return print_completion(*shell); };
          }};
}

// One name a line. Loads through the warm workspace snapshot, so a Tab in
// an unchanged workspace costs a walk and one file read.
ExitCode print_names(const std::string& what) {
  auto ctx = load_context();
  if (!ctx) return ExitCode::k_failure;
  std::set<std::string> names;
  for (const auto& p : ctx->workspace.projects) {
    if (what == "projects") names.insert(p.name);
    for (const auto& [target, _] : p.targets) {
      if (what == "targets") names.insert(target);
      if (what == "tasks") names.insert(p.name + ":" + target);
    }
  }
  for (const auto& n : names) std::printf("%s\n", n.c_str());
  return ExitCode::k_ok;
}

CommandSpec complete_command() {
  return {"__complete", "", "", [](CLI::App& sub) -> Handler {
            auto what = std::make_shared<std::string>();
            sub.add_option("what", *what, "projects, targets or tasks")
                ->required()
                ->check(CLI::IsMember({"projects", "targets", "tasks"}));
            return [what] { return print_names(*what); };
          }};
}

}  // namespace

std::vector<CommandSpec> misc_commands() { return {completion_command(), complete_command()}; }

}  // namespace strata::cli
