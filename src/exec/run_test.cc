// run_tasks end to end: real child processes, the real runner and a
// table-driven port, with output captured by a string sink.

#include "exec/run.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <signal.h>

#include <chrono>

#include "exec/test_support.h"

namespace strata {
namespace {

using exec_test::make_graph;
using exec_test::shell;
using exec_test::StringSink;
using exec_test::TablePort;
using ::testing::HasSubstr;
using ::testing::Not;

RunOptions options(OutputStyle style = OutputStyle::k_stream, size_t parallel = 2) {
  RunOptions o;
  o.parallel = parallel;
  o.output_style = style;
  o.workspace_root = "/tmp";
  o.terminal_width = 80;
  o.kill_grace_ms = 200;
  return o;
}

TEST(RunTasks, RunsRealCommandsAndReportsChildExitCodes) {
  auto graph = make_graph({{"lib:build", {}}, {"app:build", {0}}, {"tool:build", {}}});
  TablePort port;
  port.commands[0] = shell({"printf 'lib line\\npartial'"});
  port.commands[1] = shell({"echo app"});
  port.commands[2] = shell({"echo tool; exit 7"});
  StringSink sink;
  RunSummary summary = run_tasks(graph, port, options(), sink);
  EXPECT_EQ(summary.exit_code, ExitCode::k_failure);
  EXPECT_EQ(summary.tasks[0].terminal_output, "lib line\npartial");
  EXPECT_EQ(summary.tasks[2].exit_code, 7);
  EXPECT_EQ(summary.tasks[1].status, TaskStatus::k_success);
  EXPECT_THAT(sink.out_text(), HasSubstr("lib:build lib line\n"));
  EXPECT_THAT(sink.out_text(), HasSubstr("lib:build partial\n"));
  EXPECT_THAT(sink.out_text(), HasSubstr("tool:build tool\n"));
  EXPECT_THAT(sink.out_text(), HasSubstr("Ran target build for 3 projects: 2 succeeded, 1 failed\n"
                                         "Failed tasks:\n- tool:build (exit code 7)\n"));
}

TEST(RunTasks, GroupedOutputReplaysACacheHitByteForByte) {
  auto graph = make_graph({{"lib:build", {}}});
  TablePort port;
  CacheLookup hit;
  hit.status = CacheStatus::k_hit;
  hit.source = CacheSource::k_local;
  hit.terminal_output = "\x1b[32mgreen\x1b[0m\r\nno newline";
  port.hits[0] = hit;
  StringSink sink;
  RunSummary summary = run_tasks(graph, port, options(OutputStyle::k_grouped), sink);
  EXPECT_EQ(summary.exit_code, ExitCode::k_ok);
  EXPECT_THAT(sink.out_text(),
              HasSubstr("> strata run lib:build  [local cache]\n" + hit.terminal_output + "\n"));
  EXPECT_THAT(sink.out_text(),
              HasSubstr("Successfully ran target build for 1 project (1 from cache)"));
}

TEST(RunTasks, DynamicStyleWithoutATerminalFallsBackToPlainStream) {
  auto graph = make_graph({{"lib:build", {}}});
  TablePort port;
  port.default_command = shell({"echo hi"});
  StringSink sink;
  run_tasks(graph, port, options(OutputStyle::k_dynamic), sink);
  EXPECT_THAT(sink.out_text(), HasSubstr("lib:build hi\n"));
  EXPECT_THAT(sink.out_text(), Not(HasSubstr("\x1b")));
}

// Ctrl-C: the sink raises SIGINT as soon as the child has printed, so the
// signal arrives while the child runs; no sleeps, no timing assumptions.
TEST(RunTasks, InterruptStopsChildrenStartsNothingNewAndExits130) {
  auto graph = make_graph({{"a:serve", {}}, {"b:serve", {}}});
  TablePort port;
  port.commands[0] = shell({"echo started; exec sleep 30"});
  port.commands[1] = shell({"echo never"});
  StringSink sink;
  sink.on_out = [](std::string_view bytes) {
    if (bytes.find("started") != std::string_view::npos) kill(getpid(), SIGINT);
  };
  auto start = std::chrono::steady_clock::now();
  RunSummary summary = run_tasks(graph, port, options(OutputStyle::k_stream, 1), sink);
  EXPECT_LT(std::chrono::steady_clock::now() - start, std::chrono::seconds(5));
  EXPECT_EQ(summary.exit_code, ExitCode::k_interrupted);
  // Stopped by Ctrl-C is cancelled, not "failed, exit code 143".
  EXPECT_EQ(summary.tasks[0].status, TaskStatus::k_cancelled);
  EXPECT_TRUE(summary.tasks[0].stopped);
  EXPECT_EQ(summary.tasks[0].exit_code, 128 + SIGTERM);
  EXPECT_EQ(summary.tasks[1].status, TaskStatus::k_cancelled);
  EXPECT_FALSE(summary.tasks[1].stopped);
  EXPECT_TRUE(port.stored.empty()) << "nothing stored for a stopped task";
  EXPECT_THAT(sink.err_text(), HasSubstr("interrupted; stopping 1 running task"));
  EXPECT_THAT(sink.out_text(), Not(HasSubstr("never")));
}

TEST(RunTasks, InterruptKillsAChildThatIgnoresSigterm) {
  auto graph = make_graph({{"a:serve", {}}});
  TablePort port;
  port.commands[0] = shell({"trap '' TERM; echo started; sleep 30"});
  StringSink sink;
  sink.on_out = [](std::string_view bytes) {
    if (bytes.find("started") != std::string_view::npos) kill(getpid(), SIGINT);
  };
  RunSummary summary = run_tasks(graph, port, options(), sink);
  EXPECT_EQ(summary.exit_code, ExitCode::k_interrupted);
  EXPECT_EQ(summary.tasks[0].exit_code, 128 + SIGKILL);
}

TEST(RunTasks, SignalHandlersAreRestoredAfterTheRun) {
  struct sigaction before{};
  sigaction(SIGINT, nullptr, &before);
  TablePort port;
  StringSink sink;
  run_tasks(make_graph({{"a:x", {}}}), port, options(), sink);
  struct sigaction after{};
  sigaction(SIGINT, nullptr, &after);
  EXPECT_EQ(before.sa_handler, after.sa_handler);
}

}  // namespace
}  // namespace strata
