#include "supervise/up_lock.h"

#include <fcntl.h>
#include <sys/file.h>
#include <unistd.h>

#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <fstream>

#include "util/fs.h"

namespace strata {

namespace {

namespace fs = std::filesystem;

int read_pid(int fd) {
  char buf[32] = {};
  ssize_t n = pread(fd, buf, sizeof buf - 1, 0);
  return n > 0 ? std::atoi(buf) : 0;
}

std::string random_hex(size_t bytes) {
  std::ifstream urandom("/dev/urandom", std::ios::binary);
  std::string out;
  static const char* k_hex = "0123456789abcdef";
  for (size_t i = 0; i < bytes; ++i) {
    unsigned char c = static_cast<unsigned char>(urandom.get());
    out += k_hex[c >> 4];
    out += k_hex[c & 15];
  }
  return out;
}

}  // namespace

Result<std::unique_ptr<UpLock>> UpLock::acquire(const fs::path& dir) {
  std::error_code ec;
  fs::create_directories(dir, ec);
  fs::path path = dir / "lock";
  int fd = open(path.c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0644);
  if (fd < 0)
    return Error("cannot open " + path.string() + ": " + std::strerror(errno)).of(ErrorKind::k_io);
  if (flock(fd, LOCK_EX | LOCK_NB) != 0) {
    int pid = read_pid(fd);
    close(fd);
    return Error("strata up is already running in this workspace (pid " + std::to_string(pid) + ")",
                 {}, "see it with `strata ps`, stop it with `strata down`")
        .of(ErrorKind::k_conflict);
  }
  std::string pid = std::to_string(getpid()) + "\n";
  if (ftruncate(fd, 0) != 0 || pwrite(fd, pid.data(), pid.size(), 0) < 0) {
    close(fd);
    return Error("cannot write " + path.string()).of(ErrorKind::k_io);
  }
  return std::unique_ptr<UpLock>(new UpLock(fd));
}

UpLock::~UpLock() {
  // Empty the file first, so no reader takes a stale pid for the holder.
  if (ftruncate(m_fd, 0) != 0) {
  }
  close(m_fd);
}

int up_lock_holder(const fs::path& dir) {
  int fd = open((dir / "lock").c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) return 0;
  int pid = flock(fd, LOCK_SH | LOCK_NB) == 0 ? 0 : read_pid(fd);
  close(fd);
  return pid;
}

Result<std::string> workspace_jwt_key(const fs::path& dir, const char* const* inherited) {
  constexpr std::string_view k_var = "STRATA_SERVICE_JWT_KEY=";
  for (const char* const* p = inherited; p && *p; ++p)
    if (std::string_view(*p).starts_with(k_var) && std::strlen(*p) > k_var.size())
      return std::string(*p + k_var.size());
  fs::path path = dir / "jwt-key";
  if (auto key = read_file(path); key && !key->empty()) return *key;
  std::error_code ec;
  fs::create_directories(dir, ec);
  // Made with mode 0600 from the start (never readable by others, not even
  // for a moment), then renamed into place.
  fs::path tmp = dir / ("jwt-key.tmp." + std::to_string(getpid()));
  int fd = open(tmp.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
  if (fd < 0) return Error("cannot create " + tmp.string()).of(ErrorKind::k_io);
  std::string key = random_hex(32);
  bool ok = write(fd, key.data(), key.size()) == static_cast<ssize_t>(key.size());
  ok = fsync(fd) == 0 && ok;
  close(fd);
  if (!ok) return Error("cannot write " + tmp.string()).of(ErrorKind::k_io);
  fs::rename(tmp, path, ec);
  if (ec) return Error("cannot create " + path.string() + ": " + ec.message()).of(ErrorKind::k_io);
  return key;
}

}  // namespace strata
