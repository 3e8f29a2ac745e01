#pragma once
// One lock per task across Strata processes: two runs in the same workspace
// must never run the same task into the same outputs at once (their output
// would interleave and be cached). A lock is an flock on
// .strata/locks/<XXH3-128 hex of the task id>, which the kernel drops when
// its holder exits, even by kill -9.

#include <sys/types.h>

#include <filesystem>
#include <map>
#include <optional>
#include <string>

namespace strata {

// Who holds a task's lock.
struct LockHolder {
  pid_t pid = 0;  // 0 when it cannot be told (no /proc)
  std::string task_id;
};

class TaskLocks {
 public:
  explicit TaskLocks(std::filesystem::path dir);
  ~TaskLocks();
  TaskLocks(const TaskLocks&) = delete;
  TaskLocks& operator=(const TaskLocks&) = delete;

  // Takes the lock of `task_id` without waiting. nullopt: taken (or locks
  // cannot be used here, e.g. a read-only .strata: then nothing is locked);
  // otherwise who holds it. Taking a lock this object holds counts once
  // more; it is released by as many unlock calls.
  std::optional<LockHolder> try_lock(const std::string& task_id);
  void unlock(const std::string& task_id);

 private:
  struct Held {
    int fd = -1;  // holds the flock
    int count = 0;
  };
  std::filesystem::path m_dir;
  std::map<std::string, Held> m_held;
};

}  // namespace strata
