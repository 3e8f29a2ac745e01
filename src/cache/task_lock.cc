// flock rather than fcntl locks: an flock belongs to the open file
// description, so it is neither shared with nor released by other
// descriptors of this process, and O_CLOEXEC keeps it out of the tasks'
// processes (an orphaned task must not keep a task locked). Lock files are
// never deleted: removing one while another process waits on it would let
// two processes lock two different files of the same name. Who holds a
// lock is read from /proc/locks, so taking one writes nothing.

#include "cache/task_lock.h"

#include <fcntl.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <sstream>

#include "util/hash.h"

namespace strata {

namespace {

// The holder's pid, from /proc/locks: taking a lock then writes nothing,
// so a fully cached run still writes nothing at all. A line reads
// "1: FLOCK  ADVISORY  WRITE 4242 08:01:1234567 0 EOF" (device in hex).
pid_t holder_pid(int fd) {
  struct stat st{};
  if (::fstat(fd, &st) != 0) return 0;
  char want[64];
  std::snprintf(want, sizeof want, "%02x:%02x:%llu", major(st.st_dev), minor(st.st_dev),
                static_cast<unsigned long long>(st.st_ino));
  std::ifstream locks("/proc/locks");
  std::string line;
  while (std::getline(locks, line)) {
    std::istringstream fields(line);
    std::string id, kind, advisory, mode, pid, where;
    if (!(fields >> id >> kind) || kind == "->" || kind != "FLOCK") continue;
    if (fields >> advisory >> mode >> pid >> where && where == want)
      return static_cast<pid_t>(std::strtol(pid.c_str(), nullptr, 10));
  }
  return 0;
}

}  // namespace

TaskLocks::TaskLocks(std::filesystem::path dir) : m_dir(std::move(dir)) {}

TaskLocks::~TaskLocks() {
  for (auto& [id, held] : m_held) ::close(held.fd);
}

std::optional<LockHolder> TaskLocks::try_lock(const std::string& task_id) {
  if (auto held = m_held.find(task_id); held != m_held.end()) {
    ++held->second.count;
    return std::nullopt;
  }
  std::error_code ec;
  std::filesystem::create_directories(m_dir, ec);
  std::string path = (m_dir / hash_bytes(task_id).hex()).string();
  int fd = ::open(path.c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0644);
  if (fd < 0) return std::nullopt;  // cannot lock here: run unlocked, as before
  while (::flock(fd, LOCK_EX | LOCK_NB) != 0) {
    if (errno == EINTR) continue;
    std::optional<LockHolder> holder;
    if (errno == EWOULDBLOCK) holder = LockHolder{holder_pid(fd), task_id};
    ::close(fd);
    return holder;
  }
  m_held[task_id] = Held{fd, 1};
  return std::nullopt;
}

void TaskLocks::unlock(const std::string& task_id) {
  auto it = m_held.find(task_id);
  if (it == m_held.end() || --it->second.count > 0) return;
  ::close(it->second.fd);
  m_held.erase(it);
}

}  // namespace strata
