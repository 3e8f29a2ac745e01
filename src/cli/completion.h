#pragma once
// Shell completions generated from the command table: the table's CLI11
// apps are read back into a plain model (commands, options, what each
// option's value is), and the model is written out as a bash, zsh or fish
// script. Project and target names come at completion time from the hidden
// `strata __complete projects|targets|tasks`, which loads through the warm
// workspace snapshot, so a Tab costs one walk and one file read.

#include <string>
#include <vector>

namespace CLI {
class App;
}

namespace strata::cli {

// What an option's or positional's value is, for the candidates offered.
enum class ValueKind {
  k_none,     // a flag: no value
  k_any,      // free text or a path: the shell's file completion
  k_project,  // project names
  k_target,   // target names
  k_task,     // PROJECT:TARGET
  k_choice,   // one of `choices`
};

struct OptionModel {
  std::vector<std::string> names;  // "-p", "--projects"
  std::string help;
  ValueKind kind = ValueKind::k_none;
  bool multiple = false;  // takes several values: "-p a b"
  std::vector<std::string> choices;
};

struct CommandModel {
  std::string name;
  std::string summary;
  std::vector<OptionModel> options;
  std::vector<CommandModel> subcommands;
  ValueKind positional = ValueKind::k_any;  // the first positional's kind; k_none: none
  std::vector<std::string> positional_choices;
};

// The model of `app`'s subcommands (hidden ones, named "__...", left out).
std::vector<CommandModel> completion_model(const CLI::App& app);

// The model of the real command table.
std::vector<CommandModel> table_completion_model();

std::string bash_completion(const std::vector<CommandModel>& commands);
std::string zsh_completion(const std::vector<CommandModel>& commands);
std::string fish_completion(const std::vector<CommandModel>& commands);

}  // namespace strata::cli
