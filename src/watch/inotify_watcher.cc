// Events are only wake-ups: the loop rescans the tree anyway (the rescan
// applies .gitignore and sees what a queue overflow would have lost), so
// IN_Q_OVERFLOW needs no special case. Names are read only to watch new
// directories.

#include "watch/inotify_watcher.h"

#include <poll.h>
#include <sys/inotify.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <set>

#include "files/tree_walker.h"

namespace strata {

namespace {

constexpr uint32_t k_mask = IN_CREATE | IN_DELETE | IN_MODIFY | IN_CLOSE_WRITE | IN_MOVED_FROM |
                            IN_MOVED_TO | IN_ATTRIB | IN_DELETE_SELF | IN_ONLYDIR;

}  // namespace

InotifyWatcher::InotifyWatcher(std::filesystem::path root, int stop_fd)
    : m_root(std::move(root)), m_stop_fd(stop_fd), m_fd(inotify_init1(IN_NONBLOCK | IN_CLOEXEC)) {}

InotifyWatcher::~InotifyWatcher() {
  if (m_fd >= 0) close(m_fd);
}

Status InotifyWatcher::watch(const std::vector<std::string>& dirs) {
  if (m_fd < 0) return Error(std::string("cannot start inotify: ") + std::strerror(errno));
  for (const auto& dir : dirs)
    if (!m_by_dir.count(dir)) add(dir);
  if (m_full)
    return Error("too many directories to watch (" + std::to_string(m_by_dir.size()) + " watched)",
                 {}, "raise the limit: sysctl fs.inotify.max_user_watches=524288");
  return ok_status();
}

int InotifyWatcher::add(const std::string& dir) {
  std::filesystem::path p = dir.empty() ? m_root : m_root / dir;
  int wd = inotify_add_watch(m_fd, p.c_str(), k_mask);
  if (wd < 0) {
    // Any failure but ENOSPC is a directory that vanished since it was
    // seen: its parent's event already asked for a rescan.
    if (errno == ENOSPC) m_full = true;
    return -1;
  }
  m_by_wd[wd] = dir;
  m_by_dir[dir] = wd;
  return wd;
}

bool InotifyWatcher::add_tree(const std::string& dir) {
  size_t slash = dir.rfind('/');
  if (always_skipped_name(slash == std::string::npos ? dir : dir.substr(slash + 1))) return true;
  if (m_by_dir.count(dir) || add(dir) < 0) return !m_full;
  std::error_code ec;
  for (std::filesystem::directory_iterator it(m_root / dir, ec), end; !ec && it != end;
       it.increment(ec))
    if (it->is_directory(ec) && !it->is_symlink(ec) &&
        !add_tree(dir + "/" + it->path().filename().string()))
      return false;
  return true;
}

bool InotifyWatcher::drain() {
  alignas(inotify_event) char buf[64 * 1024];
  bool real = false;
  ssize_t n;
  while ((n = read(m_fd, buf, sizeof buf)) > 0) {
    for (ssize_t at = 0; at < n;) {
      const auto* e = reinterpret_cast<const inotify_event*>(buf + at);
      at += static_cast<ssize_t>(sizeof(inotify_event) + e->len);
      auto it = m_by_wd.find(e->wd);
      if (e->mask & IN_IGNORED) {  // the directory is gone: not a change by itself
        if (it != m_by_wd.end()) {
          m_by_dir.erase(it->second);
          m_by_wd.erase(it);
        }
        continue;
      }
      real = true;
      if ((e->mask & IN_ISDIR) && (e->mask & (IN_CREATE | IN_MOVED_TO)) && it != m_by_wd.end() &&
          e->len > 0)
        add_tree(it->second.empty() ? std::string(e->name) : it->second + "/" + e->name);
    }
  }
  return real;
}

WaitResult InotifyWatcher::wait(int timeout_ms) {
  pollfd fds[2] = {{m_fd, POLLIN, 0}, {m_stop_fd, POLLIN, 0}};
  nfds_t n = m_stop_fd >= 0 ? 2 : 1;
  while (true) {
    int r = poll(fds, n, timeout_ms);
    if (r < 0 && errno == EINTR) continue;
    if (n == 2 && (fds[1].revents & POLLIN)) return WaitResult::k_stopped;
    if (r <= 0) return WaitResult::k_timeout;
    if (drain()) return WaitResult::k_changed;
    // Only IN_IGNORED: wait again (the timeout restarts; it only bounds a
    // settle, which may run a little longer).
  }
}

}  // namespace strata
