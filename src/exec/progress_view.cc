// The status block always sits at the bottom and ends with a newline, so
// erasing it is "move up N lines, clear to the end of the screen". Every
// change writes one string (erase, new output, redraw) to keep flicker
// down. Lines are cut to the terminal width: a wrapped line would make N
// wrong and leave stale rows behind.

#include "exec/progress_view.h"

#include <fmt/format.h>

#include <algorithm>

namespace strata {

namespace {
constexpr std::string_view k_bold = "\x1b[1m";
constexpr std::string_view k_red = "\x1b[31m";
constexpr std::string_view k_reset = "\x1b[0m";
}  // namespace

ProgressView::ProgressView(const TaskGraph& graph, OutputSink& sink, size_t width, Clock clock)
    : m_graph(graph),
      m_sink(sink),
      m_width(std::max<size_t>(width, 20)),
      m_clock(std::move(clock)) {}

void ProgressView::task_started(size_t task) {
  m_running.push_back({task, m_clock()});
  redraw({});
}

void ProgressView::task_finished(size_t task, const TaskOutcome& outcome) {
  std::erase_if(m_running, [&](const Running& r) { return r.task == task; });
  ++m_done;
  if (outcome.status != TaskStatus::k_success) ++m_failed;
  if (outcome.cache == CacheStatus::k_hit) ++m_from_cache;
  std::string above = grouped_block(outcome);
  if (outcome.error) above += task_error_text(outcome);
  redraw(above);
}

void ProgressView::interrupted(size_t running) {
  // The notice goes to stderr, which shares the screen: erase first so the
  // status lines are not left half-overwritten.
  redraw({}, false);
  m_sink.err(interrupt_notice(running));
  redraw({});
}

void ProgressView::tick() { redraw({}); }

void ProgressView::run_finished(const RunSummary& summary) {
  redraw({}, false);
  m_sink.out(closing_summary(m_graph, summary));
}

std::vector<std::string> ProgressView::status_lines() const {
  std::vector<std::string> lines;
  int64_t now = m_clock();
  size_t shown = std::min(m_running.size(), k_max_running_lines);
  for (size_t i = 0; i < shown; ++i)
    lines.push_back(fit(fmt::format("  > {}  {}", m_graph.tasks[m_running[i].task].id,
                                    format_duration(now - m_running[i].started_ms))));
  if (m_running.size() > shown)
    lines.push_back(fit(fmt::format("    ... and {} more running", m_running.size() - shown)));
  std::string counts = fmt::format("  {}/{} tasks done", m_done, m_graph.tasks.size());
  if (m_failed > 0) counts += fmt::format(", {} failed", m_failed);
  if (m_from_cache > 0) counts += fmt::format(", {} from cache", m_from_cache);
  lines.push_back(fit(counts));
  return lines;
}

void ProgressView::redraw(std::string_view above, bool with_status) {
  std::string text;
  if (m_drawn_lines > 0) text = fmt::format("\x1b[{}F\x1b[J", m_drawn_lines);
  text += above;
  m_drawn_lines = 0;
  if (with_status) {
    std::vector<std::string> lines = status_lines();
    for (size_t i = 0; i < lines.size(); ++i) {
      bool last = i + 1 == lines.size();
      std::string_view color = last && m_failed > 0 ? k_red : last ? k_bold : std::string_view();
      text += color.empty() ? lines[i] : fmt::format("{}{}{}", color, lines[i], k_reset);
      text += '\n';
    }
    m_drawn_lines = lines.size();
  }
  if (!text.empty()) m_sink.out(text);
}

std::string ProgressView::fit(std::string line) const {
  if (line.size() >= m_width) line.resize(m_width - 1);
  return line;
}

}  // namespace strata
