#pragma once
// The port between the watch loop and the operating system's file events:
// the loop only learns *that* something changed below a set of directories
// and then rescans, so a watcher needs no event bookkeeping beyond waking up.

#include <string>
#include <vector>

#include "util/result.h"

namespace strata {

enum class WaitResult {
  k_changed,  // at least one event arrived
  k_timeout,  // nothing within the timeout
  k_stopped,  // Ctrl-C or SIGTERM: the loop must end
};

// Wakes its caller when files change below the watched directories.
class FileWatcher {
 public:
  virtual ~FileWatcher() = default;
  // Watches exactly `dirs` (relative to the root, "" for the root itself)
  // from now on: new ones are added, ones no longer listed are dropped.
  virtual Status watch(const std::vector<std::string>& dirs) = 0;
  // Blocks until an event, a stop request, or `timeout_ms` (-1: no limit).
  virtual WaitResult wait(int timeout_ms) = 0;
};

}  // namespace strata
