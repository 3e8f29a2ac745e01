#include "exec/progress_view.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "exec/test_support.h"

namespace strata {
namespace {

using exec_test::make_graph;
using exec_test::StringSink;
using ::testing::ElementsAre;
using ::testing::EndsWith;
using ::testing::HasSubstr;
using ::testing::StartsWith;

class ProgressViewTest : public ::testing::Test {
 protected:
  TaskGraph m_graph = make_graph({{"lib:build", {}}, {"app:build", {}}, {"web:build", {}}});
  StringSink m_sink;
  int64_t m_now = 1000;
  ProgressView m_view{m_graph, m_sink, 40, [this] { return m_now; }};
};

TEST_F(ProgressViewTest, ShowsRunningTasksWithElapsedTimeAndCounts) {
  m_view.task_started(0);
  m_now += 1500;
  m_view.task_started(1);
  m_now += 250;
  EXPECT_THAT(m_view.status_lines(),
              ElementsAre("  > lib:build  1.8s", "  > app:build  250ms", "  0/3 tasks done"));
}

TEST_F(ProgressViewTest, FinishedOutputIsPrintedAboveTheRedrawnStatusLines) {
  m_view.task_started(0);
  std::string before = m_sink.out_text();
  EXPECT_EQ(before, "  > lib:build  0ms\n\x1b[1m  0/3 tasks done\x1b[0m\n");
  TaskOutcome done;
  done.id = "lib:build";
  done.status = TaskStatus::k_success;
  done.terminal_output = "built\n";
  m_view.task_finished(0, done);
  std::string redraw = m_sink.out_text().substr(before.size());
  // Move up over the two status lines, clear, print the output, redraw.
  EXPECT_THAT(redraw, StartsWith("\x1b[2F\x1b[J> strata run lib:build\nbuilt\n\n"));
  EXPECT_THAT(redraw, EndsWith("  1/3 tasks done\x1b[0m\n"));
}

TEST_F(ProgressViewTest, CountsFailuresAndCacheHits) {
  TaskOutcome failed;
  failed.id = "lib:build";
  failed.status = TaskStatus::k_failure;
  m_view.task_finished(0, failed);
  TaskOutcome hit;
  hit.id = "app:build";
  hit.status = TaskStatus::k_success;
  hit.cache = CacheStatus::k_hit;
  m_view.task_finished(1, hit);
  EXPECT_THAT(m_view.status_lines(), ElementsAre("  2/3 tasks done, 1 failed, 1 from cach"));
}

TEST_F(ProgressViewTest, LinesAreCutToTheTerminalWidth) {
  for (const auto& line : m_view.status_lines()) EXPECT_LT(line.size(), 40u);
}

TEST_F(ProgressViewTest, TheSummaryReplacesTheStatusLines) {
  m_view.task_started(0);
  size_t before = m_sink.out_text().size();
  RunSummary summary;
  m_view.run_finished(summary);
  std::string tail = m_sink.out_text().substr(before);
  EXPECT_THAT(tail, StartsWith("\x1b[2F\x1b[J\n"));
  EXPECT_THAT(tail, HasSubstr("Successfully ran"));
}

TEST_F(ProgressViewTest, TheInterruptNoticeIsNotDrawnOverTheStatusLines) {
  m_view.task_started(0);
  size_t before = m_sink.out_text().size();
  m_view.interrupted(1);
  EXPECT_THAT(m_sink.out_text().substr(before), StartsWith("\x1b[2F\x1b[J  > lib:build"));
  EXPECT_THAT(m_sink.err_text(), HasSubstr("interrupted"));
}

}  // namespace
}  // namespace strata
