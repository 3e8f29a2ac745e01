#pragma once
// One writer per collection: an exclusive flock on a lock file that holds
// the owner's pid. The kernel drops the lock when the process exits, even by
// kill -9, so a crashed writer never leaves a stale lock behind.

#include <filesystem>
#include <string_view>

#include "util/result.h"

namespace strata::vec {

class WriterLock {
 public:
  // Takes the lock without waiting; if another process holds it the error
  // says "<what> is locked for writing by pid N".
  static Result<WriterLock> acquire(const std::filesystem::path& path, std::string_view what);

  WriterLock(WriterLock&& other) noexcept : m_fd(other.m_fd) { other.m_fd = -1; }
  WriterLock& operator=(WriterLock&& other) noexcept;
  WriterLock(const WriterLock&) = delete;
  WriterLock& operator=(const WriterLock&) = delete;
  ~WriterLock();

 private:
  explicit WriterLock(int fd) : m_fd(fd) {}
  int m_fd = -1;
};

}  // namespace strata::vec
