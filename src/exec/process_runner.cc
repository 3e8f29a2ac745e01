// A task's commands map onto subprocesses tagged with the task's index.
// Sequential commands start one after another from the exit handler, so
// nothing blocks; parallel ones all start at once and the task ends when the
// last one is reaped, with the first non-zero exit code as its own. Output
// is forwarded as events in the order it was read; the scheduler keeps the
// task's whole output.

#include "exec/process_runner.h"

#include <unistd.h>

#include <algorithm>
#include <csignal>

#include "exec/child_env.h"
#include "exec/run_reporter.h"

namespace strata {

namespace {
// Exit code of a task stopped before all of its commands ran.
constexpr int k_interrupted_exit = 130;
}  // namespace

ProcessRunner::ProcessRunner(ProcessRunnerOptions options) : m_options(std::move(options)) {
  if (!m_options.inherited_env) m_options.inherited_env = environ;
}

void ProcessRunner::start(size_t task, const ResolvedCommand& command) {
  ++m_unreported;
  TaskRun& run = m_tasks[task];
  run.command = command;
  run.env =
      build_child_env(m_options.inherited_env, command.env, command.cwd, m_options.workspace_root);
  size_t count = command.parallel ? command.commands.size() : 1;
  for (size_t i = 0; i < count && run.next < command.commands.size(); ++i) spawn_next(task, run);
  finish_if_done(task);
}

void ProcessRunner::spawn_next(size_t task, TaskRun& run) {
  const std::string& cmd = run.command.commands[run.next++];
  Result<Subprocess*> sub = m_set.add(task, cmd, run.command.cwd, run.env);
  if (sub) {
    ++run.live;
    return;
  }
  if (!run.error) run.error = std::move(sub.error());
  if (run.exit_code == 0) run.exit_code = 127;  // the shell's "cannot run" code
}

RunnerEvent ProcessRunner::wait(int timeout_ms) {
  if (m_events.empty() && !m_tasks.empty()) {
    m_set.poll(poll_timeout(timeout_ms), [&](const Subprocess& sub, std::string_view bytes) {
      RunnerEvent event;
      event.kind = RunnerEvent::Kind::k_output;
      event.task = sub.tag();
      event.bytes = bytes;
      m_events.push_back(std::move(event));
    });
    for (const auto& sub : m_set.take_finished()) on_exit(*sub);
    if (m_kill_at_ms && !m_killed && steady_clock_ms() >= *m_kill_at_ms) abort(true);
  }
  if (m_events.empty()) return {};
  RunnerEvent event = std::move(m_events.front());
  m_events.pop_front();
  if (event.kind == RunnerEvent::Kind::k_finished) --m_unreported;
  return event;
}

int ProcessRunner::poll_timeout(int timeout_ms) const {
  if (!m_kill_at_ms || m_killed) return timeout_ms;
  int left = static_cast<int>(std::max<int64_t>(0, *m_kill_at_ms - steady_clock_ms()));
  return timeout_ms < 0 ? left : std::min(timeout_ms, left);
}

void ProcessRunner::on_exit(const Subprocess& sub) {
  TaskRun& run = m_tasks.at(sub.tag());
  --run.live;
  if (sub.exit_code() != 0 && run.exit_code == 0) run.exit_code = sub.exit_code();
  bool more = run.next < run.command.commands.size();
  if (!run.command.parallel && more && run.exit_code == 0 && !run.error) {
    if (m_aborting)
      run.exit_code = k_interrupted_exit;
    else
      spawn_next(sub.tag(), run);
  }
  finish_if_done(sub.tag());
}

void ProcessRunner::finish_if_done(size_t task) {
  auto it = m_tasks.find(task);
  if (it == m_tasks.end() || it->second.live > 0) return;
  RunnerEvent event;
  event.kind = RunnerEvent::Kind::k_finished;
  event.task = task;
  event.exit_code = it->second.exit_code;
  event.error = std::move(it->second.error);
  m_events.push_back(std::move(event));
  m_tasks.erase(it);
}

void ProcessRunner::abort(bool force) {
  m_aborting = true;
  if (force || m_options.kill_grace_ms <= 0) {
    m_set.signal_all(SIGKILL);
    m_killed = true;
  } else if (!m_kill_at_ms) {
    m_set.signal_all(SIGTERM);
    m_kill_at_ms = steady_clock_ms() + m_options.kill_grace_ms;
  }
}

}  // namespace strata
