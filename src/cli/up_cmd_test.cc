// `strata up`, `ps`, `logs` and `down` run in-process on a workspace in a
// scratch directory, without starting anything: what they answer when no
// `up` runs, while one holds the workspace's lock (this test process holds
// it, as a running supervisor would), and how `logs` finds a process's log
// and refuses a name that is a path.

#include <gtest/gtest.h>
#include <unistd.h>

#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "cli/command.h"
#include "cli/command_test_support.h"
#include "supervise/log_stream.h"
#include "supervise/up_lock.h"
#include "supervise/up_state.h"
#include "util/temp_dir.h"

namespace strata::cli {
namespace {

using nlohmann::json;

using Output = testsupport::CommandOutput;

struct Workspace {
  testutil::TempDir dir;

  Workspace() { dir.write("strata.json", "{}"); }
  std::filesystem::path up() const { return up_dir(dir.root()); }

  Output run(std::vector<std::string> args) { return testsupport::run_in(dir.root(), {}, args); }
  void log(const std::string& name, const std::string& text) const {
    auto p = log_path(up() / "logs", name);
    dir.write(std::filesystem::relative(p, dir.root()).string(), text);
  }
};

UpState two_processes() {
  UpState s;
  s.supervisor_pid = ::getpid();
  s.started_at_ms = 1'765'000'000'000;
  s.phase = "running";
  s.processes = {{"orders", "service", 4242, 8101, "healthy", 2, 1'765'000'000'000},
                 {"monolith", "monolith", 0, 8000, "restarting", 5, 0}};
  return s;
}

TEST(UpCommand, PsWithoutARunningUpSaysHowToStartOne) {
  Workspace w;
  for (auto args : {std::vector<std::string>{"ps"}, std::vector<std::string>{"ps", "--json"}}) {
    Output o = w.run(args);
    EXPECT_EQ(o.code, 1);
    EXPECT_TRUE(o.out.empty()) << o.out;
    EXPECT_NE(o.err.find("strata: error: strata up is not running in this workspace"),
              std::string::npos)
        << o.err;
    EXPECT_NE(o.err.find("hint: start it with `strata up`"), std::string::npos) << o.err;
  }
}

TEST(UpCommand, AStateFileLeftByADeadUpIsNotRunning) {
  Workspace w;
  ASSERT_TRUE(save_up_state(w.up(), two_processes()));  // no one holds the lock
  Output o = w.run({"ps"});
  EXPECT_EQ(o.code, 1);
  EXPECT_NE(o.err.find("not running"), std::string::npos) << o.err;
}

TEST(UpCommand, PsShowsTheRunningUpsProcesses) {
  Workspace w;
  auto lock = UpLock::acquire(w.up());
  ASSERT_TRUE(lock) << lock.error().str();
  // Held but no state written yet: the supervisor is still starting.
  EXPECT_NE(w.run({"ps"}).err.find("not running"), std::string::npos);

  ASSERT_TRUE(save_up_state(w.up(), two_processes()));
  Output o = w.run({"ps"});
  ASSERT_EQ(o.code, 0) << o.err;
  EXPECT_EQ(o.out.rfind("NAME ", 0), 0u) << o.out;
  EXPECT_NE(o.out.find("orders"), std::string::npos);
  EXPECT_NE(o.out.find("4242"), std::string::npos);
  EXPECT_NE(o.out.find("healthy"), std::string::npos);
  // A process between runs has no pid and no uptime.
  auto monolith = o.out.substr(o.out.find("monolith"));
  EXPECT_NE(monolith.find(" - "), std::string::npos) << monolith;
  EXPECT_NE(monolith.find("restarting"), std::string::npos) << monolith;

  o = w.run({"ps", "--json"});
  ASSERT_EQ(o.code, 0) << o.err;
  json doc = json::parse(o.out);
  ASSERT_EQ(doc["processes"].size(), 2u);
  EXPECT_EQ(doc["processes"][0]["name"], "orders");
  EXPECT_EQ(doc["processes"][0]["restarts"], 2);
  EXPECT_EQ(doc["processes"][1]["pid"], 0);
}

TEST(UpCommand, ACorruptStateFileIsAnErrorNotAnEmptyTable) {
  Workspace w;
  auto lock = UpLock::acquire(w.up());
  ASSERT_TRUE(lock);
  w.dir.write(std::filesystem::relative(w.up() / "state", w.dir.root()).string(),
              "strata-up-state 1 garbage\n");
  Output o = w.run({"ps"});
  EXPECT_EQ(o.code, 1);
  EXPECT_NE(o.err.find("strata: error: "), std::string::npos);
  EXPECT_EQ(o.err.find("not running"), std::string::npos) << o.err;
  EXPECT_TRUE(o.out.empty()) << o.out;
}

TEST(UpCommand, ASecondUpIsRefusedWithTheHoldersPid) {
  Workspace w;
  auto lock = UpLock::acquire(w.up());
  ASSERT_TRUE(lock);
  for (auto args : {std::vector<std::string>{"up"}, std::vector<std::string>{"up", "--detach"}}) {
    Output o = w.run(args);
    EXPECT_EQ(o.code, 1);
    EXPECT_NE(o.err.find("strata up is already running in this workspace (pid " +
                         std::to_string(::getpid()) + ")"),
              std::string::npos)
        << o.err;
    EXPECT_NE(o.err.find("hint: see it with `strata ps`, stop it with `strata down`"),
              std::string::npos);
  }
}

TEST(UpCommand, DownWithoutARunningUpIsNotAnError) {
  Workspace w;
  Output o = w.run({"down"});
  EXPECT_EQ(o.code, 0) << o.err;
  EXPECT_EQ(o.out, "strata up is not running\n");
}

TEST(UpCommand, LogsPrintsAProcesssLogAsWritten) {
  Workspace w;
  std::string text = "line one\n\xe2\x9c\x93 utf-8\nno newline at the end";
  w.log("orders", text);
  Output o = w.run({"logs", "orders"});
  EXPECT_EQ(o.code, 0) << o.err;
  EXPECT_EQ(o.out, text);
  w.log("empty", "");
  o = w.run({"logs", "empty"});
  EXPECT_EQ(o.code, 0) << o.err;
  EXPECT_EQ(o.out, "");
}

TEST(UpCommand, LogsOfAnUnknownNameSuggestsOrListsTheKnownOnes) {
  Workspace w;
  Output o = w.run({"logs", "orders"});
  EXPECT_EQ(o.code, 1);
  EXPECT_NE(o.err.find("no log for 'orders' in "), std::string::npos) << o.err;
  EXPECT_NE(o.err.find("hint: run `strata up` first"), std::string::npos) << o.err;

  w.log("orders", "x\n");
  w.log("billing", "y\n");
  o = w.run({"logs", "ordres"});
  EXPECT_EQ(o.code, 1);
  EXPECT_NE(o.err.find("orders"), std::string::npos) << o.err;
  EXPECT_EQ(o.err.find("billing"), std::string::npos) << "a close name is suggested alone";

  o = w.run({"logs", "zzzzzzzz"});
  EXPECT_EQ(o.code, 1);
  EXPECT_NE(o.err.find("logs here:"), std::string::npos) << o.err;
  EXPECT_NE(o.err.find("billing"), std::string::npos) << o.err;
  EXPECT_NE(o.err.find("orders"), std::string::npos) << o.err;
}

TEST(UpCommand, LogsRefusesANameThatIsAPath) {
  Workspace w;
  w.log("orders", "x\n");
  w.dir.write(".strata/up/secret.log", "not a process log\n");
  w.dir.write("outside.log", "outside\n");
  for (const char* name : {"../secret", "../../../outside", "/etc/passwd", "logs/orders"}) {
    Output o = w.run({"logs", name});
    EXPECT_EQ(o.code, 1) << name;
    EXPECT_TRUE(o.out.empty()) << name << ": " << o.out;
  }
}

TEST(UpCommand, LogsNeedsAName) {
  Workspace w;
  Output o = w.run({"logs"});
  EXPECT_EQ(o.code, 2) << o.err;
}

}  // namespace
}  // namespace strata::cli
