#pragma once
// Output styles: where task output and the closing summary go, and how they
// look. `stream` prefixes every line with its task as it arrives, `grouped`
// prints each task's output whole when it finishes, `dynamic` (a TTY only,
// progress_view.h) keeps a few live status lines under the grouped output.

#include <cstddef>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "exec/run_reporter.h"
#include "exec/run_summary.h"
#include "tasks/task_graph.h"
#include "util/result.h"

namespace strata {

// The two streams a run writes to; tests capture them in strings.
class OutputSink {
 public:
  virtual ~OutputSink() = default;
  virtual void out(std::string_view bytes) = 0;  // task output, progress, summary
  virtual void err(std::string_view bytes) = 0;  // error lines, the Ctrl-C notice
};

// The real sink: this process's stdout and stderr, unbuffered.
class FdOutputSink : public OutputSink {
 public:
  void out(std::string_view bytes) override;
  void err(std::string_view bytes) override;
};

enum class OutputStyle { k_stream, k_grouped, k_dynamic };

// "stream", "grouped" (or Nx's "static") and "dynamic"; anything else is an
// error with a suggestion.
Result<OutputStyle> parse_output_style(std::string_view name);
std::string_view to_string(OutputStyle style);

// Whether stdout is a terminal a person watches: a TTY, and no CI variable.
bool is_interactive_terminal();
// Nx's default: dynamic for a person at a terminal, stream for logs.
OutputStyle default_output_style(bool interactive);

struct ReporterOptions {
  OutputStyle style = OutputStyle::k_stream;
  bool is_tty = false;         // dynamic needs it; without it dynamic falls back to stream
  size_t terminal_width = 80;  // the dynamic view cuts its lines to fit
  Clock clock = steady_clock_ms;
};

std::unique_ptr<RunReporter> make_reporter(const TaskGraph& graph, OutputSink& sink,
                                           const ReporterOptions& options);

// Pieces shared by the styles.
// "strata: error: app:build: <what>" and its hint line, for a task that
// failed without running.
std::string task_error_text(const TaskOutcome& outcome);
// A finished task's header line, its output byte for byte, and a newline if
// the output lacked one; empty for tasks that never ran.
std::string grouped_block(const TaskOutcome& outcome);
// A blank line, one line per task, a blank line and the totals.
std::string closing_summary(const TaskGraph& graph, const RunSummary& summary);
// The notice printed on the first Ctrl-C.
std::string interrupt_notice(size_t running);

// Every line prefixed with the task's id; a partial line is held back until
// its newline arrives or the task finishes.
class StreamReporter : public RunReporter {
 public:
  StreamReporter(const TaskGraph& graph, OutputSink& sink);
  void task_started(size_t task) override {}
  void task_output(size_t task, std::string_view bytes) override;
  void task_finished(size_t task, const TaskOutcome& outcome) override;
  void interrupted(size_t running) override;
  void run_finished(const RunSummary& summary) override;

 private:
  const TaskGraph& m_graph;
  OutputSink& m_sink;
  std::vector<std::string> m_partial;  // per task: bytes after the last newline
};

// Each task's output printed whole, under a header, when it finishes.
class GroupedReporter : public RunReporter {
 public:
  GroupedReporter(const TaskGraph& graph, OutputSink& sink) : m_graph(graph), m_sink(sink) {}
  void task_started(size_t task) override {}
  void task_output(size_t task, std::string_view bytes) override {}
  void task_finished(size_t task, const TaskOutcome& outcome) override;
  void interrupted(size_t running) override;
  void run_finished(const RunSummary& summary) override;

 private:
  const TaskGraph& m_graph;
  OutputSink& m_sink;
};

}  // namespace strata
