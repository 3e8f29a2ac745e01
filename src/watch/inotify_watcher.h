#pragma once
// The Linux FileWatcher: one inotify watch per directory (inotify is not
// recursive). The loop names the directories its walk found; a directory
// created later is watched as soon as its parent reports it (with what is
// already inside it), except .git, node_modules and .strata, so a file
// written into it right away still wakes the loop. Ignore rules are not
// consulted for those: a write in an ignored new directory only costs a
// rescan that finds nothing changed. Deleted directories drop out by
// themselves (IN_IGNORED).

#include <filesystem>
#include <map>
#include <string>
#include <vector>

#include "watch/file_watcher.h"

namespace strata {

class InotifyWatcher : public FileWatcher {
 public:
  // `stop_fd` (e.g. StopSignal::fd()) ends a wait when readable; -1: none.
  InotifyWatcher(std::filesystem::path root, int stop_fd);
  ~InotifyWatcher() override;
  InotifyWatcher(const InotifyWatcher&) = delete;
  InotifyWatcher& operator=(const InotifyWatcher&) = delete;

  // Adds the directories not watched yet; drops none (see above).
  Status watch(const std::vector<std::string>& dirs) override;
  WaitResult wait(int timeout_ms) override;

  size_t watched() const { return m_by_dir.size(); }

 private:
  // Reads every queued event; true when one was not IN_IGNORED.
  bool drain();
  // Watches `dir` and every directory below it; false on ENOSPC.
  bool add_tree(const std::string& dir);
  int add(const std::string& dir);  // the watch descriptor, or -1

  std::filesystem::path m_root;
  int m_stop_fd = -1;
  int m_fd = -1;
  std::map<std::string, int> m_by_dir;  // directory -> watch descriptor
  std::map<int, std::string> m_by_wd;
  bool m_full = false;  // ENOSPC seen: the watch limit is reached
};

}  // namespace strata
