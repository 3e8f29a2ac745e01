#pragma once
// At most one `strata up` per workspace: the supervisor holds an flock on
// `.strata/up/lock` (holding its pid) for as long as it runs, so the lock
// goes with the process however it ends, and a second `up` is refused with
// the first one's pid.

#include <filesystem>
#include <memory>
#include <string>

#include "util/result.h"

namespace strata {

class UpLock {
 public:
  // The lock, or a k_conflict error naming the holder's pid.
  static Result<std::unique_ptr<UpLock>> acquire(const std::filesystem::path& dir);
  ~UpLock();
  UpLock(const UpLock&) = delete;
  UpLock& operator=(const UpLock&) = delete;

 private:
  explicit UpLock(int fd) : m_fd(fd) {}
  int m_fd;
};

// The pid written in the lock file when some process holds the lock, else 0.
int up_lock_holder(const std::filesystem::path& dir);

// The key services sign their JWTs with: STRATA_SERVICE_JWT_KEY from
// `inherited` when set, else `dir`/jwt-key, made once (random, mode 0600).
Result<std::string> workspace_jwt_key(const std::filesystem::path& dir,
                                      const char* const* inherited);

}  // namespace strata
