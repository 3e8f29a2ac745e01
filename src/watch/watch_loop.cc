// The files that changed are found by comparing two walks, not by reading
// event names: a walk applies the ignore rules exactly as every other
// command does, and it cannot miss what an overflowed event queue dropped.
// The baseline is taken before the tasks run, so an edit made while they
// run triggers the next cycle, while their own writes (declared outputs)
// are filtered out by the host.

#include "watch/watch_loop.h"

#include <algorithm>

namespace strata {

namespace {

constexpr int k_exit_interrupted = 130;
constexpr int k_exit_failure = 1;

std::string plural(size_t n, const char* word) {
  return std::to_string(n) + " " + word + (n == 1 ? "" : "s");
}

}  // namespace

std::string cycle_line(size_t files, size_t tasks, bool initial) {
  std::string what = initial ? "first run" : plural(files, "file") + " changed";
  return "watch: " + what + " -> " + plural(tasks, "task");
}

WatchLoop::WatchLoop(FileWatcher& watcher, WatchHost& host, WatchOptions options)
    : m_watcher(watcher), m_host(host), m_options(options) {}

int WatchLoop::run() {
  std::vector<std::string> changed;
  if (!rescan(changed)) return k_exit_failure;
  if (m_options.initial_run && !cycle({}, true)) return k_exit_interrupted;
  while (true) {
    // After every cycle, as Nx and turbo do; it also tells scripts that the
    // run is over and a signal now reaches the watch itself.
    m_host.note("watch: waiting for changes (Ctrl-C to stop)");
    do {
      if (m_watcher.wait(-1) == WaitResult::k_stopped) return k_exit_interrupted;
      if (settle() == WaitResult::k_stopped) return k_exit_interrupted;
      if (!rescan(changed)) return k_exit_failure;
    } while (changed.empty());
    if (!cycle(changed, false)) return k_exit_interrupted;
  }
}

bool WatchLoop::rescan(std::vector<std::string>& changed) {
  auto files = m_host.scan();
  if (!files) return false;
  changed = changed_files(m_files, *files);
  std::erase_if(changed, [&](const std::string& f) { return m_host.ignored(f); });
  m_files = std::move(*files);
  if (auto watched = m_watcher.watch(directories_of(m_files.files)); !watched) {
    m_host.note("watch: " + watched.error().message + " (hint: " + watched.error().hint + ")");
  }
  return true;
}

bool WatchLoop::cycle(const std::vector<std::string>& changed, bool initial) {
  auto tasks = m_host.prepare(changed, initial);
  if (!tasks) return true;  // the host said why; the next edit may fix it
  m_host.note(cycle_line(changed.size(), *tasks, initial));
  if (*tasks == 0) return true;
  return !m_host.run();
}

WaitResult WatchLoop::settle() {
  for (int round = 0; round < m_options.max_settle_rounds; ++round) {
    WaitResult r = m_watcher.wait(m_options.debounce_ms);
    if (r != WaitResult::k_changed) return r;
  }
  return WaitResult::k_changed;
}

}  // namespace strata
