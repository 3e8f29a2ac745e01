// The three scripts share one shape. bash and zsh get the same helper
// functions (written in the common subset of the two shells): case tables
// generated from the model answer "which subcommands / options does this
// command have" and "what does this option take", and `_strata_state`
// walks the words typed so far to find the command and whether the word
// under the cursor is an option's value. Each shell then only adds its own
// way of offering candidates. fish has its own declarative `complete` lines.

#include "cli/completion.h"

#include <CLI/CLI.hpp>
#include <map>

#include "cli/command.h"

namespace strata::cli {

namespace {

// Options whose values name projects or targets, by long name.
const std::map<std::string, ValueKind>& option_kinds() {
  static const std::map<std::string, ValueKind> kinds = {
      {"--projects", ValueKind::k_project}, {"--exclude", ValueKind::k_project},
      {"--focus", ValueKind::k_project},    {"--targets", ValueKind::k_target},
      {"--target", ValueKind::k_target},
  };
  return kinds;
}

// Positionals by "command path/name".
const std::map<std::string, ValueKind>& positional_kinds() {
  static const std::map<std::string, ValueKind> kinds = {
      {"run/task", ValueKind::k_task},
      {"explain/task", ValueKind::k_task},
      {"show project/name", ValueKind::k_project},
  };
  return kinds;
}

// CLI11's IsMember describes itself as "{a,b,c}".
std::vector<std::string> choices_of(const CLI::Option& opt) {
  std::vector<std::string> out;
  auto* self = const_cast<CLI::Option*>(&opt);
  for (int i = 0;; ++i) {
    CLI::Validator* v = nullptr;
    try {
      v = self->get_validator(i);
    } catch (const CLI::OptionNotFound&) {
      break;
    }
    if (!v) break;
    std::string d = v->get_description();
    if (d.size() < 2 || d.front() != '{' || d.back() != '}') continue;
    std::string item;
    for (char c : d.substr(1, d.size() - 2) + ",") {
      if (c != ',') {
        item += c;
      } else if (!item.empty()) {
        out.push_back(item);
        item.clear();
      }
    }
  }
  return out;
}

OptionModel option_model(const CLI::Option& opt) {
  OptionModel m;
  for (const auto& s : opt.get_snames()) m.names.push_back("-" + s);
  for (const auto& l : opt.get_lnames()) m.names.push_back("--" + l);
  m.help = opt.get_description();
  if (opt.get_expected_max() == 0 || opt.get_type_size_max() == 0) return m;  // a flag
  m.kind = ValueKind::k_any;
  m.multiple = opt.get_items_expected_max() > 1;
  for (const auto& l : opt.get_lnames())
    if (auto it = option_kinds().find("--" + l); it != option_kinds().end()) m.kind = it->second;
  m.choices = choices_of(opt);
  if (!m.choices.empty()) m.kind = ValueKind::k_choice;
  return m;
}

CommandModel command_model(const CLI::App& app, const std::string& path) {
  CommandModel m;
  m.name = app.get_name();
  m.summary = app.get_description();
  m.positional = ValueKind::k_none;
  for (const CLI::Option* opt : app.get_options()) {
    if (opt->get_group().empty()) continue;  // hidden
    if (opt->get_positional() && !opt->nonpositional()) {
      if (m.positional != ValueKind::k_none) continue;  // the first one decides
      auto it = positional_kinds().find(path + "/" + opt->get_name(true));
      m.positional_choices = choices_of(*opt);
      m.positional = it != positional_kinds().end() ? it->second
                     : m.positional_choices.empty() ? ValueKind::k_any
                                                    : ValueKind::k_choice;
      continue;
    }
    if (opt->get_lnames().size() == 1 && opt->get_lnames()[0] == "help") continue;
    m.options.push_back(option_model(*opt));
  }
  for (const CLI::App* sub : app.get_subcommands({})) {
    if (sub->get_group().empty() || sub->get_name().starts_with("__")) continue;
    m.subcommands.push_back(command_model(*sub, path + " " + sub->get_name()));
  }
  return m;
}

}  // namespace

std::vector<CommandModel> completion_model(const CLI::App& app) {
  std::vector<CommandModel> out;
  for (const CLI::App* sub : app.get_subcommands({})) {
    if (sub->get_group().empty() || sub->get_name().starts_with("__")) continue;
    out.push_back(command_model(*sub, sub->get_name()));
  }
  return out;
}

std::vector<CommandModel> table_completion_model() {
  CLI::App app{"strata", "strata"};
  std::vector<Handler> keep;             // handlers may point into the app; keep both alive
  std::vector<CommandSpec> plugin_rows;  // a plugin's setups fill in its groups
  for (const auto& row : command_table()) {
    CLI::App* sub = app.add_subcommand(row.name, row.summary);
    if (row.setup) {
      keep.push_back(row.setup(*sub));
      continue;
    }
    // Without its plugin (not installed) the group completes by name only.
    if (auto rows = plugin_command_rows(row.plugin)) {
      for (auto& r : *rows)
        if (std::string_view(r.name) == row.name) keep.push_back(r.setup(*sub));
      for (auto& r : *rows) plugin_rows.push_back(std::move(r));
    }
  }
  return completion_model(app);
}

}  // namespace strata::cli
