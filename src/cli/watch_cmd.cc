// `strata watch -t T`: the host side of watch/WatchLoop. Each cycle reloads
// the workspace from a fresh walk (so an edited project.json or a new
// import changes the graph at once; unchanged files cost a stat thanks to
// the import scan cache), picks the projects the changed files affect plus
// their dependents, and runs the target for them like `strata affected`.

#include <CLI/CLI.hpp>
#include <algorithm>
#include <cstdio>
#include <memory>

#include "cache/output_paths.h"
#include "cli/cache_port.h"
#include "cli/command.h"
#include "cli/command_support.h"
#include "cli/context.h"
#include "cli/project_filter.h"
#include "exec/run.h"
#include "files/file_hasher.h"
#include "graph/affected.h"
#include "tasks/command.h"
#include "tasks/task_graph.h"
#include "util/diagnostics.h"
#include "watch/inotify_watcher.h"
#include "watch/stop_signal.h"
#include "watch/watch_loop.h"

namespace strata::cli {

namespace {

struct WatchCmdOptions {
  std::vector<std::string> targets;
  std::vector<std::string> projects;
  std::vector<std::string> exclude;
  bool all = false;
  bool no_initial_run = false;
  std::string configuration;
  size_t parallel = 0;
  bool skip_cache = false;
  std::string output_style;
  int debounce_ms = 150;
};

class CliWatchHost : public WatchHost {
 public:
  // `first` is the walk that found the root: the loop's first scan.
  CliWatchHost(const WatchCmdOptions& o, ScannedWorkspace first)
      : m_o(o), m_scanned(std::move(first)) {}

  std::optional<FileList> scan() override {
    std::optional<ScannedWorkspace> scanned;
    if (m_first)
      scanned = std::move(m_scanned);
    else
      scanned = scan_workspace();
    m_first = false;
    if (!scanned) return std::nullopt;
    FileList list{scanned->files.files(), scanned->files.stats()};
    m_scanned = std::move(scanned);
    return list;
  }

  bool ignored(const std::string& path) const override {
    return std::any_of(m_outputs.begin(), m_outputs.end(),
                       [&](const OutputPath& o) { return o.covers(path); });
  }

  std::optional<size_t> prepare(const std::vector<std::string>& changed, bool initial) override {
    m_graph.reset();
    if (m_scanned) m_ctx = load_context(std::move(*m_scanned));
    m_scanned.reset();
    if (!m_ctx) return std::nullopt;
    auto projects = projects_for(changed, initial);
    if (!projects) return std::nullopt;
    if (projects->empty()) return 0;
    TaskRequest request{*projects, split_list(m_o.targets), m_o.configuration, {}};
    auto g = build_task_graph(m_ctx->workspace, m_ctx->graph, request);
    if (!g) {
      print_error(g.error());
      return std::nullopt;
    }
    m_graph = std::move(*g);
    remember_outputs();
    return m_graph->tasks.size();
  }

  bool run() override;

  void note(const std::string& line) override {
    // Task output is written straight to fd 1, so flush to keep the order.
    std::printf("%s\n", line.c_str());
    std::fflush(stdout);
  }

 private:
  std::optional<std::vector<std::string>> projects_for(const std::vector<std::string>& changed,
                                                       bool initial) {
    auto selected =
        select_projects(m_ctx->workspace, split_list(m_o.projects), split_list(m_o.exclude));
    if (!selected) {
      print_error(selected.error());
      return std::nullopt;
    }
    if (initial) return *selected;
    std::vector<std::string> affected = affected_projects(m_ctx->workspace, m_ctx->graph, changed);
    std::vector<std::string> out;
    std::set_intersection(affected.begin(), affected.end(), selected->begin(), selected->end(),
                          std::back_inserter(out));
    return out;
  }

  // The declared outputs of every task about to run: what they write (or a
  // cache hit restores) must not start the next cycle.
  void remember_outputs() {
    m_outputs.clear();
    for (const auto& t : m_graph->tasks) {
      const Project& p = *m_ctx->workspace.find(t.project);
      const Target& target = p.targets.at(t.target);
      auto outputs = resolve_outputs(m_ctx->workspace.root, p, target,
                                     effective_options(target, t.configuration));
      if (outputs) m_outputs.insert(m_outputs.end(), outputs->begin(), outputs->end());
    }
  }

  RunOptions run_options() const;

  const WatchCmdOptions& m_o;
  std::optional<ScannedWorkspace> m_scanned;  // the last walk, until a cycle loads it
  bool m_first = true;
  std::unique_ptr<Context> m_ctx;
  std::optional<TaskGraph> m_graph;
  std::vector<OutputPath> m_outputs;
};

RunOptions CliWatchHost::run_options() const {
  RunOptions r;
  r.parallel = m_o.parallel ? m_o.parallel
                            : static_cast<size_t>(std::max(0, m_ctx->workspace.config.parallel));
  r.is_tty = is_interactive_terminal();
  r.output_style = default_output_style(r.is_tty);
  if (!m_o.output_style.empty())
    if (auto style = parse_output_style(m_o.output_style)) r.output_style = *style;
  r.workspace_root = m_ctx->workspace.root.string();
  return r;
}

bool CliWatchHost::run() {
  if (!m_graph) return false;
  FileHasher hasher(m_ctx->workspace.root, m_ctx->workspace.root / ".strata" / "file-hashes");
  hasher.use_walk_stats(&m_ctx->files);
  CacheTaskPort port(*m_ctx, *m_graph, hasher, CachePolicy{!m_o.skip_cache, true});
  FdOutputSink sink;
  RunSummary summary = run_tasks(*m_graph, port, run_options(), sink);
  if (auto saved = hasher.save(); !saved) print_warning(saved.error());
  return summary.interrupted;
}

ExitCode watch(const WatchCmdOptions& o) {
  if (!o.output_style.empty())
    if (auto style = parse_output_style(o.output_style); !style) {
      print_error(style.error());
      return ExitCode::k_usage;
    }
  auto first = scan_workspace();
  if (!first) return ExitCode::k_failure;
  std::filesystem::path root = first->root;
  CliWatchHost host(o, std::move(*first));
  StopSignal stop;
  InotifyWatcher watcher(root, stop.fd());
  WatchOptions options;
  options.initial_run = !o.no_initial_run;
  options.debounce_ms = o.debounce_ms;
  return static_cast<ExitCode>(WatchLoop(watcher, host, options).run());
}

CommandSpec watch_command() {
  return {"watch", "Rerun a target for the projects affected by each file change",
          "  strata watch -t build\n  strata watch -t test -p 'libs/*' --no-initial-run",
          [](CLI::App& sub) -> Handler {
            auto o = std::make_shared<WatchCmdOptions>();
            sub.add_option("-t,--targets,--target", o->targets, "Targets to run")->required();
            sub.add_option("-p,--projects", o->projects,
                           "Projects to watch: names, globs, or tag:TAG");
            sub.add_flag("--all", o->all, "Watch every project (the default without -p)");
            sub.add_option("--exclude", o->exclude, "Projects to leave out");
            sub.add_flag("--no-initial-run", o->no_initial_run,
                         "Wait for the first change before running");
            sub.add_option("-c,--configuration", o->configuration, "Configuration to use");
            // A number first: CLI11 reads "-1" into the unsigned count as its largest value.
            sub.add_option("--parallel", o->parallel, "Tasks to run at once (default: cores)")
                ->check(CLI::NonNegativeNumber);
            sub.add_flag("--skip-cache", o->skip_cache, "Run every task even if cached");
            sub.add_option("--output-style", o->output_style, "stream | grouped | dynamic");
            sub.add_option("--debounce", o->debounce_ms,
                           "Quiet milliseconds that end a burst of changes")
                ->check(CLI::Range(10, 10000));
            return [o] {
              if (o->all) o->projects.clear();
              return watch(*o);
            };
          }};
}

}  // namespace

std::vector<CommandSpec> watch_commands() { return {watch_command()}; }

}  // namespace strata::cli
