// Commands about strata itself: shell completions generated from the table.

#include <CLI/CLI.hpp>
#include <cstdio>
#include <memory>

#include "cli/command.h"
#include "util/diagnostics.h"

namespace strata::cli {

namespace {

int print_bash_completion() {
  std::string words;
  for (const auto& c : command_table()) words += std::string(c.name) + " ";
  std::printf(
      "# bash completion for strata; load with: source <(strata completion bash)\n"
      "_strata() {\n"
      "  local cur=\"${COMP_WORDS[COMP_CWORD]}\"\n"
      "  if [ \"$COMP_CWORD\" -eq 1 ]; then\n"
      "    COMPREPLY=($(compgen -W \"%s\" -- \"$cur\"))\n"
      "  else\n"
      "    COMPREPLY=($(compgen -f -- \"$cur\"))\n"
      "  fi\n"
      "}\n"
      "complete -F _strata strata\n",
      words.c_str());
  return 0;
}

int print_zsh_completion() {
  std::printf("#compdef strata\n_arguments '1:command:((\\\n");
  for (const auto& c : command_table()) std::printf("  %s\\:\"%s\" \\\n", c.name, c.summary);
  std::printf("))' '*:file:_files'\n");
  return 0;
}

CommandSpec completion_command() {
  return {"completion", "Print a shell completion script (bash or zsh)",
          "  source <(strata completion bash)", [](CLI::App& sub) -> Handler {
            auto shell = std::make_shared<std::string>("bash");
            sub.add_option("shell", *shell, "bash or zsh")->check(CLI::IsMember({"bash", "zsh"}));
            return [shell] { return *shell == "zsh" ? print_zsh_completion() : print_bash_completion(); };
          }};
}

}  // namespace

std::vector<CommandSpec> misc_commands() { return {completion_command()}; }

}  // namespace strata::cli
