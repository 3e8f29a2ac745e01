// Commands: new, generate, context. The generators plan against the disk
// first (src/gen/write_plan.h), so --dry-run, idempotence and --force are
// the same code for every generator; this file parses options and prints.

#include <unistd.h>

#include <CLI/CLI.hpp>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <memory>
#include <nlohmann/json.hpp>

#include "cli/command.h"
#include "cli/command_support.h"
#include "cli/context.h"
#include "cli/project_filter.h"
#include "config/loader.h"
#include "gen/context_generator.h"
#include "gen/domain_context.h"
#include "gen/element_generator.h"
#include "gen/install_plan.h"
#include "gen/install_progress.h"
#include "gen/installer.h"
#include "gen/local_generator.h"
#include "gen/model_generator.h"
#include "gen/naming.h"
#include "gen/workspace_generator.h"
#include "util/diagnostics.h"
#include "util/suggest.h"

namespace strata::cli {

namespace {

namespace fs = std::filesystem;

using enum ExitCode;

// How a command reports its plan, installs and what the user can do next.
struct PlanReport {
  bool dry_run = false;
  bool json = false;
  bool skip_install = false;
  std::string done;  // one line printed after a plan that wrote something
  std::string skip_hint =
      "--force overwrites generated files (shared root files are never overwritten)";
};

std::string skipped_paths(const gen::WritePlan& plan) {
  std::string out;
  for (const auto& f : plan.files())
    if (f.action == gen::FileAction::k_skip) out += (out.empty() ? "" : ", ") + f.path;
  return out;
}

void print_installs_planned(const gen::InstallPlan& installs) {
  for (const auto& step : installs.steps)
    std::printf("  would install %s: %s\n", step.name.c_str(), gen::shell_line(step).c_str());
  if (!installs.missing.empty()) print_warning(gen::missing_tools_error(installs.missing));
}

// Installs what the planned files need (npm packages, the .venv) and checks
// the C++ toolchain; a dry run lists it instead. Progress goes to stdout, or
// to stderr when stdout carries JSON.
ExitCode install_for(const gen::WritePlan& plan, const PlanReport& r) {
  if (r.skip_install) return k_ok;
  auto installs = gen::plan_installs(plan, gen::SystemToolProbe());
  if (r.dry_run) {
    if (!r.json) print_installs_planned(installs);
    return k_ok;
  }
  std::FILE* out = r.json ? stderr : stdout;
  bool tty = ::isatty(::fileno(out)) && !std::getenv("CI");
  gen::InstallProgress progress(out, stderr, tty, plan.root());
  progress.heading(installs.steps.size());
  gen::SystemStepRunner runner;
  if (auto st = gen::run_installs(installs, runner, progress); !st) return fail(st.error());
  return k_ok;
}

ExitCode apply_and_report(const gen::WritePlan& plan, const PlanReport& r) {
  if (!r.dry_run)
    if (auto st = plan.apply(); !st) return fail(st.error());
  if (r.json)
    std::printf("%s\n", plan.to_json(r.dry_run).dump(2).c_str());
  else
    plan.print(stdout, r.dry_run);
  std::fflush(stdout);
  if (size_t skipped = plan.count(gen::FileAction::k_skip); skipped && !r.json)
    print_warning(Error(
        std::to_string(skipped) +
            " existing file(s) with other content were left as they are: " + skipped_paths(plan),
        {}, r.skip_hint));
  if (ExitCode rc = install_for(plan, r); rc != k_ok) return rc;
  if (!r.json && !r.dry_run && !plan.changes_nothing() && !r.done.empty())
    std::printf("%s\n", r.done.c_str());
  return k_ok;
}

// ---- strata generate ------------------------------------------------------

struct GenerateOptions {
  std::string lang;
  std::string layers;  // comma-separated
  std::string context;
  std::string framework;
  bool dry_run = false;
  bool force = false;
  bool json = false;
  bool skip_install = false;
  std::vector<std::string> rest;  // KIND NAME and a local generator's options
};

ExitCode run_generate_context(const GenerateOptions& o, const std::vector<std::string>& args) {
  if (args.size() != 2)
    return fail(
        Error("expected one context name", {}, "strata generate context NAME --lang python"),
        k_usage);
  if (o.lang.empty())
    return fail(Error("generate context needs --lang", {},
                      "--lang python, --lang typescript or --lang cpp"),
                k_usage);
  auto root = find_workspace_root(start_dir());
  if (!root) return fail(root.error());
  gen::ContextRequest req{args[1], o.lang, split_list({o.layers}), o.force};
  auto plan = gen::plan_context(*root, req);
  if (!plan) return fail(plan.error());
  std::string done = "Context '" + args[1] + "' (" + o.lang +
                     ") is ready: strata run-many -t build test lint -p 'tag:context:" + args[1] +
                     "'";
  return apply_and_report(*plan, {o.dry_run, o.json, o.skip_install, done});
}

ExitCode run_generate_element(const GenerateOptions& o, const std::vector<std::string>& args) {
  const std::string& kind = args[0];
  if (args.size() != 2)
    return fail(Error("expected one " + kind + " name", {},
                      "strata generate " + kind + " NAME --context CONTEXT"),
                k_usage);
  if (o.context.empty())
    return fail(Error("generate " + kind + " needs --context", {},
                      "strata context list shows the contexts"),
                k_usage);
  auto ctx = load_context();
  if (!ctx) return k_failure;
  auto context = gen::DomainContext::find(ctx->workspace, o.context);
  if (!context) return fail(context.error());
  auto plan = gen::plan_element(ctx->workspace.root, *context, {kind, args[1], o.force});
  if (!plan) return fail(plan.error());
  std::string done = "Added " + kind + " '" + args[1] + "' to context '" + o.context + "'";
  return apply_and_report(*plan, {o.dry_run, o.json, o.skip_install, done});
}

ExitCode run_generate_model(const GenerateOptions& o, const std::vector<std::string>& args) {
  if (args.size() != 2)
    return fail(Error("expected one model name", {},
                      "strata generate model NAME --framework sklearn|xgboost|pytorch"),
                k_usage);
  if (o.framework.empty())
    return fail(Error("generate model needs --framework", {},
                      "--framework sklearn, --framework xgboost or --framework pytorch"),
                k_usage);
  auto root = find_workspace_root(start_dir());
  if (!root) return fail(root.error());
  if (!o.context.empty()) {
    auto ctx = load_context();
    if (!ctx) return k_failure;
    if (auto c = gen::DomainContext::find(ctx->workspace, o.context); !c) return fail(c.error());
  }
  gen::ModelRequest req{args[1], o.framework, o.context, o.force};
  auto plan = gen::plan_model(*root, req);
  if (!plan) return fail(plan.error());
  std::string done = "Model '" + args[1] + "' (" + o.framework + ") is ready: strata train " +
                     gen::name_forms(args[1]).kebab;
  return apply_and_report(*plan, {o.dry_run, o.json, o.skip_install, done});
}

std::vector<std::string> generator_names(const fs::path& root) {
  std::vector<std::string> names{"context", "model"};
  for (auto k : gen::k_element_kinds) names.emplace_back(k);
  for (auto& n : gen::local_generators(root)) names.push_back(std::move(n));
  return names;
}

ExitCode run_generate_local(const GenerateOptions& o, const std::vector<std::string>& args) {
  auto root = find_workspace_root(start_dir());
  if (!root) return fail(root.error());
  auto locals = gen::local_generators(*root);
  if (std::find(locals.begin(), locals.end(), args[0]) == locals.end()) {
    std::string hint = did_you_mean(args[0], generator_names(*root));
    if (hint.empty())
      hint =
          "built-in generators: context, entity, command, query, adapter; workspace generators "
          "live in " +
          std::string(gen::k_generators_dir) + "/NAME/";
    return fail(Error("unknown generator '" + args[0] + "'", {}, hint), k_usage);
  }
  if (args.size() < 2 || args[1].starts_with("--"))
    return fail(Error("expected a name after the generator", {},
                      "strata generate " + args[0] + " NAME [--option value]"),
                k_usage);
  std::vector<std::string> opts(args.begin() + 2, args.end());
  auto plan = gen::plan_local(*root, {args[0], args[1], opts, o.force});
  if (!plan) return fail(plan.error());
  return apply_and_report(
      *plan, {o.dry_run, o.json, o.skip_install, "Generated '" + args[1] + "' with " + args[0]});
}

ExitCode run_generate(const GenerateOptions& o) {
  const auto& args = o.rest;
  if (args.empty())
    return fail(Error("expected a generator", {}, "strata generate context NAME --lang python"),
                k_usage);
  if (args[0] == "context") return run_generate_context(o, args);
  if (args[0] == "model") return run_generate_model(o, args);
  for (auto k : gen::k_element_kinds)
    if (args[0] == k) return run_generate_element(o, args);
  return run_generate_local(o, args);
}

CommandSpec generate_command() {
  return {"generate",
          "Generate code from templates: a bounded context, an entity, command, query, adapter or "
          "model",
          "  strata generate context billing --lang python\n"
          "  strata generate context billing --lang typescript --layers domain,api --dry-run\n"
          "  strata generate entity invoice --context billing\n"
          "  strata generate model churn --framework xgboost\n"
          "  strata generate py-lib money_utils --owner team-a   # tools/generators/py-lib/",
          [](CLI::App& sub) -> Handler {
            auto o = std::make_shared<GenerateOptions>();
            sub.add_option("--lang", o->lang,
                           "Language of a new context: python, typescript or cpp");
            sub.add_option("--layers", o->layers,
                           "Layers of a new context, comma-separated (default: all four)");
            sub.add_option("--context", o->context,
                           "The context an entity, command, query, adapter or model goes into");
            sub.add_option("--framework", o->framework,
                           "Framework of a new model: sklearn, xgboost or pytorch");
            sub.add_flag("--dry-run", o->dry_run,
                         "List the files that would be written and write none");
            sub.add_flag("--force", o->force,
                         "Overwrite generated files that exist with other content");
            sub.add_flag("--json", o->json, "Print the plan as JSON");
            sub.add_flag("--skip-install", o->skip_install,
                         "Do not install npm packages or the .venv the generated code needs");
            // KIND, NAME and a local generator's own options stay for us.
            sub.allow_extras();
            sub.fallthrough(false);
            CLI::App* app = &sub;
            return [o, app] {
              o->rest = app->remaining();
              return run_generate(*o);
            };
          }};
}

// ---- strata new -----------------------------------------------------------

struct NewOptions {
  std::string dir;
  std::string name;
  bool dry_run = false;
  bool no_git = false;
  bool force = false;
  bool json = false;
  bool skip_install = false;
};

ExitCode run_new(const NewOptions& o) {
  fs::path dir = start_dir() / o.dir;
  auto plan = gen::plan_workspace({dir.lexically_normal(), o.name, o.force});
  if (!plan) return fail(plan.error());
  std::string done = "Workspace ready in " + o.dir + ": cd " + o.dir +
                     " && strata generate context billing --lang python";
  PlanReport report{o.dry_run, o.json, true, ""};
  report.skip_hint = "strata new never overwrites an existing file; it only adds the missing ones";
  if (ExitCode rc = apply_and_report(*plan, report); rc != k_ok) return rc;
  if (!o.dry_run && !o.no_git)
    if (auto st = gen::init_git(dir); !st) return fail(st.error());
  // After git init, so a failed install leaves a complete repository.
  report.skip_install = o.skip_install;
  if (ExitCode rc = install_for(*plan, report); rc != k_ok) return rc;
  if (!o.json && !o.dry_run) std::printf("%s\n", done.c_str());
  return k_ok;
}

CommandSpec new_command() {
  return {"new",
          "Create a workspace: strata.json, README, Makefile/justfile, CI, hooks, schemas, git",
          "  strata new shop\n  strata new shop --name acme-shop --dry-run\n  strata new . --force "
          "--no-git",
          [](CLI::App& sub) -> Handler {
            auto o = std::make_shared<NewOptions>();
            sub.add_option("dir", o->dir, "Directory to create the workspace in")->required();
            sub.add_option("--name", o->name, "Workspace name (default: the directory's name)");
            sub.add_flag("--dry-run", o->dry_run,
                         "List the files that would be written and write none");
            sub.add_flag("--no-git", o->no_git, "Do not run git init");
            sub.add_flag("--force", o->force,
                         "Add the missing workspace files to a non-empty directory; existing "
                         "files are never overwritten");
            sub.add_flag("--json", o->json, "Print the plan as JSON");
            sub.add_flag("--skip-install", o->skip_install,
                         "Do not install the packages the generated files need");
            return [o] { return run_new(*o); };
          }};
}

// ---- strata context list | show NAME ------------------------------------

struct ContextOptions {
  std::string name;
  bool json = false;
};

std::string joined(const std::vector<std::string>& items) {
  std::string out;
  for (const auto& s : items) out += (out.empty() ? "" : ", ") + s;
  return out;
}

ExitCode run_context_list(const ContextOptions& o) {
  auto ctx = load_context();
  if (!ctx) return k_failure;
  auto contexts = gen::DomainContext::discover(ctx->workspace, &ctx->graph);
  if (o.json) {
    nlohmann::json all = nlohmann::json::array();
    for (const auto& c : contexts) all.push_back(c.to_json());
    std::printf("%s\n", all.dump(2).c_str());
    return k_ok;
  }
  if (contexts.empty()) {
    std::printf("No contexts yet: strata generate context NAME --lang python|typescript|cpp\n");
    return k_ok;
  }
  for (const auto& c : contexts)
    std::printf("%-24s %-11s %-12s %s\n", c.name().c_str(), c.language().c_str(),
                c.get_deployment_status().c_str(), joined(c.layers()).c_str());
  return k_ok;
}

ExitCode run_context_show(const ContextOptions& o) {
  auto ctx = load_context();
  if (!ctx) return k_failure;
  auto c = gen::DomainContext::find(ctx->workspace, o.name, &ctx->graph);
  if (!c) return fail(c.error());
  if (o.json) {
    std::printf("%s\n", c->to_json().dump(2).c_str());
    return k_ok;
  }
  std::string uses = c->depends_on().empty() ? "no other context" : joined(c->depends_on());
  std::printf(
      "Context %s\n  language:   %s\n  deployment: %s\n  layers:     %s\n  depends on: %s\n"
      "  projects:\n",
      c->name().c_str(), c->language().c_str(), c->get_deployment_status().c_str(),
      joined(c->layers()).c_str(), uses.c_str());
  for (const auto& m : c->members())
    std::printf("    %-32s %-15s %s\n", m.project.c_str(), m.layer.empty() ? "-" : m.layer.c_str(),
                m.root.c_str());
  return k_ok;
}

CommandSpec context_command() {
  return {
      "context", "List the bounded contexts, or show one: layers, language, projects, deployment",
      "  strata context list\n  strata context show billing --json", [](CLI::App& sub) -> Handler {
        auto o = std::make_shared<ContextOptions>();
        auto list = std::make_shared<bool>(false);
        sub.require_subcommand(1);
        auto* l =
            sub.add_subcommand("list", "Every context found from the projects' context: tags");
        l->add_flag("--json", o->json, "Print JSON");
        l->callback([list] { *list = true; });
        auto* s = sub.add_subcommand("show", "One context in detail");
        s->add_option("name", o->name, "The context")->required();
        s->add_flag("--json", o->json, "Print JSON");
        return [o, list] { return *list ? run_context_list(*o) : run_context_show(*o); };
      }};
}

}  // namespace

std::vector<CommandSpec> generate_commands() {
  return {new_command(), generate_command(), context_command()};
}

}  // namespace strata::cli
