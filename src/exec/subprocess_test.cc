#include "exec/subprocess.h"

#include <gtest/gtest.h>
#include <signal.h>
#include <stdlib.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <filesystem>
#include <fstream>

namespace strata {
namespace {

struct Ran {
  std::string output;
  int exit_code = -1;
};

const std::vector<std::string> k_env = {"PATH=/usr/bin:/bin", "FOO=bar"};

Ran run_one(const std::string& command, const std::string& cwd = "/tmp") {
  SubprocessSet set;
  Result<Subprocess*> sub = set.add(7, command, cwd, k_env);
  EXPECT_TRUE(sub.ok()) << (sub.ok() ? "" : sub.error().str());
  Ran ran;
  while (set.running() > 0)
    set.poll(-1, [&](const Subprocess& s, std::string_view bytes) {
      EXPECT_EQ(s.tag(), 7u);
      ran.output.append(bytes);
    });
  auto finished = set.take_finished();
  EXPECT_EQ(finished.size(), 1u);
  if (!finished.empty()) ran.exit_code = finished[0]->exit_code();
  return ran;
}

TEST(Subprocess, ReportsExitCodes) {
  EXPECT_EQ(run_one("true").exit_code, 0);
  EXPECT_EQ(run_one("exit 3").exit_code, 3);
  EXPECT_EQ(run_one("exit 255").exit_code, 255);
}

TEST(Subprocess, KilledBySignalReports128PlusSignal) {
  EXPECT_EQ(run_one("kill -9 $$").exit_code, 128 + SIGKILL);
  EXPECT_EQ(run_one("kill -TERM $$").exit_code, 128 + SIGTERM);
}

TEST(Subprocess, CapturesOutputByteForByteWithoutATrailingNewline) {
  EXPECT_EQ(run_one("printf 'a\\nb'").output, "a\nb");
  EXPECT_EQ(run_one("printf '\\000\\377\\r\\n'").output, std::string("\0\xff\r\n", 4));
}

TEST(Subprocess, MergesStderrIntoStdoutInOrder) {
  EXPECT_EQ(run_one("echo out; echo err >&2; echo out2").output, "out\nerr\nout2\n");
}

TEST(Subprocess, CapturesOutputLargerThanThePipeBuffer) {
  Ran ran = run_one("head -c 1000000 /dev/zero; echo end");
  EXPECT_EQ(ran.output.size(), 1000004u);
  EXPECT_EQ(ran.output.substr(ran.output.size() - 4), "end\n");
}

TEST(Subprocess, RunsInTheGivenDirectoryWithTheGivenEnvironment) {
  std::string dir = std::filesystem::canonical(std::filesystem::temp_directory_path()).string();
  EXPECT_EQ(run_one("pwd -P", dir).output, dir + "\n");
  EXPECT_EQ(run_one("echo \"$FOO\"").output, "bar\n");
}

TEST(Subprocess, StdinIsEmpty) { EXPECT_EQ(run_one("cat; echo eof").output, "eof\n"); }

TEST(Subprocess, RunsInItsOwnProcessGroup) {
  // Field 5 of /proc/<pid>/stat is the process group.
  EXPECT_EQ(run_one("set -- $(cat /proc/$$/stat); [ \"$5\" = \"$$\" ] && echo own").output,
            "own\n");
}

TEST(Subprocess, MissingDirectoryIsAnErrorWithTheReason) {
  SubprocessSet set;
  Result<Subprocess*> sub = set.add(0, "true", "/nonexistent/dir", k_env);
  ASSERT_FALSE(sub.ok());
  EXPECT_NE(sub.error().message.find("/nonexistent/dir"), std::string::npos);
  EXPECT_NE(sub.error().message.find("No such file"), std::string::npos);
  EXPECT_EQ(set.running(), 0u);
}

TEST(Subprocess, FinishesWhenTheChildExitsEvenIfAGrandchildHoldsThePipe) {
  auto start = std::chrono::steady_clock::now();
  SubprocessSet set;
  Result<Subprocess*> sub = set.add(0, "sleep 5 & echo done", "/tmp", k_env);
  ASSERT_TRUE(sub.ok());
  pid_t group = (*sub)->pid();
  std::string out;
  while (set.running() > 0)
    set.poll(-1, [&](const Subprocess&, std::string_view b) { out.append(b); });
  EXPECT_EQ(out, "done\n");
  EXPECT_LT(std::chrono::steady_clock::now() - start, std::chrono::seconds(3));
  kill(-group, SIGKILL);  // the background sleep
}

TEST(Subprocess, SignalAllStopsEveryProcessGroup) {
  SubprocessSet set;
  ASSERT_TRUE(set.add(1, "sleep 30", "/tmp", k_env).ok());
  ASSERT_TRUE(set.add(2, "sleep 30; echo never", "/tmp", k_env).ok());
  set.signal_all(SIGTERM);
  std::string out;
  while (set.running() > 0)
    set.poll(-1, [&](const Subprocess&, std::string_view b) { out.append(b); });
  auto finished = set.take_finished();
  ASSERT_EQ(finished.size(), 2u);
  for (const auto& f : finished) EXPECT_EQ(f->exit_code(), 128 + SIGTERM);
  EXPECT_EQ(out, "");
}

TEST(Subprocess, PollTimesOutWhenNothingHappens) {
  SubprocessSet set;
  ASSERT_TRUE(set.add(1, "sleep 30", "/tmp", k_env).ok());
  set.poll(20, [](const Subprocess&, std::string_view) {});
  EXPECT_EQ(set.running(), 1u);
  EXPECT_TRUE(set.take_finished().empty());
}  // the destructor kills and reaps the sleep

// True once `pid` is gone or a zombie nobody reaps (container init).
bool process_gone(pid_t pid) {
  std::ifstream stat("/proc/" + std::to_string(pid) + "/stat");
  std::string line;
  if (!std::getline(stat, line)) return true;
  size_t paren = line.rfind(')');
  return paren + 2 < line.size() && line[paren + 2] == 'Z';
}

bool wait_until_gone(pid_t pid) {
  for (int i = 0; i < 200 && !process_gone(pid); ++i) ::usleep(50 * 1000);
  return process_gone(pid);
}

// kill -9 of Strata used to leave the task's process group running: the
// orphan went on writing outputs while the next run ran the task again.
TEST(Subprocess, TaskProcessGroupDiesWithItsSupervisor) {
  std::string dir = ::testing::TempDir() + "strata-orphan-" + std::to_string(::getpid());
  std::filesystem::create_directories(dir);
  std::string pid_file = dir + "/grandchild.pid";
  pid_t supervisor = ::fork();
  ASSERT_GE(supervisor, 0);
  if (supervisor == 0) {
    SubprocessSet set;
    auto sub = set.add(
        1, "sleep 600 & echo $! > grandchild.pid.tmp && mv grandchild.pid.tmp grandchild.pid; wait",
        dir, k_env);
    if (!sub) ::_exit(2);
    while (!std::filesystem::exists(pid_file))
      set.poll(50, [](const Subprocess&, std::string_view) {});
    ::raise(SIGKILL);  // no destructor, no cleanup: as `kill -9 strata`
  }
  int status = 0;
  ASSERT_EQ(::waitpid(supervisor, &status, 0), supervisor);
  ASSERT_TRUE(WIFSIGNALED(status)) << "supervisor exited with " << WEXITSTATUS(status);
  std::ifstream in(pid_file);
  pid_t grandchild = 0;
  in >> grandchild;
  ASSERT_GT(grandchild, 0);
  bool gone = wait_until_gone(grandchild);
  if (!gone) ::kill(grandchild, SIGKILL);
  EXPECT_TRUE(gone) << "the task's background process outlived Strata";
  std::filesystem::remove_all(dir);
}

// The command runs under a small shell wrapper; what the task sees of the
// shell is unchanged.
TEST(Subprocess, TheWatcherLeavesExitCodeAndArgumentZeroAlone) {
  Ran ran = run_one("echo $0; exit 4");
  EXPECT_EQ(ran.exit_code, 4);
  EXPECT_EQ(ran.output, "/bin/sh\n");
}

}  // namespace
}  // namespace strata
