#include "watch/inotify_watcher.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <csignal>
#include <filesystem>
#include <fstream>

#include "util/temp_dir.h"
#include "watch/stop_signal.h"

namespace strata {
namespace {

// util's TempDir with the directories the tests watch.
class TempDir : public testutil::TempDir {
 public:
  TempDir() : testutil::TempDir("strata-watch-test") {
    mkdir("a/b");
    mkdir("ignored");
  }
  void write(const std::string& rel) const { testutil::TempDir::write(rel, "x"); }
};

// The tests wait with long timeouts that only matter when they fail.
constexpr int k_patience_ms = 5000;

TEST(InotifyWatcher, WakesForAWriteInAWatchedDirectory) {
  TempDir dir;
  InotifyWatcher w(dir.root(), -1);
  ASSERT_TRUE(w.watch({"", "a", "a/b"}));
  EXPECT_EQ(w.watched(), 3u);
  dir.write("a/b/f.txt");
  EXPECT_EQ(w.wait(k_patience_ms), WaitResult::k_changed);
}

TEST(InotifyWatcher, IgnoresDirectoriesNotListed) {
  TempDir dir;
  InotifyWatcher w(dir.root(), -1);
  ASSERT_TRUE(w.watch({"a"}));
  dir.write("ignored/f.txt");
  EXPECT_EQ(w.wait(0), WaitResult::k_timeout);
}

TEST(InotifyWatcher, WatchesDirectoriesCreatedLater) {
  TempDir dir;
  InotifyWatcher w(dir.root(), -1);
  ASSERT_TRUE(w.watch({""}));
  std::filesystem::create_directories(dir.root() / "new" / "deeper");
  EXPECT_EQ(w.wait(k_patience_ms), WaitResult::k_changed);
  EXPECT_EQ(w.wait(0), WaitResult::k_timeout);
  dir.write("new/deeper/f.txt");
  EXPECT_EQ(w.wait(k_patience_ms), WaitResult::k_changed);
}

TEST(InotifyWatcher, LeavesNewNodeModulesAlone) {
  TempDir dir;
  InotifyWatcher w(dir.root(), -1);
  ASSERT_TRUE(w.watch({""}));
  std::filesystem::create_directories(dir.root() / "node_modules");
  EXPECT_EQ(w.wait(k_patience_ms), WaitResult::k_changed);
  dir.write("node_modules/f.txt");
  EXPECT_EQ(w.wait(0), WaitResult::k_timeout);
}

TEST(InotifyWatcher, ADeletedDirectoryIsForgotten) {
  TempDir dir;
  InotifyWatcher w(dir.root(), -1);
  ASSERT_TRUE(w.watch({"", "a", "a/b"}));
  std::filesystem::remove_all(dir.root() / "a");
  EXPECT_EQ(w.wait(k_patience_ms), WaitResult::k_changed);
  while (w.wait(0) == WaitResult::k_changed) {
  }
  EXPECT_EQ(w.watched(), 1u);
}

TEST(InotifyWatcher, AStopSignalEndsTheWait) {
  TempDir dir;
  StopSignal stop;
  InotifyWatcher w(dir.root(), stop.fd());
  ASSERT_TRUE(w.watch({""}));
  ::raise(SIGTERM);
  EXPECT_EQ(w.wait(k_patience_ms), WaitResult::k_stopped);
  EXPECT_EQ(stop.received(), SIGTERM);
}

}  // namespace
}  // namespace strata
