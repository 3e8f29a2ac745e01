#include "cli/completion.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <CLI/CLI.hpp>

namespace strata::cli {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::Not;

struct Sample {
  CLI::App app{"strata", "strata"};
  std::vector<std::string> projects, targets;
  std::string task, shell, hidden;
  bool flag = false;

  Sample() {
    CLI::App* many = app.add_subcommand("run-many", "Run targets for many projects");
    many->add_option("-p,--projects", projects, "Projects");
    many->add_option("-t,--targets", targets, "Targets");
    many->add_flag("--skip-cache", flag, "Skip the cache");
    app.add_subcommand("run", "Run one task")->add_option("task", task, "PROJECT:TARGET");
    app.add_subcommand("completion", "Completions")
        ->add_option("shell", shell, "shell")
        ->check(CLI::IsMember({"bash", "zsh", "fish"}));
    CLI::App* db = app.add_subcommand("db", "Databases");
    db->add_subcommand("migrate", "Apply migrations");
    db->add_option("subcommand", hidden)->group("");
    app.add_subcommand("__complete", "")->group("");
  }
};

const CommandModel& find(const std::vector<CommandModel>& m, const std::string& name) {
  for (const auto& c : m)
    if (c.name == name) return c;
  throw std::logic_error("no command " + name);
}

const OptionModel& option(const CommandModel& c, const std::string& name) {
  for (const auto& o : c.options)
    for (const auto& n : o.names)
      if (n == name) return o;
  throw std::logic_error("no option " + name);
}

TEST(Completion, ModelReadsCommandsOptionsAndWhatTheyTake) {
  Sample s;
  auto model = completion_model(s.app);
  std::vector<std::string> names;
  for (const auto& c : model) names.push_back(c.name);
  EXPECT_THAT(names, ElementsAre("run-many", "run", "completion", "db"));  // __complete is hidden
  const CommandModel& many = find(model, "run-many");
  EXPECT_THAT(option(many, "-p").names, ElementsAre("-p", "--projects"));
  EXPECT_EQ(option(many, "-p").kind, ValueKind::k_project);
  EXPECT_TRUE(option(many, "-p").multiple);
  EXPECT_EQ(option(many, "--targets").kind, ValueKind::k_target);
  EXPECT_EQ(option(many, "--skip-cache").kind, ValueKind::k_none);
  EXPECT_EQ(many.positional, ValueKind::k_none);
  EXPECT_EQ(find(model, "run").positional, ValueKind::k_task);
  EXPECT_EQ(find(model, "completion").positional, ValueKind::k_choice);
  EXPECT_THAT(find(model, "completion").positional_choices, ElementsAre("bash", "zsh", "fish"));
  const CommandModel& db = find(model, "db");
  ASSERT_EQ(db.subcommands.size(), 1u);
  EXPECT_EQ(db.subcommands[0].name, "migrate");
  EXPECT_EQ(db.positional, ValueKind::k_none);  // its catch-all positional is hidden
}

TEST(Completion, BashScriptHoldsTheTables) {
  Sample s;
  std::string script = bash_completion(completion_model(s.app));
  EXPECT_THAT(script, HasSubstr("'') echo 'run-many run completion db' ;;"));
  EXPECT_THAT(script, HasSubstr("'db') echo 'migrate' ;;"));
  EXPECT_THAT(script, HasSubstr("'run-many -p'|'run-many --projects') echo 'project+' ;;"));
  EXPECT_THAT(script, HasSubstr("'run-many -t'|'run-many --targets') echo 'target+' ;;"));
  EXPECT_THAT(script, HasSubstr("'run') echo 'task' ;;"));
  EXPECT_THAT(script, HasSubstr("'completion') echo 'choice:bash zsh fish' ;;"));
  EXPECT_THAT(script, HasSubstr("__complete \"$1\""));
  EXPECT_THAT(script, HasSubstr("complete -F _strata strata"));
  EXPECT_THAT(script, Not(HasSubstr("skip-cache') echo")));  // flags take no value
}

TEST(Completion, ZshScriptDescribesSubcommands) {
  Sample s;
  std::string script = zsh_completion(completion_model(s.app));
  EXPECT_THAT(script, testing::StartsWith("#compdef strata\n"));
  EXPECT_THAT(script, HasSubstr("run-many:Run targets for many projects"));
  EXPECT_THAT(script, HasSubstr("compdef _strata strata"));
}

TEST(Completion, FishScriptHasOneLinePerOption) {
  Sample s;
  std::string script = fish_completion(completion_model(s.app));
  EXPECT_THAT(script, HasSubstr("complete -c strata -n '__strata_using \\'\\'' -a 'run-many' -d "
                                "'Run targets for many projects'"));
  EXPECT_THAT(script, HasSubstr("complete -c strata -n '__strata_using \\'run-many\\'' -s p -l "
                                "projects -x -a '(__strata_names projects)' -d 'Projects'"));
  EXPECT_THAT(
      script,
      HasSubstr("complete -c strata -n '__strata_using \\'run\\'' -a '(__strata_names tasks)'"));
  EXPECT_THAT(script, HasSubstr("complete -c strata -n '__strata_using \\'db\\'' -a 'migrate'"));
}

TEST(Completion, TheRealTableCompletesProjectsAndTargets) {
  auto model = table_completion_model();
  for (const char* cmd : {"run-many", "affected", "watch"}) {
    EXPECT_EQ(option(find(model, cmd), "-p").kind, ValueKind::k_project) << cmd;
    EXPECT_EQ(option(find(model, cmd), "-t").kind, ValueKind::k_target) << cmd;
  }
  EXPECT_EQ(find(model, "run").positional, ValueKind::k_task);
  EXPECT_THAT(find(model, "completion").positional_choices, ElementsAre("bash", "zsh", "fish"));
}

}  // namespace
}  // namespace strata::cli
