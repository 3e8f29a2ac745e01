#include "exec/run.h"

#include <sys/ioctl.h>
#include <unistd.h>

#include "exec/process_runner.h"
#include "exec/scheduler.h"
#include "util/thread_pool.h"

namespace strata {

RunSummary run_tasks(const TaskGraph& graph, TaskPort& port, const RunOptions& options,
                     OutputSink& sink) {
  ReporterOptions reporter_options;
  reporter_options.style = options.output_style;
  reporter_options.is_tty = options.is_tty;
  reporter_options.terminal_width =
      options.terminal_width > 0 ? options.terminal_width : stdout_terminal_width();
  std::unique_ptr<RunReporter> reporter = make_reporter(graph, sink, reporter_options);

  ProcessRunner runner({options.workspace_root, options.kill_grace_ms});
  SchedulerOptions scheduler_options;
  scheduler_options.parallel = options.parallel > 0 ? options.parallel : default_parallelism();
  scheduler_options.bail = options.bail;
  scheduler_options.weights = options.weights;
  return Scheduler(graph, port, runner, *reporter, scheduler_options).run();
}

size_t stdout_terminal_width() {
  winsize size{};
  if (ioctl(STDOUT_FILENO, TIOCGWINSZ, &size) == 0 && size.ws_col > 0) return size.ws_col;
  return 80;
}

}  // namespace strata
