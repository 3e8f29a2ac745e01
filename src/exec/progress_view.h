#pragma once
// The `dynamic` output style for a person at a terminal: finished tasks'
// output scrolls by as in the grouped style, and under it a few status
// lines (the running tasks with their elapsed time, then done/total) are
// redrawn in place with ANSI escapes.

#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include "exec/output.h"

namespace strata {

class ProgressView : public RunReporter {
 public:
  ProgressView(const TaskGraph& graph, OutputSink& sink, size_t width, Clock clock);

  void task_started(size_t task) override;
  void task_output(size_t task, std::string_view bytes) override {}
  void task_finished(size_t task, const TaskOutcome& outcome) override;
  void interrupted(size_t running) override;
  int tick_interval_ms() const override { return k_tick_ms; }
  void tick() override;
  void run_finished(const RunSummary& summary) override;

  // The status lines as they would be drawn now, without escapes.
  std::vector<std::string> status_lines() const;

 private:
  static constexpr int k_tick_ms = 100;
  static constexpr size_t k_max_running_lines = 8;

  struct Running {
    size_t task;
    int64_t started_ms;
  };

  // Erases the status lines, prints `above` where they were, redraws them.
  void redraw(std::string_view above, bool with_status = true);
  std::string fit(std::string line) const;

  const TaskGraph& m_graph;
  OutputSink& m_sink;
  size_t m_width;
  Clock m_clock;
  std::vector<Running> m_running;  // in start order
  size_t m_done = 0;
  size_t m_failed = 0;
  size_t m_from_cache = 0;
  size_t m_drawn_lines = 0;  // status lines currently on screen
};

}  // namespace strata
