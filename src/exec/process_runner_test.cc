#include "exec/process_runner.h"

#include <gtest/gtest.h>
#include <signal.h>
#include <stdlib.h>

#include <chrono>
#include <filesystem>
#include <fstream>

#include "exec/test_support.h"
#include "util/temp_dir.h"

namespace strata {
namespace {

namespace fs = std::filesystem;
using exec_test::shell;

struct Finished {
  std::string output;
  int exit_code = -1;
  std::optional<Error> error;
};

// Waits for every started task; returns what each one printed and how it ended.
std::map<size_t, Finished> drain(ProcessRunner& runner) {
  std::map<size_t, Finished> done;
  while (runner.running() > 0) {
    RunnerEvent e = runner.wait(-1);
    if (e.kind == RunnerEvent::Kind::k_output) done[e.task].output += e.bytes;
    if (e.kind != RunnerEvent::Kind::k_finished) continue;
    done[e.task].exit_code = e.exit_code;
    done[e.task].error = e.error;
  }
  return done;
}

class ProcessRunnerTest : public ::testing::Test {
 protected:
  testutil::TempDir m_temp{"strata-exec-test"};

  void write_tool(const std::string& dir, const std::string& name, const std::string& says) {
    fs::create_directories(dir);
    std::ofstream(dir + "/" + name) << "#!/bin/sh\necho " << says << "\n";
    fs::permissions(dir + "/" + name, fs::perms::owner_all);
  }

  std::string m_dir = m_temp.root().string();
};

TEST_F(ProcessRunnerTest, SequentialCommandsStopAtTheFirstFailure) {
  ProcessRunner runner({m_dir});
  runner.start(0, shell({"echo one", "exit 4", "echo three"}, m_dir));
  auto done = drain(runner);
  EXPECT_EQ(done[0].output, "one\n");
  EXPECT_EQ(done[0].exit_code, 4);
}

TEST_F(ProcessRunnerTest, SequentialCommandsRunInOrder) {
  ProcessRunner runner({m_dir});
  runner.start(0, shell({"echo one", "echo two", "printf three"}, m_dir));
  auto done = drain(runner);
  EXPECT_EQ(done[0].output, "one\ntwo\nthree");
  EXPECT_EQ(done[0].exit_code, 0);
}

TEST_F(ProcessRunnerTest, ParallelCommandsRunAtTheSameTime) {
  // The first command can only succeed if the second runs while it waits.
  ProcessRunner runner({m_dir});
  runner.start(0, shell({"for i in $(seq 300); do [ -f flag ] && break; sleep 0.01; done; "
                         "[ -f flag ] && echo A",
                         "sleep 0.05; touch flag; echo B"},
                        m_dir, true));
  auto done = drain(runner);
  EXPECT_EQ(done[0].exit_code, 0);
  EXPECT_NE(done[0].output.find("A\n"), std::string::npos);
  EXPECT_NE(done[0].output.find("B\n"), std::string::npos);
}

TEST_F(ProcessRunnerTest, ParallelFailureWaitsForTheOthersAndKeepsTheFirstCode) {
  ProcessRunner runner({m_dir});
  runner.start(0, shell({"exit 2", "sleep 0.1; echo late; exit 5"}, m_dir, true));
  auto done = drain(runner);
  EXPECT_EQ(done[0].exit_code, 2);
  EXPECT_EQ(done[0].output, "late\n");
}

TEST_F(ProcessRunnerTest, LocalNodeModulesBinsComeFirstOnPath) {
  write_tool(m_dir + "/node_modules/.bin", "root-tool", "from-root");
  write_tool(m_dir + "/node_modules/.bin", "shared-tool", "root-copy");
  write_tool(m_dir + "/app/node_modules/.bin", "shared-tool", "app-copy");
  ProcessRunner runner({m_dir});
  runner.start(0, shell({"root-tool", "shared-tool"}, m_dir + "/app"));
  auto done = drain(runner);
  EXPECT_EQ(done[0].output, "from-root\napp-copy\n");
}

TEST_F(ProcessRunnerTest, TargetEnvIsAddedToTheInheritedOne) {
  const char* inherited[] = {"PATH=/usr/bin:/bin", "KEEP=kept", nullptr};
  ProcessRunner runner({m_dir, 2000, inherited});
  ResolvedCommand cmd = shell({"echo \"$KEEP $GREETING\""}, m_dir);
  cmd.env["GREETING"] = "hi";
  runner.start(3, cmd);
  auto done = drain(runner);
  EXPECT_EQ(done[3].output, "kept hi\n");
}

TEST_F(ProcessRunnerTest, ACommandThatCannotStartFailsTheTaskWithTheReason) {
  ProcessRunner runner({m_dir});
  runner.start(0, shell({"echo hi"}, m_dir + "/missing"));
  auto done = drain(runner);
  EXPECT_EQ(done[0].exit_code, 127);
  ASSERT_TRUE(done[0].error.has_value());
  EXPECT_NE(done[0].error->message.find("missing"), std::string::npos);
}

TEST_F(ProcessRunnerTest, AbortStopsRunningTasksAndSkipsTheirRemainingCommands) {
  ProcessRunner runner({m_dir});
  runner.start(0, shell({"sleep 30", "echo never"}, m_dir));
  runner.start(1, shell({"sleep 30"}, m_dir, true));
  runner.abort(false);
  auto done = drain(runner);
  EXPECT_EQ(done[0].exit_code, 128 + SIGTERM);
  EXPECT_EQ(done[0].output, "");
  EXPECT_EQ(done[1].exit_code, 128 + SIGTERM);
}

TEST_F(ProcessRunnerTest, AbortKillsAChildThatIgnoresSigtermAfterTheGracePeriod) {
  auto start = std::chrono::steady_clock::now();
  ProcessRunner runner({m_dir, 100});
  runner.start(0, shell({"trap '' TERM; echo ready; sleep 30"}, m_dir));
  // Abort only once the trap is in place, or SIGTERM would arrive first.
  while (runner.wait(-1).bytes != "ready\n") {
  }
  runner.abort(false);
  auto done = drain(runner);
  EXPECT_EQ(done[0].exit_code, 128 + SIGKILL);
  EXPECT_LT(std::chrono::steady_clock::now() - start, std::chrono::seconds(5));
}

}  // namespace
}  // namespace strata
