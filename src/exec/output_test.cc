#include "exec/output.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "exec/test_support.h"

namespace strata {
namespace {

using exec_test::make_graph;
using exec_test::StringSink;
using ::testing::HasSubstr;
using ::testing::Not;

TaskOutcome ran(const std::string& id, std::string output, int exit_code = 0) {
  TaskOutcome t;
  t.id = id;
  t.status = exit_code == 0 ? TaskStatus::k_success : TaskStatus::k_failure;
  t.exit_code = exit_code;
  t.cache = CacheStatus::k_miss;
  t.terminal_output = std::move(output);
  return t;
}

class OutputTest : public ::testing::Test {
 protected:
  TaskGraph m_graph = make_graph({{"lib:build", {}}, {"app:build", {0}}});
  StringSink m_sink;
};

TEST_F(OutputTest, StreamPrefixesEveryLineAndHoldsPartialLinesBack) {
  StreamReporter r(m_graph, m_sink);
  r.task_output(0, "one\ntw");
  EXPECT_EQ(m_sink.out_text(), "lib:build one\n");
  r.task_output(1, "app says\n");
  r.task_output(0, "o\nthree\nfo");
  r.task_output(0, "ur");
  EXPECT_EQ(m_sink.out_text(),
            "lib:build one\napp:build app says\nlib:build two\nlib:build three\n");
  r.task_finished(0, ran("lib:build", ""));
  EXPECT_EQ(m_sink.out_text(),
            "lib:build one\napp:build app says\nlib:build two\nlib:build three\nlib:build four\n");
}

TEST_F(OutputTest, StreamKeepsCarriageReturnsAndBlankLines) {
  StreamReporter r(m_graph, m_sink);
  r.task_output(0, "a\r\n\nb\n");
  EXPECT_EQ(m_sink.out_text(), "lib:build a\r\nlib:build \nlib:build b\n");
}

TEST_F(OutputTest, GroupedPrintsEachTaskWholeUnderAHeaderWhenItFinishes) {
  GroupedReporter r(m_graph, m_sink);
  r.task_started(0);
  r.task_output(0, "ignored: the outcome holds the output");
  EXPECT_EQ(m_sink.out_text(), "");
  r.task_finished(0, ran("lib:build", "line\nno newline"));
  EXPECT_EQ(m_sink.out_text(), "> strata run lib:build\nline\nno newline\n\n");
}

TEST_F(OutputTest, GroupedMarksCacheHitsAndPrintsNothingForSkippedTasks) {
  GroupedReporter r(m_graph, m_sink);
  TaskOutcome hit = ran("lib:build", "x\n");
  hit.cache = CacheStatus::k_hit;
  hit.cache_source = CacheSource::k_remote;
  r.task_finished(0, hit);
  TaskOutcome skipped;
  skipped.id = "app:build";
  skipped.status = TaskStatus::k_skipped;
  r.task_finished(1, skipped);
  EXPECT_EQ(m_sink.out_text(), "> strata run lib:build  [remote cache]\nx\n\n");
}

TEST_F(OutputTest, TaskErrorsGoToStderrWithTheirHint) {
  GroupedReporter r(m_graph, m_sink);
  TaskOutcome failed;
  failed.id = "lib:build";
  failed.status = TaskStatus::k_failure;
  failed.error = Error("unknown executor", {"lib/project.json", 4, 5}, "use nx:run-commands");
  r.task_finished(0, failed);
  EXPECT_EQ(m_sink.err_text(),
            "strata: error: lib:build: lib/project.json:4:5: unknown executor\n"
            "  hint: use nx:run-commands\n");
  EXPECT_EQ(m_sink.out_text(), "");
}

TEST_F(OutputTest, ClosingSummaryHasOneLinePerTaskAndTheTotals) {
  RunSummary summary;
  summary.tasks = {ran("lib:build", ""), ran("web:build", "", 2)};
  summary.tasks[1].id = "website:build";
  summary.tasks[0].cache = CacheStatus::k_hit;
  summary.tasks[0].cache_source = CacheSource::k_local;
  summary.exit_code = ExitCode::k_failure;
  StreamReporter r(m_graph, m_sink);
  r.run_finished(summary);
  EXPECT_EQ(m_sink.out_text(),
            "\n"
            "  ok         lib:build      local cache  0ms\n"
            "  failed     website:build  exit code 2  0ms\n"
            "\n"
            "Ran target build for 2 projects: 1 succeeded, 1 failed\n"
            "Failed tasks:\n"
            "- website:build (exit code 2)\n");
}

TEST_F(OutputTest, PlainStylesWriteNoEscapeSequences) {
  for (OutputStyle style :
       {OutputStyle::k_stream, OutputStyle::k_grouped, OutputStyle::k_dynamic}) {
    StringSink sink;
    auto r = make_reporter(m_graph, sink, {style, false, 80});
    r->task_started(0);
    r->task_output(0, "plain\n");
    r->task_finished(0, ran("lib:build", "plain\n"));
    r->interrupted(1);
    RunSummary summary;
    summary.tasks = {ran("lib:build", "plain\n")};
    r->run_finished(summary);
    EXPECT_THAT(sink.out_text(), Not(HasSubstr("\x1b"))) << to_string(style);
    EXPECT_THAT(sink.err_text(), Not(HasSubstr("\x1b"))) << to_string(style);
    EXPECT_THAT(sink.out_text(), HasSubstr("plain\n"));
  }
}

TEST(OutputStyleName, ParsesKnownNamesAndSuggestsForTypos) {
  EXPECT_EQ(*parse_output_style("stream"), OutputStyle::k_stream);
  EXPECT_EQ(*parse_output_style("grouped"), OutputStyle::k_grouped);
  EXPECT_EQ(*parse_output_style("static"), OutputStyle::k_grouped);
  EXPECT_EQ(*parse_output_style("dynamic"), OutputStyle::k_dynamic);
  Result<OutputStyle> typo = parse_output_style("dynamc");
  ASSERT_FALSE(typo.ok());
  EXPECT_EQ(typo.error().message, "unknown output style 'dynamc'");
  EXPECT_THAT(typo.error().hint, HasSubstr("dynamic"));
}

TEST(OutputStyleName, DefaultIsDynamicOnlyForAPersonAtATerminal) {
  EXPECT_EQ(default_output_style(true), OutputStyle::k_dynamic);
  EXPECT_EQ(default_output_style(false), OutputStyle::k_stream);
}

}  // namespace
}  // namespace strata
