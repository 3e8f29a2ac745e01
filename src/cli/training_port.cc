#include "cli/training_port.h"

#include <algorithm>

#include "cache/local_store.h"
#include "cache/run_record.h"
#include "cli/cache_port.h"
#include "exec/run.h"
#include "files/file_hasher.h"
#include "tasks/task_graph.h"
#include "util/diagnostics.h"

namespace strata::cli {

namespace {

class StderrSink : public OutputSink {
 public:
  void out(std::string_view b) override { m_fd.err(b); }
  void err(std::string_view b) override { m_fd.err(b); }

 private:
  FdOutputSink m_fd;
};

ml::TargetOutcome outcome_of(const TaskGraph& g, size_t i, const TaskOutcome& t,
                             const std::string& key, const std::string& previous) {
  ml::TargetOutcome o;
  o.model = g.tasks[i].project;
  o.target = g.tasks[i].target;
  o.key = key;
  o.duration_ms = t.duration_ms;
  if (t.status != TaskStatus::k_success)
    o.result = ml::RunResult::k_failed;
  else if (t.cache == CacheStatus::k_hit && key == previous)
    o.result = ml::RunResult::k_skipped;
  else if (t.cache == CacheStatus::k_hit) {
    o.result = ml::RunResult::k_restored;
    o.source = std::string(to_string(t.cache_source));
  } else
    o.result = ml::RunResult::k_ran;
  return o;
}

}  // namespace

std::vector<ml::ModelProject> model_projects(const Workspace& ws) {
  std::vector<ml::ModelProject> out;
  for (const auto& p : ws.projects)
    if (std::find(p.tags.begin(), p.tags.end(), "type:model") != p.tags.end())
      out.push_back({p.name, ws.root / p.root});
  return out;
}

std::string TaskTrainingPort::last_key(const std::string& model, const std::string& target) {
  RunRecords records(LocalStore::for_workspace(m_ctx.workspace).directory());
  auto record = records.load(model + ":" + target);
  return record ? record->hash.digest.hex() : std::string();
}

Result<std::vector<ml::TargetOutcome>> TaskTrainingPort::run(const std::vector<std::string>& models,
                                                             const std::string& target) {
  const Workspace& ws = m_ctx.workspace;
  TaskRequest request;
  request.projects = models;
  request.targets = {target};
  request.require_targets = true;
  auto g = build_task_graph(ws, m_ctx.graph, request);
  if (!g) return g.error();
  std::vector<std::string> previous(g->tasks.size());
  for (size_t i : g->requested) previous[i] = last_key(g->tasks[i].project, g->tasks[i].target);
  FileHasher hasher(ws.root, ws.root / ".strata" / "file-hashes");
  if (m_first_run) hasher.use_walk_stats(&m_ctx.files);
  m_first_run = false;
  CacheTaskPort port(m_ctx, *g, hasher, CachePolicy{!m_skip_cache, true});
  RunOptions options;
  options.parallel = static_cast<size_t>(std::max(0, ws.config.parallel));
  options.is_tty = !m_quiet_stdout && is_interactive_terminal();
  options.output_style = default_output_style(options.is_tty);
  options.workspace_root = ws.root.string();
  FdOutputSink fd;
  StderrSink quiet;
  OutputSink& sink = m_quiet_stdout ? static_cast<OutputSink&>(quiet) : fd;
  RunSummary summary = run_tasks(*g, port, options, sink);
  port.finish(summary.exit_code == ExitCode::k_interrupted);
  if (auto saved = hasher.save(); !saved) print_warning(saved.error());
  if (summary.exit_code == ExitCode::k_interrupted) return Error("interrupted");
  std::vector<ml::TargetOutcome> out;
  for (size_t i : g->requested) {
    std::string key = i < port.hashes().size() ? port.hashes()[i].hex() : std::string();
    out.push_back(outcome_of(*g, i, summary.tasks[i], key, previous[i]));
  }
  return out;
}

}  // namespace strata::cli
