#pragma once
// `strata watch`: wait for file events, let a burst settle, rescan, and
// hand the files that really changed (by stat, .gitignore applied, task
// outputs left out) to the host, which runs the affected tasks. The loop
// knows nothing of projects or tasks; the host (cli/watch_cmd.cc) does, so
// tests drive the loop with a fake watcher and a fake host.

#include <cstddef>
#include <optional>
#include <string>
#include <vector>

#include "watch/file_list.h"
#include "watch/file_watcher.h"

namespace strata {

// What the loop needs from the rest of strata.
class WatchHost {
 public:
  virtual ~WatchHost() = default;
  // Walks the workspace again (ignore rules applied); nullopt after
  // printing why, which ends the watch.
  virtual std::optional<FileList> scan() = 0;
  // True for a changed path that must not trigger a run: what the tasks
  // write (their declared outputs), so their own writes never loop.
  virtual bool ignored(const std::string& path) const = 0;
  // Reloads the workspace and builds the task graph for what `changed`
  // affects (everything selected when `initial`); the number of tasks, or
  // nullopt after printing why (a broken project.json: the watch goes on).
  virtual std::optional<size_t> prepare(const std::vector<std::string>& changed, bool initial) = 0;
  // Runs the prepared tasks; true when a signal interrupted them.
  virtual bool run() = 0;
  // One plain progress line ("watch: ...").
  virtual void note(const std::string& line) = 0;
};

struct WatchOptions {
  bool initial_run = true;     // run once at start, as `turbo watch` does
  int debounce_ms = 150;       // quiet time that ends a burst of events
  int max_settle_rounds = 20;  // a burst that never ends runs after this many
};

class WatchLoop {
 public:
  WatchLoop(FileWatcher& watcher, WatchHost& host, WatchOptions options = {});
  // Watches until stopped: 130 after Ctrl-C or SIGTERM (running tasks are
  // stopped first), 1 when the workspace can no longer be scanned.
  int run();

 private:
  bool rescan(std::vector<std::string>& changed);                     // false: scan failed
  bool cycle(const std::vector<std::string>& changed, bool initial);  // false: interrupted
  WaitResult settle();

  FileWatcher& m_watcher;
  WatchHost& m_host;
  WatchOptions m_options;
  FileList m_files;
};

// "watch: 2 files changed -> 3 tasks".
std::string cycle_line(size_t files, size_t tasks, bool initial);

}  // namespace strata
