#include "util/fs.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <atomic>
#include <cerrno>
#include <cstring>
#include <limits>

#include "util/read_log.h"

namespace strata {

namespace fs = std::filesystem;

Result<std::string> read_file(const fs::path& path) {
  return read_file(path, std::numeric_limits<size_t>::max(), {});
}

Result<std::string> read_file(const fs::path& path, size_t max_bytes, std::string_view what) {
  ReadLog::note(path);  // a missing file counts: its creation matters too
  int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) return Error(std::strerror(errno), SourceLoc{path.string()});
  std::string out;
  struct stat st{};
  if (::fstat(fd, &st) == 0 && st.st_size > 0) {
    if (static_cast<uint64_t>(st.st_size) > max_bytes) {
      ::close(fd);
      return size_limit_error(path.string(), static_cast<uint64_t>(st.st_size), max_bytes, what);
    }
    out.reserve(static_cast<size_t>(st.st_size));
  }
  char buf[65536];
  for (;;) {
    ssize_t n = ::read(fd, buf, sizeof buf);
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) {
      int err = errno;
      ::close(fd);
      return Error(std::strerror(err), SourceLoc{path.string()});
    }
    if (n == 0) break;
    out.append(buf, static_cast<size_t>(n));
    if (out.size() > max_bytes) {  // it grew while being read
      ::close(fd);
      return size_limit_error(path.string(), out.size(), max_bytes, what);
    }
  }
  ::close(fd);
  return out;
}

Status write_atomic(const fs::path& path, std::string_view content, Durability durability) {
  std::error_code ec;
  if (path.has_parent_path()) fs::create_directories(path.parent_path(), ec);
  static std::atomic<unsigned> counter{0};
  fs::path tmp = path;
  tmp += ".tmp." + std::to_string(::getpid()) + "." + std::to_string(counter++);
  int fd = ::open(tmp.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
  if (fd < 0)
    return Error(std::string("cannot write: ") + std::strerror(errno), SourceLoc{path.string()});
  size_t done = 0;
  while (done < content.size()) {
    ssize_t n = ::write(fd, content.data() + done, content.size() - done);
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) {
      int err = errno;
      ::close(fd);
      ::unlink(tmp.c_str());
      return Error(std::string("cannot write: ") + std::strerror(err), SourceLoc{path.string()});
    }
    done += static_cast<size_t>(n);
  }
  if (durability == Durability::k_fsync) ::fsync(fd);
  ::close(fd);
  if (::rename(tmp.c_str(), path.c_str()) != 0) {
    int err = errno;
    ::unlink(tmp.c_str());
    return Error(std::string("cannot rename: ") + std::strerror(err), SourceLoc{path.string()});
  }
  return ok_status();
}

bool plain_relative(std::string_view path) {
  if (path.empty() || path.front() == '/') return false;
  for (size_t start = 0;;) {
    size_t end = path.find('/', start);
    std::string_view part = path.substr(start, end - start);
    if (part.empty() || part == "." || part == "..") return false;
    if (end == std::string_view::npos) return true;
    start = end + 1;
  }
}

namespace {

// An absolute path that lexically_normal would leave as it is.
bool plain_absolute(std::string_view s) {
  return s.size() >= 2 && s[0] == '/' && plain_relative(s.substr(1));
}

}  // namespace

std::string relative_to(const fs::path& path, const fs::path& base) {
  // The common case, a plain path under a plain base, without building
  // normalised copies of both (task hashing asks once per task).
  const std::string& p_native = path.native();
  const std::string& b_native = base.native();
  if (p_native.size() > b_native.size() + 1 &&
      p_native.compare(0, b_native.size(), b_native) == 0 && p_native[b_native.size()] == '/' &&
      plain_absolute(p_native) && plain_absolute(b_native))
    return p_native.substr(b_native.size() + 1);
  // Trailing separators are dropped from both ("/ws/" is "/ws"), but "/"
  // keeps its one: it is the parent of every absolute path.
  auto trimmed = [](const fs::path& x) {
    std::string s = x.lexically_normal().generic_string();
    while (s.size() > 1 && s.back() == '/') s.pop_back();
    return s;
  };
  std::string p = trimmed(path);
  std::string b = trimmed(base);
  if (p == b) return ".";
  if (b == "/" && p.size() > 1 && p[0] == '/') return p.substr(1);
  if (p.size() > b.size() && p.compare(0, b.size(), b) == 0 && p[b.size()] == '/')
    return p.substr(b.size() + 1);
  return {};
}

Error size_limit_error(std::string file, uint64_t size, size_t limit, std::string_view what) {
  std::string limit_text = limit % (size_t{1} << 20) == 0 ? std::to_string(limit >> 20) + " MiB"
                                                          : std::to_string(limit) + " bytes";
  return Error("file is " + std::to_string(size) + " bytes, over the " + limit_text +
                   " limit for " + std::string(what),
               SourceLoc{std::move(file), 1, 1}, "keep the file under the limit, or split it");
}

}  // namespace strata
