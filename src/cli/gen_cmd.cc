// Commands: new, generate, context. The generators plan against the disk
// first (src/gen/write_plan.h), so --dry-run, idempotence and --force are
// the same code for every generator; this file parses options and prints.

#include <CLI/CLI.hpp>
#include <cstdio>
#include <filesystem>
#include <memory>

#include <nlohmann/json.hpp>

#include "cli/command.h"
#include "cli/project_filter.h"
#include "config/loader.h"
#include "gen/context_generator.h"
#include "util/diagnostics.h"

namespace strata::cli {

namespace {

namespace fs = std::filesystem;

constexpr int k_ok = static_cast<int>(ExitCode::k_ok);
constexpr int k_failure = static_cast<int>(ExitCode::k_failure);
constexpr int k_usage = static_cast<int>(ExitCode::k_usage);

int fail(const Error& e, int code = k_failure) {
  print_error(e);
  return code;
}

fs::path start_dir() {
  std::error_code ec;
  fs::path start = global_options().cwd.empty() ? fs::current_path(ec) : fs::path(global_options().cwd);
  return fs::absolute(start, ec);
}

// Shown after the plan: what the user can do next.
struct PlanReport {
  bool dry_run = false;
  bool json = false;
  std::string done;  // one line printed after a plan that wrote something
};

int report_plan(const gen::WritePlan& plan, const PlanReport& r) {
  if (!r.dry_run)
    if (auto st = plan.apply(); !st) return fail(st.error());
  if (r.json) {
    std::printf("%s\n", plan.to_json(r.dry_run).dump(2).c_str());
    return k_ok;
  }
  plan.print(stdout, r.dry_run);
  if (size_t skipped = plan.count(gen::FileAction::k_skip))
    print_warning(Error(std::to_string(skipped) + " existing file(s) with other content were left as they are",
                        {}, "--force overwrites generated files (shared root files are never overwritten)"));
  if (!r.dry_run && !plan.changes_nothing() && !r.done.empty()) std::printf("%s\n", r.done.c_str());
  return k_ok;
}

// ---- strata generate ------------------------------------------------------

struct GenerateOptions {
  std::string lang;
  std::vector<std::string> layers;
  std::string context;
  bool dry_run = false;
  bool force = false;
  bool json = false;
  std::vector<std::string> rest;  // KIND NAME and a local generator's options
};

int run_generate_context(const GenerateOptions& o, const std::vector<std::string>& args) {
  if (args.size() != 2)
    return fail(Error("expected one context name", {}, "strata generate context NAME --lang python"), k_usage);
  if (o.lang.empty())
    return fail(Error("generate context needs --lang", {}, "--lang python, --lang typescript or --lang cpp"),
                k_usage);
  auto root = find_workspace_root(start_dir());
  if (!root) return fail(root.error());
  gen::ContextRequest req{args[1], o.lang, split_list(o.layers), o.force};
  auto plan = gen::plan_context(*root, req);
  if (!plan) return fail(plan.error());
  std::string done = "Context '" + args[1] + "' (" + o.lang + ") is ready: strata run-many -t build test lint -p 'tag:context:" +
                     args[1] + "'";
  return report_plan(*plan, {o.dry_run, o.json, done});
}

int run_generate(const GenerateOptions& o) {
  const auto& args = o.rest;
  if (args.empty())
    return fail(Error("expected a generator", {}, "strata generate context NAME --lang python"), k_usage);
  if (args[0] == "context") return run_generate_context(o, args);
  return fail(Error("unknown generator '" + args[0] + "'", {}, "built-in generators: context"), k_usage);
}

CommandSpec generate_command() {
  return {"generate", "Generate code from templates: a bounded context, an entity, command, query or adapter",
          "  strata generate context billing --lang python\n"
          "  strata generate context billing --lang typescript --layers domain,api --dry-run\n"
          "  strata generate entity invoice --context billing\n"
          "  strata generate my-generator --owner team-a",
          [](CLI::App& sub) -> Handler {
            auto o = std::make_shared<GenerateOptions>();
            sub.add_option("--lang", o->lang, "Language of a new context: python, typescript or cpp");
            sub.add_option("--layers", o->layers, "Layers of a new context (default: all four)");
            sub.add_option("--context", o->context, "The context an entity, command, query or adapter goes into");
            sub.add_flag("--dry-run", o->dry_run, "List the files that would be written and write none");
            sub.add_flag("--force", o->force, "Overwrite generated files that exist with other content");
            sub.add_flag("--json", o->json, "Print the plan as JSON");
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

}  // namespace

std::vector<CommandSpec> generate_commands() { return {generate_command()}; }

}  // namespace strata::cli
