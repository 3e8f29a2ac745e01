#pragma once
// Runs a TaskGraph: at most `parallel` tasks at once, each started only when
// all of its dependencies succeeded. Talks to the world only through its
// three interfaces (TaskPort, CommandRunner, RunReporter), so tests drive it
// with fakes.

#include <cstddef>
#include <cstdint>
#include <deque>
#include <queue>
#include <utility>
#include <vector>

#include "exec/command_runner.h"
#include "exec/run_reporter.h"
#include "exec/run_summary.h"
#include "exec/task_port.h"
#include "tasks/task_graph.h"

namespace strata {

struct SchedulerOptions {
  size_t parallel = 1;  // tasks running at once; at least 1
  bool bail = false;    // after a failure start nothing new; running tasks finish
  // Expected cost of each task (e.g. milliseconds from an earlier run), used
  // to order ready tasks; empty means every task costs 1.
  std::vector<int64_t> weights;
  // How often a task another Strata process is running is asked for again.
  int claim_retry_ms = 100;
};

// The cost of the longest chain from each task to the end of the graph
// (the task's own weight included): ready tasks start highest first, so the
// critical path is never left waiting behind short side branches.
std::vector<int64_t> remaining_path_costs(const TaskGraph& graph,
                                          const std::vector<int64_t>& weights);

class Scheduler {
 public:
  Scheduler(const TaskGraph& graph, TaskPort& port, CommandRunner& runner, RunReporter& reporter,
            SchedulerOptions options, Clock clock = steady_clock_ms);

  // Runs until every task ended or the run stopped; exit code 0, 1 (a task
  // failed) or 130 (interrupted).
  RunSummary run();

 private:
  void index_dependents();
  void check_interrupts();
  void look_up_ready();
  void retry_claims();
  void wait_for_events();
  void start_runnable();
  void start(size_t task);
  void handle(RunnerEvent event);
  void finish(size_t task, TaskStatus status);
  void release_dependents(size_t task);
  int64_t elapsed_ms(size_t task) const;
  RunSummary summarize();

  const TaskGraph& m_graph;
  TaskPort& m_port;
  CommandRunner& m_runner;
  RunReporter& m_reporter;
  SchedulerOptions m_options;
  Clock m_clock;

  // Reverse edges in one flat array: task i's dependents are
  // m_dependents[m_dependents_begin[i] .. m_dependents_begin[i + 1]).
  std::vector<size_t> m_dependents_begin;
  std::vector<size_t> m_dependents;
  std::vector<size_t> m_waiting_on;  // dependencies not finished yet
  std::vector<TaskOutcome> m_outcomes;
  std::vector<bool> m_done;
  std::vector<int64_t> m_started_ms;

  std::deque<size_t> m_ready;  // dependencies done; not looked up yet
  // Looked up, not a hit; waiting for a slot. Highest remaining path cost
  // first, then lowest task index, so the order is deterministic.
  struct ByPriority {
    const std::vector<int64_t>* cost;
    bool operator()(size_t a, size_t b) const {
      if ((*cost)[a] != (*cost)[b]) return (*cost)[a] < (*cost)[b];
      return a > b;
    }
  };
  std::vector<int64_t> m_path_cost;
  std::priority_queue<size_t, std::vector<size_t>, ByPriority> m_runnable;
  std::deque<size_t> m_to_release;  // finished; dependents not yet updated
  std::deque<size_t> m_unclaimed;   // ready, but another process runs them
  std::vector<bool> m_claimed;      // claimed from the port; released at the end
  bool m_releasing = false;
  int m_seen_interrupts = 0;
  bool m_stopping = false;
  bool m_interrupted = false;
  bool m_bailed = false;
  int64_t m_run_started_ms = 0;
};

}  // namespace strata
