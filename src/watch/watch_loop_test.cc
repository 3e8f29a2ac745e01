#include "watch/watch_loop.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <algorithm>
#include <deque>

namespace strata {
namespace {

using ::testing::ElementsAre;
using ::testing::IsEmpty;

// Replays scripted wake-ups; an exhausted script means "stopped".
class FakeWatcher : public FileWatcher {
 public:
  std::deque<WaitResult> script;
  std::vector<std::vector<std::string>> watched;

  Status watch(const std::vector<std::string>& dirs) override {
    watched.push_back(dirs);
    return ok_status();
  }
  WaitResult wait(int) override {
    if (script.empty()) return WaitResult::k_stopped;
    WaitResult r = script.front();
    script.pop_front();
    return r;
  }
};

class FakeHost : public WatchHost {
 public:
  std::deque<FileList> scans;  // the last one repeats
  std::vector<std::string> outputs;
  std::vector<std::pair<std::vector<std::string>, bool>> prepared;
  size_t tasks_per_cycle = 1;
  bool interrupt_runs = false;
  bool fail_prepare = false;
  int runs = 0;
  std::vector<std::string> lines;

  std::optional<FileList> scan() override {
    if (scans.empty()) return std::nullopt;
    FileList f = scans.front();
    if (scans.size() > 1) scans.pop_front();
    return f;
  }
  bool ignored(const std::string& path) const override {
    return std::find(outputs.begin(), outputs.end(), path) != outputs.end();
  }
  std::optional<size_t> prepare(const std::vector<std::string>& changed, bool initial) override {
    prepared.push_back({changed, initial});
    if (fail_prepare) return std::nullopt;
    return tasks_per_cycle;
  }
  bool run() override {
    ++runs;
    return interrupt_runs;
  }
  void note(const std::string& line) override { lines.push_back(line); }
};

FileList list(std::vector<std::pair<std::string, int64_t>> files) {
  FileList f;
  for (auto& [name, mtime] : files) {
    f.files.push_back(name);
    FileStat s;
    s.mtime_ns = mtime;
    f.stats.push_back(s);
  }
  return f;
}

TEST(WatchLoop, RunsOnceAtStartThenStopsWith130) {
  FakeWatcher w;
  FakeHost h;
  h.scans = {list({{"a/x.ts", 1}})};
  EXPECT_EQ(WatchLoop(w, h).run(), 130);
  ASSERT_EQ(h.prepared.size(), 1u);
  EXPECT_TRUE(h.prepared[0].second);
  EXPECT_EQ(h.runs, 1);
  EXPECT_THAT(h.lines, ElementsAre("watch: first run -> 1 task",
                                   "watch: waiting for changes (Ctrl-C to stop)"));
}

TEST(WatchLoop, NoInitialRunWaitsForTheFirstChange) {
  FakeWatcher w;
  FakeHost h;
  h.scans = {list({{"a/x.ts", 1}})};
  EXPECT_EQ(WatchLoop(w, h, {.initial_run = false}).run(), 130);
  EXPECT_THAT(h.prepared, IsEmpty());
}

TEST(WatchLoop, RunsForTheFilesWhoseStatChanged) {
  FakeWatcher w;
  w.script = {WaitResult::k_changed, WaitResult::k_timeout};
  FakeHost h;
  h.tasks_per_cycle = 3;
  h.scans = {list({{"a/x.ts", 1}, {"b/y.ts", 1}, {"c/z.ts", 1}}),
             list({{"a/new.ts", 2}, {"a/x.ts", 2}, {"b/y.ts", 1}})};
  EXPECT_EQ(WatchLoop(w, h, {.initial_run = false}).run(), 130);
  ASSERT_EQ(h.prepared.size(), 1u);
  EXPECT_THAT(h.prepared[0].first, ElementsAre("a/new.ts", "a/x.ts", "c/z.ts"));
  EXPECT_FALSE(h.prepared[0].second);
  EXPECT_THAT(h.lines, ElementsAre("watch: waiting for changes (Ctrl-C to stop)",
                                   "watch: 3 files changed -> 3 tasks",
                                   "watch: waiting for changes (Ctrl-C to stop)"));
}

TEST(WatchLoop, AWakeUpWithoutAChangedFileRunsNothing) {
  FakeWatcher w;
  w.script = {WaitResult::k_changed, WaitResult::k_timeout};  // e.g. an ignored file was written
  FakeHost h;
  h.scans = {list({{"a/x.ts", 1}})};
  EXPECT_EQ(WatchLoop(w, h, {.initial_run = false}).run(), 130);
  EXPECT_THAT(h.prepared, IsEmpty());
}

TEST(WatchLoop, TaskOutputsDoNotTriggerARun) {
  FakeWatcher w;
  w.script = {WaitResult::k_changed, WaitResult::k_timeout};
  FakeHost h;
  h.outputs = {"a/dist/out.js"};
  h.scans = {list({{"a/x.ts", 1}}), list({{"a/dist/out.js", 5}, {"a/x.ts", 1}})};
  EXPECT_EQ(WatchLoop(w, h, {.initial_run = false}).run(), 130);
  EXPECT_THAT(h.prepared, IsEmpty());
}

TEST(WatchLoop, ABurstOfEventsIsOneCycle) {
  FakeWatcher w;
  w.script = {WaitResult::k_changed, WaitResult::k_changed, WaitResult::k_changed,
              WaitResult::k_timeout};
  FakeHost h;
  h.scans = {list({{"a/x.ts", 1}}), list({{"a/x.ts", 2}})};
  EXPECT_EQ(WatchLoop(w, h, {.initial_run = false}).run(), 130);
  EXPECT_EQ(h.prepared.size(), 1u);
}

TEST(WatchLoop, AStopDuringTheSettleEndsTheWatch) {
  FakeWatcher w;
  w.script = {WaitResult::k_changed, WaitResult::k_stopped, WaitResult::k_changed};
  FakeHost h;
  h.scans = {list({{"a/x.ts", 1}}), list({{"a/x.ts", 2}})};
  EXPECT_EQ(WatchLoop(w, h, {.initial_run = false}).run(), 130);
  EXPECT_THAT(h.prepared, IsEmpty());
}

TEST(WatchLoop, AnInterruptedRunEndsTheWatch) {
  FakeWatcher w;
  w.script = {WaitResult::k_changed, WaitResult::k_timeout, WaitResult::k_changed,
              WaitResult::k_timeout};
  FakeHost h;
  h.interrupt_runs = true;
  h.scans = {list({{"a/x.ts", 1}}), list({{"a/x.ts", 2}}), list({{"a/x.ts", 3}})};
  EXPECT_EQ(WatchLoop(w, h, {.initial_run = false}).run(), 130);
  EXPECT_EQ(h.runs, 1);
}

TEST(WatchLoop, AFailedPrepareKeepsWatching) {
  FakeWatcher w;
  w.script = {WaitResult::k_changed, WaitResult::k_timeout, WaitResult::k_changed,
              WaitResult::k_timeout};
  FakeHost h;
  h.fail_prepare = true;
  h.scans = {list({{"a/project.json", 1}}), list({{"a/project.json", 2}}),
             list({{"a/project.json", 3}})};
  EXPECT_EQ(WatchLoop(w, h, {.initial_run = false}).run(), 130);
  EXPECT_EQ(h.prepared.size(), 2u);
  EXPECT_EQ(h.runs, 0);
}

TEST(WatchLoop, NewDirectoriesAreWatchedAfterTheRescan) {
  FakeWatcher w;
  w.script = {WaitResult::k_changed, WaitResult::k_timeout};
  FakeHost h;
  h.scans = {list({{"a/x.ts", 1}}), list({{"a/x.ts", 1}, {"b/c/y.ts", 1}})};
  EXPECT_EQ(WatchLoop(w, h, {.initial_run = false}).run(), 130);
  ASSERT_EQ(w.watched.size(), 2u);
  EXPECT_THAT(w.watched[0], ElementsAre("", "a"));
  EXPECT_THAT(w.watched[1], ElementsAre("", "a", "b", "b/c"));
}

TEST(WatchLoop, AFailedScanEndsWithFailure) {
  FakeWatcher w;
  FakeHost h;
  EXPECT_EQ(WatchLoop(w, h).run(), 1);
}

TEST(WatchLoop, CycleLineCountsFilesAndTasks) {
  EXPECT_EQ(cycle_line(2, 3, false), "watch: 2 files changed -> 3 tasks");
  EXPECT_EQ(cycle_line(1, 1, false), "watch: 1 file changed -> 1 task");
  EXPECT_EQ(cycle_line(0, 0, true), "watch: first run -> 0 tasks");
}

}  // namespace
}  // namespace strata
