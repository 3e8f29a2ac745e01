// run, run-many and affected: choose projects and targets, build the task
// graph, then hand it to the scheduler with the cache behind its port.

#include <CLI/CLI.hpp>
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <future>
#include <memory>
#include <optional>
#include <thread>

#include "cache/local_store.h"
#include "cli/cache_port.h"
#include "cli/command.h"
#include "cli/command_support.h"
#include "cli/context.h"
#include "cli/project_filter.h"
#include "cli/run_metrics.h"
#include "cli/run_selection.h"
#include "cli/task_graph_output.h"
#include "exec/run.h"
#include "files/file_hasher.h"
#include "tasks/shard.h"
#include "tasks/task_graph.h"
#include "util/diagnostics.h"
#include "util/keep_until_exit.h"
#include "util/profile.h"
#include "util/thread_pool.h"

namespace strata::cli {

namespace {

// Options shared by the three commands, parsed before any work starts.
struct RunCmdOptions {
  std::string task_spec;              // run: PROJECT:TARGET[:CONFIG]
  std::vector<std::string> targets;   // -t
  std::vector<std::string> projects;  // -p / --projects
  std::vector<std::string> exclude;
  std::string configuration;  // -c
  size_t parallel = 0;
  bool bail = false;
  bool skip_cache = false;
  bool dry_run = false;
  bool json = false;
  bool ignore_cycles = false;
  std::string output_style;
  std::vector<std::string> args;  // forwarded to the commands
  AffectedOptions affected;
  std::string graph;  // --graph[=FILE]: write the task graph, run nothing
  bool graph_requested = false;
  std::string shard;  // --shard K/N (run-many, affected)
  std::optional<ShardSpec> shard_spec;
};

void add_run_options(CLI::App& sub, RunCmdOptions& o) {
  sub.add_option("-c,--configuration", o.configuration, "Configuration to use");
  // Checked as a number first: CLI11 reads "-1" into the unsigned count as
  // its largest value.
  sub.add_option("--parallel", o.parallel, "Tasks to run at once (default: cores)")
      ->check(CLI::NonNegativeNumber);
  sub.add_flag("--bail", o.bail, "Stop starting tasks after the first failure");
  sub.add_flag("--skip-cache", o.skip_cache,
               "Run every task even if cached (results are still stored)");
  sub.add_flag("--dry-run", o.dry_run, "Print the task graph instead of running it");
  sub.add_flag("--json", o.json, "Print a JSON summary on stdout (task output goes to stderr)");
  sub.add_option("--output-style", o.output_style, "stream | grouped | dynamic");
  sub.add_option(
         "--graph", o.graph,
         "Write the task graph instead of running: --graph=FILE.json|.html, or JSON on stdout")
      ->expected(0, 1);
  sub.add_flag("--ignore-cycles", o.ignore_cycles,
               "Run tasks that depend on each other in a cycle anyway, in a fixed order");
  sub.allow_extras();
}

void add_selection_options(CLI::App& sub, RunCmdOptions& o) {
  sub.add_option("-t,--targets,--target", o.targets, "Targets to run")->required();
  sub.add_option("-p,--projects", o.projects, "Projects: names, globs, or tag:TAG");
  sub.add_option("--exclude", o.exclude, "Projects to leave out");
  sub.add_option("--shard", o.shard, "Run only this machine's share K/N of the tasks (CI fan-out)");
}

// Checked before any work starts, so a typo in a CI matrix fails at once.
bool parse_shard_option(RunCmdOptions& o) {
  if (o.shard.empty()) return true;
  auto spec = parse_shard(o.shard);
  if (!spec) {
    print_error(spec.error());
    return false;
  }
  o.shard_spec = *spec;
  return true;
}

// This machine's share of `g`: its own tasks and the dependencies they need.
TaskGraph apply_shard(const Context& ctx, TaskGraph g, const ShardSpec& spec) {
  ShardPlan plan = plan_shards(g, spec.count, recorded_durations(ctx.workspace));
  TaskGraph mine = shard_graph(g, plan, spec.index - 1);
  size_t own = std::count(plan.owner.begin(), plan.owner.end(), spec.index - 1);
  std::fprintf(stderr,
               "strata: shard %zu/%zu (plan %s): %zu of %zu tasks, %zu its own; balanced by %s\n",
               spec.index, spec.count, plan.fingerprint.c_str(), mine.tasks.size(), g.tasks.size(),
               own, plan.by_duration ? "recorded durations" : "task counts");
  return mine;
}

nlohmann::json task_graph_json(const TaskGraph& g) {
  nlohmann::json tasks = nlohmann::json::array();
  for (const auto& t : g.tasks) {
    nlohmann::json deps = nlohmann::json::array();
    for (size_t d : t.deps) deps.push_back(g.tasks[d].id);
    tasks.push_back({{"id", t.id},
                     {"project", t.project},
                     {"target", t.target},
                     {"configuration", t.configuration},
                     {"deps", deps}});
  }
  nlohmann::json out = {{"tasks", tasks}};
  if (!g.ignored.empty()) {
    nlohmann::json ignored = nlohmann::json::array();
    for (const auto& [task, dep] : g.ignored)
      ignored.push_back({{"task", task}, {"dependency", dep}});
    out["ignoredDependencies"] = std::move(ignored);
  }
  return out;
}

// One line, so that a run that breaks cycles says which waits it dropped.
void warn_ignored(const TaskGraph& g) {
  if (g.ignored.empty()) return;
  constexpr size_t k_shown = 8;
  std::string list;
  for (size_t i = 0; i < g.ignored.size() && i < k_shown; ++i)
    list += (i ? ", " : "") + g.ignored[i].first + " -> " + g.ignored[i].second;
  if (g.ignored.size() > k_shown)
    list += ", and " + std::to_string(g.ignored.size() - k_shown) + " more";
  print_warning(Error("--ignore-cycles: " + std::to_string(g.ignored.size()) + " task dependenc" +
                          (g.ignored.size() == 1 ? "y" : "ies") +
                          " in cycles not waited for: " + list,
                      {}));
}

ExitCode print_dry_run(const TaskGraph& g, bool json) {
  if (json) {
    std::printf("%s\n", task_graph_json(g).dump(2).c_str());
    return ExitCode::k_ok;
  }
  std::printf("%zu task%s would run, in this order:\n", g.tasks.size(),
              g.tasks.size() == 1 ? "" : "s");
  for (const auto& t : g.tasks) {
    std::string deps;
    for (size_t d : t.deps) deps += (deps.empty() ? "" : ", ") + g.tasks[d].id;
    std::printf("  %s%s%s\n", t.id.c_str(), deps.empty() ? "" : "  <- ", deps.c_str());
  }
  for (const auto& [task, dep] : g.ignored)
    std::printf("ignored (cycle): %s does not wait for %s\n", task.c_str(), dep.c_str());
  return ExitCode::k_ok;
}

// In --json mode task output goes to stderr so stdout holds only the JSON.
class JsonModeSink : public OutputSink {
 public:
  void out(std::string_view b) override { m_fd.err(b); }
  void err(std::string_view b) override { m_fd.err(b); }

 private:
  FdOutputSink m_fd;
};

Result<RunOptions> run_options(const Context& ctx, const RunCmdOptions& o) {
  RunOptions r;
  r.parallel =
      o.parallel ? o.parallel : static_cast<size_t>(std::max(0, ctx.workspace.config.parallel));
  r.bail = o.bail;
  r.is_tty = !o.json && is_interactive_terminal();
  r.output_style = default_output_style(r.is_tty);
  if (!o.output_style.empty()) {
    auto style = parse_output_style(o.output_style);
    if (!style) return style.error();
    r.output_style = *style;
  }
  r.workspace_root = ctx.workspace.root.string();
  return r;
}

// Keeps the cache under "maxCacheSize", as ccache does: least recently used
// entries go first (a hit refreshes an entry's mtime). Other Strata
// processes may be reading meanwhile; removing an entry they have open
// cannot tear their read, and one they have not opened yet is a miss.
void evict_over_limit(const Workspace& ws, const Digest& recent) {
  if (ws.config.max_cache_size.empty()) return;
  auto limit = parse_size(ws.config.max_cache_size);
  if (!limit) {
    print_warning(Error("maxCacheSize: " + limit.error().message, {ws.config.config_file},
                        limit.error().hint));
    return;
  }
  auto pruned = LocalStore::for_workspace(ws).evict(*limit, recent);
  if (!pruned) print_warning(pruned.error());
}

ExitCode execute(const Context& ctx, const TaskGraph& g, const RunCmdOptions& o) {
  if (o.graph_requested) return write_task_graph(ctx, g, o.graph);
  if (o.dry_run) return print_dry_run(g, o.json);
  auto options = run_options(ctx, o);
  if (!options) {
    print_error(options.error());
    return ExitCode::k_usage;
  }
  ProfilePhase setup("run setup");
  // The estimates come from metrics.db, beside the lookups read ahead.
  auto weights = std::async(std::launch::async, [&] {
    return expected_costs(ctx.workspace, g,
                          options->parallel ? options->parallel : default_parallelism());
  });
  auto owned_hasher = std::make_unique<FileHasher>(ctx.workspace.root,
                                                   ctx.workspace.root / ".strata" / "file-hashes");
  FileHasher& hasher = *owned_hasher;
  // Nothing has run yet, so the files are as the walk found them.
  hasher.use_walk_stats(&ctx.files);
  auto owned_port =
      std::make_unique<CacheTaskPort>(ctx, g, hasher, CachePolicy{!o.skip_cache, true});
  CacheTaskPort& port = *owned_port;
  port.look_ahead();
  options->weights = weights.get();
  FdOutputSink fd_sink;
  JsonModeSink json_sink;
  OutputSink& sink = o.json ? static_cast<OutputSink&>(json_sink) : fd_sink;
  setup.stop();
  int64_t started_ms = std::chrono::duration_cast<std::chrono::milliseconds>(
                           std::chrono::system_clock::now().time_since_epoch())
                           .count();
  ProfilePhase running("run tasks");
  RunSummary summary = run_tasks(g, port, *options, sink);
  running.stop();
  port.finish(summary.exit_code == ExitCode::k_interrupted);
  // Eviction reads only the cache directory: it overlaps saving the hashes.
  std::thread evict;
  if (auto recent = port.last_stored())
    evict = std::thread([&ctx, recent] { evict_over_limit(ctx.workspace, *recent); });
  // One transaction into .strata/metrics.db, beside saving the hashes.
  std::thread metrics([&] { record_run_metrics(ctx.workspace, g, summary, started_ms); });
  ProfilePhase save("file-hashes save");
  if (auto saved = hasher.save(); !saved) print_warning(saved.error());
  save.stop();
  if (evict.joinable()) evict.join();
  metrics.join();
  if (o.json) std::printf("%s\n", to_json(summary, false).dump(2).c_str());
  // Their memo tables are large and the command ends here.
  keep_until_exit(std::move(owned_port));
  keep_until_exit(std::move(owned_hasher));
  return summary.exit_code;
}

ExitCode run_request(const Context& ctx, TaskRequest request, const RunCmdOptions& o) {
  if (request.projects.empty() && o.graph_requested)
    return write_task_graph(ctx, TaskGraph{}, o.graph);
  if (request.projects.empty()) {
    if (o.json)
      std::printf("{\n  \"exitCode\": 0,\n  \"tasks\": []\n}\n");
    else
      std::printf("No projects to run: nothing is affected or selected.\n");
    return ExitCode::k_ok;
  }
  request.configuration = o.configuration;
  request.ignore_cycles = o.ignore_cycles;
  for (const auto& a : o.args) request.args.push_back(a);
  ProfilePhase task_graph("task graph");
  auto g = build_task_graph(ctx.workspace, ctx.graph, request);
  task_graph.stop();
  if (!g) {
    print_error(g.error());
    return ExitCode::k_failure;
  }
  warn_ignored(*g);
  if (o.shard_spec) *g = apply_shard(ctx, std::move(*g), *o.shard_spec);
  return execute(ctx, *g, o);
}

void collect_args(CLI::App& sub, RunCmdOptions& o) {
  for (const auto& extra : sub.remaining()) o.args.push_back(extra);
  o.graph_requested = sub.get_option("--graph")->count() > 0;
}

CommandSpec run_command() {
  return {"run", "Run one task and the tasks it depends on",
          "  strata run web:build\n  strata run api:serve:production -- --port 8080",
          [](CLI::App& sub) -> Handler {
            auto o = std::make_shared<RunCmdOptions>();
            sub.add_option("task", o->task_spec, "PROJECT:TARGET[:CONFIGURATION]")->required();
            add_run_options(sub, *o);
            return [o, &sub] {
              collect_args(sub, *o);
              auto ctx = load_context();
              if (!ctx) return ExitCode::k_failure;
              auto request = parse_task_spec(ctx->workspace, o->task_spec, o->configuration);
              if (!request) {
                print_error(request.error());
                return ExitCode::k_failure;
              }
              if (o->configuration.empty()) o->configuration = request->configuration;
              request->require_targets = true;
              ExitCode code = run_request(*ctx, *request, *o);
              keep_until_exit(std::move(ctx));
              return code;
            };
          }};
}

CommandSpec run_many_command() {
  return {"run-many", "Run targets for many projects",
          "  strata run-many -t build test\n  strata run-many -t lint -p 'libs/*' --exclude legacy",
          [](CLI::App& sub) -> Handler {
            auto o = std::make_shared<RunCmdOptions>();
            add_selection_options(sub, *o);
            add_run_options(sub, *o);
            return [o, &sub] {
              collect_args(sub, *o);
              if (!parse_shard_option(*o)) return ExitCode::k_usage;
              auto ctx = load_context();
              if (!ctx) return ExitCode::k_failure;
              auto projects =
                  select_projects(ctx->workspace, split_list(o->projects), split_list(o->exclude));
              if (!projects) {
                print_error(projects.error());
                return ExitCode::k_failure;
              }
              ExitCode code = run_request(*ctx, {*projects, split_list(o->targets), {}, {}}, *o);
              keep_until_exit(std::move(ctx));
              return code;
            };
          }};
}

CommandSpec affected_command() {
  return {"affected", "Run targets for the projects a change affects",
          "  strata affected -t test\n  strata affected -t build --base origin/main --head HEAD\n"
          "  strata affected -t lint --files libs/a/x.py,apps/b/y.ts",
          [](CLI::App& sub) -> Handler {
            auto o = std::make_shared<RunCmdOptions>();
            add_selection_options(sub, *o);
            add_affected_options(sub, o->affected);
            add_run_options(sub, *o);
            return [o, &sub] {
              collect_args(sub, *o);
              if (!parse_shard_option(*o)) return ExitCode::k_usage;
              prefetch_changed_files(o->affected);
              auto ctx = load_context();
              if (!ctx) return ExitCode::k_failure;
              auto affected = affected_projects(*ctx, o->affected);
              if (!affected) {
                print_error(affected.error());
                return ExitCode::k_failure;
              }
              auto selected =
                  select_projects(ctx->workspace, split_list(o->projects), split_list(o->exclude));
              if (!selected) {
                print_error(selected.error());
                return ExitCode::k_failure;
              }
              std::vector<std::string> projects;
              std::set_intersection(affected->begin(), affected->end(), selected->begin(),
                                    selected->end(), std::back_inserter(projects));
              ExitCode code = run_request(*ctx, {projects, split_list(o->targets), {}, {}}, *o);
              keep_until_exit(std::move(ctx));
              return code;
            };
          }};
}

}  // namespace

std::vector<CommandSpec> run_commands() {
  return {run_command(), run_many_command(), affected_command()};
}

}  // namespace strata::cli
