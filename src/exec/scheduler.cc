// The scheduler is one loop on one thread, like ninja's Builder: look up
// every ready task in the cache (hits are replayed at once and free their
// dependents), start misses while slots are free, then block in the runner
// for the next event. Lookups happen as soon as a task's dependencies are
// done rather than when a slot opens, so a chain of hits never waits behind
// running work. A failure marks its dependents skipped; --bail and Ctrl-C
// stop new starts, and whatever never started ends as cancelled, like the
// tasks Ctrl-C stopped. A task another Strata process is running (its
// claim fails) waits aside and is asked for again on every wake-up.
// Misses wait for a slot in order of the longest remaining path through
// their dependents (ninja's critical-path order): with first-in first-out a
// long chain could start last and finish long after the side work.

#include "exec/scheduler.h"

#include <algorithm>
#include <chrono>
#include <thread>

namespace strata {

int64_t steady_clock_ms() {
  using namespace std::chrono;
  return duration_cast<milliseconds>(steady_clock::now().time_since_epoch()).count();
}

Scheduler::Scheduler(const TaskGraph& graph, TaskPort& port, CommandRunner& runner,
                     RunReporter& reporter, SchedulerOptions options, Clock clock)
    : m_graph(graph),
      m_port(port),
      m_runner(runner),
      m_reporter(reporter),
      m_options(options),
      m_clock(std::move(clock)),
      m_path_cost(remaining_path_costs(graph, m_options.weights)),
      m_runnable(ByPriority{&m_path_cost}) {
  if (m_options.parallel == 0) m_options.parallel = 1;
  size_t n = graph.tasks.size();
  m_outcomes.resize(n);
  m_done.assign(n, false);
  m_started_ms.assign(n, 0);
  m_claimed.assign(n, false);
  m_waiting_on.resize(n);
  for (size_t i = 0; i < n; ++i) {
    m_outcomes[i].id = graph.tasks[i].id;
    m_waiting_on[i] = graph.tasks[i].deps.size();
    if (m_waiting_on[i] == 0) m_ready.push_back(i);
  }
  index_dependents();
}

void Scheduler::index_dependents() {
  size_t n = m_graph.tasks.size();
  m_dependents_begin.assign(n + 1, 0);
  for (const Task& t : m_graph.tasks)
    for (size_t dep : t.deps) ++m_dependents_begin[dep + 1];
  for (size_t i = 0; i < n; ++i) m_dependents_begin[i + 1] += m_dependents_begin[i];
  m_dependents.resize(m_dependents_begin[n]);
  std::vector<size_t> fill(m_dependents_begin.begin(), m_dependents_begin.end() - 1);
  for (size_t i = 0; i < n; ++i)
    for (size_t dep : m_graph.tasks[i].deps) m_dependents[fill[dep]++] = i;
}

// Dependents are visited before their dependencies (Kahn's order on the
// reversed edges), so each task's cost is final when it is read. Tasks on a
// cycle (which a task graph should not have) keep their own weight.
std::vector<int64_t> remaining_path_costs(const TaskGraph& graph,
                                          const std::vector<int64_t>& weights) {
  size_t n = graph.tasks.size();
  auto weight = [&](size_t i) { return i < weights.size() ? std::max<int64_t>(weights[i], 1) : 1; };
  std::vector<int64_t> cost(n);
  std::vector<size_t> dependents_left(n, 0);
  for (const Task& t : graph.tasks)
    for (size_t dep : t.deps) ++dependents_left[dep];
  std::vector<size_t> ready;
  for (size_t i = 0; i < n; ++i) {
    cost[i] = weight(i);
    if (dependents_left[i] == 0) ready.push_back(i);
  }
  while (!ready.empty()) {
    size_t task = ready.back();
    ready.pop_back();
    for (size_t dep : graph.tasks[task].deps) {
      cost[dep] = std::max(cost[dep], weight(dep) + cost[task]);
      if (--dependents_left[dep] == 0) ready.push_back(dep);
    }
  }
  return cost;
}

RunSummary Scheduler::run() {
  m_run_started_ms = m_clock();
  for (;;) {
    check_interrupts();
    if (!m_stopping) {
      retry_claims();
      look_up_ready();
      start_runnable();
      if (!m_stopping && !m_ready.empty()) continue;
    }
    bool waiting = !m_stopping && !m_unclaimed.empty();
    if (m_runner.running() == 0 && !waiting) break;
    wait_for_events();
  }
  RunSummary summary = summarize();
  m_reporter.run_finished(summary);
  return summary;
}

void Scheduler::check_interrupts() {
  int n = m_runner.interrupts();
  if (n <= m_seen_interrupts) return;
  bool first = m_seen_interrupts == 0;
  m_seen_interrupts = n;
  if (first) {
    m_interrupted = m_stopping = true;
    m_reporter.interrupted(m_runner.running());
  }
  // A second Ctrl-C means "now": skip the grace period.
  m_runner.abort(!first);
}

void Scheduler::wait_for_events() {
  int timeout = m_reporter.tick_interval_ms();
  if (!m_stopping && !m_unclaimed.empty()) {
    timeout = timeout < 0 ? m_options.claim_retry_ms : std::min(timeout, m_options.claim_retry_ms);
    if (m_runner.running() == 0) {
      // Nothing of ours runs: only the other process can make progress.
      std::this_thread::sleep_for(std::chrono::milliseconds(timeout));
      return;
    }
  }
  handle(m_runner.wait(timeout));
}

void Scheduler::retry_claims() {
  for (size_t i = m_unclaimed.size(); i-- > 0;) {
    size_t task = m_unclaimed.front();
    m_unclaimed.pop_front();
    if (m_port.try_claim(task)) {
      m_claimed[task] = true;
      m_ready.push_back(task);
    } else {
      m_unclaimed.push_back(task);
    }
  }
}

void Scheduler::look_up_ready() {
  while (!m_stopping && !m_ready.empty()) {
    size_t task = m_ready.front();
    m_ready.pop_front();
    if (!m_claimed[task]) {
      if (!m_port.try_claim(task)) {
        m_unclaimed.push_back(task);
        continue;
      }
      m_claimed[task] = true;
    }
    m_started_ms[task] = m_clock();
    Result<CacheLookup> found = m_port.lookup(task);
    TaskOutcome& out = m_outcomes[task];
    if (!found) {
      out.error = std::move(found.error());
      out.duration_ms = elapsed_ms(task);
      finish(task, TaskStatus::k_failure);
      continue;
    }
    out.looked_up = true;
    out.cache = found->status;
    if (found->status != CacheStatus::k_hit) {
      m_runnable.push(task);
      continue;
    }
    out.cache_source = found->source;
    out.exit_code = found->exit_code;
    out.terminal_output = std::move(found->terminal_output);
    m_reporter.task_started(task);
    if (!out.terminal_output.empty()) m_reporter.task_output(task, out.terminal_output);
    out.duration_ms = elapsed_ms(task);
    finish(task, out.exit_code == 0 ? TaskStatus::k_success : TaskStatus::k_failure);
  }
}

void Scheduler::start_runnable() {
  while (!m_stopping && !m_runnable.empty() && m_runner.running() < m_options.parallel) {
    size_t task = m_runnable.top();
    m_runnable.pop();
    start(task);
  }
}

void Scheduler::start(size_t task) {
  m_started_ms[task] = m_clock();
  Result<ResolvedCommand> command = m_port.command(task);
  if (!command) {
    m_outcomes[task].error = std::move(command.error());
    m_outcomes[task].duration_ms = elapsed_ms(task);
    finish(task, TaskStatus::k_failure);
    return;
  }
  m_reporter.task_started(task);
  if (command->noop || command->commands.empty()) {
    m_outcomes[task].duration_ms = elapsed_ms(task);
    finish(task, TaskStatus::k_success);
    return;
  }
  m_runner.start(task, *command);
}

void Scheduler::handle(RunnerEvent event) {
  switch (event.kind) {
    case RunnerEvent::Kind::k_idle:
      m_reporter.tick();
      return;
    case RunnerEvent::Kind::k_output:
      m_outcomes[event.task].terminal_output += event.bytes;
      m_reporter.task_output(event.task, event.bytes);
      return;
    case RunnerEvent::Kind::k_finished: {
      TaskOutcome& out = m_outcomes[event.task];
      out.exit_code = event.exit_code;
      out.error = std::move(event.error);
      out.status =
          event.exit_code == 0 && !out.error ? TaskStatus::k_success : TaskStatus::k_failure;
      out.duration_ms = elapsed_ms(event.task);
      // Stopped by Ctrl-C (exit 130, 143, ...): the task did not fail, the
      // run was cancelled under it.
      if (m_interrupted && out.status == TaskStatus::k_failure && !out.error) {
        out.status = TaskStatus::k_cancelled;
        out.stopped = true;
      }
      if (out.status != TaskStatus::k_cancelled) {
        if (Status stored = m_port.store(event.task, out); !stored) {
          out.error = std::move(stored.error());
          out.status = TaskStatus::k_failure;
        }
      }
      finish(event.task, out.status);
      return;
    }
  }
}

void Scheduler::finish(size_t task, TaskStatus status) {
  TaskOutcome& out = m_outcomes[task];
  out.status = status;
  m_done[task] = true;
  if (m_claimed[task]) {
    m_claimed[task] = false;
    m_port.release(task);
  }
  m_reporter.task_finished(task, out);
  if (status == TaskStatus::k_failure && m_options.bail && !m_stopping)
    m_bailed = m_stopping = true;
  // Releasing dependents can finish more tasks (skips); a work list instead
  // of recursion keeps a long chain of skips off the stack.
  m_to_release.push_back(task);
  if (m_releasing) return;
  m_releasing = true;
  while (!m_to_release.empty()) {
    size_t next = m_to_release.front();
    m_to_release.pop_front();
    release_dependents(next);
  }
  m_releasing = false;
}

int64_t Scheduler::elapsed_ms(size_t task) const { return m_clock() - m_started_ms[task]; }

// A dependent becomes ready when its last dependency ends; if any of them
// did not succeed it is skipped instead.
void Scheduler::release_dependents(size_t task) {
  const TaskOutcome& out = m_outcomes[task];
  bool ok = out.status == TaskStatus::k_success;
  size_t root = out.blocked_by.value_or(task);
  for (size_t i = m_dependents_begin[task]; i < m_dependents_begin[task + 1]; ++i) {
    size_t dependent = m_dependents[i];
    TaskOutcome& dep_out = m_outcomes[dependent];
    if (!ok && !dep_out.blocked_by) dep_out.blocked_by = root;
    if (--m_waiting_on[dependent] > 0) continue;
    if (dep_out.blocked_by)
      finish(dependent, TaskStatus::k_skipped);
    else
      m_ready.push_back(dependent);
  }
}

RunSummary Scheduler::summarize() {
  for (size_t i = 0; i < m_outcomes.size(); ++i) {
    if (m_done[i]) continue;
    m_outcomes[i].status = TaskStatus::k_cancelled;
    m_done[i] = true;
    m_reporter.task_finished(i, m_outcomes[i]);
  }
  RunSummary summary;
  summary.tasks = std::move(m_outcomes);
  summary.interrupted = m_interrupted;
  summary.bailed = m_bailed;
  summary.duration_ms = m_clock() - m_run_started_ms;
  bool failed = summary.count(TaskStatus::k_success) != summary.tasks.size();
  summary.exit_code = m_interrupted ? ExitCode::k_interrupted
                      : failed      ? ExitCode::k_failure
                                    : ExitCode::k_ok;
  return summary;
}

}  // namespace strata
