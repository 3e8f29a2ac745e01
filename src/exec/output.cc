// The plain output styles. They never write escape sequences: what they
// print is what a log file should hold. Task output is passed through
// untouched apart from the stream style's line prefixes, so a cache hit
// shows exactly the bytes that were recorded.

#include "exec/output.h"

#include <fmt/format.h>
#include <unistd.h>

#include <cerrno>
#include <cstdlib>
#include <cstring>

#include "exec/progress_view.h"
#include "util/suggest.h"

namespace strata {

namespace {

void write_all(int fd, std::string_view bytes) {
  while (!bytes.empty()) {
    ssize_t n = ::write(fd, bytes.data(), bytes.size());
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) return;  // a closed pipe: nobody is reading any more
    bytes.remove_prefix(static_cast<size_t>(n));
  }
}

struct StyleName {
  std::string_view name;
  OutputStyle style;
};
constexpr StyleName k_style_names[] = {
    {"stream", OutputStyle::k_stream},
    {"grouped", OutputStyle::k_grouped},
    {"static", OutputStyle::k_grouped},
    {"dynamic", OutputStyle::k_dynamic},
};

}  // namespace

void FdOutputSink::out(std::string_view bytes) { write_all(STDOUT_FILENO, bytes); }
void FdOutputSink::err(std::string_view bytes) { write_all(STDERR_FILENO, bytes); }

Result<OutputStyle> parse_output_style(std::string_view name) {
  std::vector<std::string> names;
  for (const auto& entry : k_style_names) {
    if (entry.name == name) return entry.style;
    names.emplace_back(entry.name);
  }
  std::string hint = did_you_mean(name, names);
  if (hint.empty()) hint = "use one of: stream, grouped, dynamic";
  return Error(fmt::format("unknown output style '{}'", name), SourceLoc{}, hint);
}

std::string_view to_string(OutputStyle style) {
  switch (style) {
    case OutputStyle::k_stream:
      return "stream";
    case OutputStyle::k_grouped:
      return "grouped";
    case OutputStyle::k_dynamic:
      return "dynamic";
  }
  return "?";
}

bool is_interactive_terminal() {
  const char* ci = std::getenv("CI");
  bool in_ci = ci && *ci && std::strcmp(ci, "0") != 0 && std::strcmp(ci, "false") != 0;
  return isatty(STDOUT_FILENO) && !in_ci;
}

OutputStyle default_output_style(bool interactive) {
  return interactive ? OutputStyle::k_dynamic : OutputStyle::k_stream;
}

std::unique_ptr<RunReporter> make_reporter(const TaskGraph& graph, OutputSink& sink,
                                           const ReporterOptions& options) {
  switch (options.style) {
    case OutputStyle::k_dynamic:
      if (options.is_tty)
        return std::make_unique<ProgressView>(graph, sink, options.terminal_width, options.clock);
      return std::make_unique<StreamReporter>(graph, sink);
    case OutputStyle::k_grouped:
      return std::make_unique<GroupedReporter>(graph, sink);
    case OutputStyle::k_stream:
      return std::make_unique<StreamReporter>(graph, sink);
  }
  return std::make_unique<StreamReporter>(graph, sink);
}

std::string task_error_text(const TaskOutcome& outcome) {
  if (!outcome.error) return {};
  std::string text = fmt::format("strata: error: {}: {}\n", outcome.id, outcome.error->str());
  if (!outcome.error->hint.empty()) text += fmt::format("  hint: {}\n", outcome.error->hint);
  return text;
}

std::string grouped_block(const TaskOutcome& outcome) {
  bool ran = outcome.status == TaskStatus::k_success || outcome.status == TaskStatus::k_failure;
  if (!ran || outcome.error) return {};
  std::string text = "> strata run " + outcome.id;
  if (outcome.cache == CacheStatus::k_hit)
    text += fmt::format("  [{} cache]", to_string(outcome.cache_source));
  text += "\n";
  text += outcome.terminal_output;
  if (!outcome.terminal_output.empty() && outcome.terminal_output.back() != '\n') text += "\n";
  return text + "\n";
}

std::string closing_summary(const TaskGraph& graph, const RunSummary& summary) {
  std::string text = "\n";
  size_t width = widest_id(summary);
  for (size_t i = 0; i < summary.tasks.size(); ++i) text += outcome_line(summary, i, width) + "\n";
  return text + "\n" + totals_text(graph, summary);
}

std::string interrupt_notice(size_t running) {
  return fmt::format(
      "strata: interrupted; stopping {} running task{} (Ctrl-C again to kill them at once)\n",
      running, running == 1 ? "" : "s");
}

StreamReporter::StreamReporter(const TaskGraph& graph, OutputSink& sink)
    : m_graph(graph), m_sink(sink), m_partial(graph.tasks.size()) {}

void StreamReporter::task_output(size_t task, std::string_view bytes) {
  std::string& pending = m_partial[task];
  std::string text;
  size_t newline;
  while ((newline = bytes.find('\n')) != std::string_view::npos) {
    text += m_graph.tasks[task].id;
    text += ' ';
    text += pending;
    text.append(bytes.data(), newline + 1);
    pending.clear();
    bytes.remove_prefix(newline + 1);
  }
  pending.append(bytes);
  if (!text.empty()) m_sink.out(text);
}

void StreamReporter::task_finished(size_t task, const TaskOutcome& outcome) {
  std::string& pending = m_partial[task];
  if (!pending.empty()) {
    m_sink.out(m_graph.tasks[task].id + " " + pending + "\n");
    pending.clear();
  }
  if (outcome.error) m_sink.err(task_error_text(outcome));
}

void StreamReporter::interrupted(size_t running) { m_sink.err(interrupt_notice(running)); }

void StreamReporter::run_finished(const RunSummary& summary) {
  m_sink.out(closing_summary(m_graph, summary));
}

void GroupedReporter::task_finished(size_t task, const TaskOutcome& outcome) {
  if (std::string block = grouped_block(outcome); !block.empty()) m_sink.out(block);
  if (outcome.error) m_sink.err(task_error_text(outcome));
}

void GroupedReporter::interrupted(size_t running) { m_sink.err(interrupt_notice(running)); }

void GroupedReporter::run_finished(const RunSummary& summary) {
  m_sink.out(closing_summary(m_graph, summary));
}

}  // namespace strata
