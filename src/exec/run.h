#pragma once
// The exec layer's entry point: run a task graph with real processes,
// report progress in the chosen output style, and return what happened.

#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include "exec/output.h"
#include "exec/run_summary.h"
#include "exec/task_port.h"
#include "tasks/task_graph.h"

namespace strata {

struct RunOptions {
  size_t parallel = 0;  // tasks at once; 0: the machine's cores
  bool bail = false;    // stop starting tasks after the first failure
  OutputStyle output_style = OutputStyle::k_stream;
  bool is_tty = false;         // see is_interactive_terminal()
  size_t terminal_width = 0;   // 0: ask the terminal (80 when it cannot say)
  std::string workspace_root;  // absolute; its node_modules/.bin goes on PATH
  int kill_grace_ms = 2000;    // Ctrl-C: SIGTERM, then SIGKILL after this long
  // Expected cost per task of the graph (see SchedulerOptions::weights);
  // empty: every task costs 1.
  std::vector<int64_t> weights;
};

// Runs every task of `graph` (see Scheduler for the rules), writing output
// to `sink`. On SIGINT/SIGTERM the children are stopped and the summary's
// exit code is 130; signal handlers are installed only for the call.
RunSummary run_tasks(const TaskGraph& graph, TaskPort& port, const RunOptions& options,
                     OutputSink& sink);

// Columns of the terminal on stdout, or 80 when it is not a terminal.
size_t stdout_terminal_width();

}  // namespace strata
