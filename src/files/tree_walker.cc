// Each directory is opened relative to its parent's descriptor (openat),
// read with getdents64 and its d_type trusted, so a warm tree costs four
// system calls per directory and none per file; only symlinks and entries
// of unknown type are stat'ed. Entries are sorted with directories keyed as
// "name/", which makes depth-first output byte-wise sorted without a global
// sort. Ignore lists form a stack as the walk descends; an ignored
// directory is never opened, which is also why, as in git, a `!` rule
// cannot re-include a file below it.
//
// Most of the cost is the kernel reading directories, so the walk is
// spread over threads: the top levels are expanded breadth-first into an
// ordered list of pieces (runs of files, and directories still to walk)
// until there are enough directories to share out; each is then walked on
// the pool into its own piece, and the pieces are joined in order.

#include "files/tree_walker.h"

#include <dirent.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <list>
#include <memory>

#include "util/thread_pool.h"

namespace strata {

namespace {

using IgnoreStack = std::vector<std::shared_ptr<const IgnoreList>>;  // outermost first

struct Entry {
  std::string key;  // the name, with a trailing '/' for directories
  bool is_dir = false;
  std::string_view name() const {
    return std::string_view(key).substr(0, key.size() - (is_dir ? 1 : 0));
  }
};

// A run of files in walk order, or a directory still to be walked.
struct Piece {
  std::vector<std::string> files;
  std::vector<FileStat> stats;  // parallel to files when stat'ing
  bool pending = false;
  std::string dir;  // for a pending piece: "" for the root, else ending in '/'
  IgnoreStack stack;
};

// One thread's walking state; the ignore lists it reads are shared.
class Walker {
 public:
  Walker(int root_fd, const IgnoreList& overrides, const IgnoreList& fallback, bool with_stats)
      : m_root_fd(root_fd),
        m_overrides(overrides),
        m_fallback(fallback),
        m_with_stats(with_stats) {}

  // Replaces the pending `job` by the pieces of its directory's first level.
  std::list<Piece> expand(const Piece& job);
  // Walks the pending `job`'s whole subtree into job.files.
  void walk_all(Piece& job);
  // Every directory this walker listed, "." for the root, else without a
  // trailing '/'.
  std::vector<std::string>& dirs() { return m_dirs; }
  // Paths whose stat decides the listing beyond their directory's: the
  // ignore files read, and symlinks left out (to a directory, or dangling).
  std::vector<std::string>& watched() { return m_watched; }

 private:
  int open_job(const Piece& job);
  void walk(int fd, Piece& out);
  // Appends the file `name` of the directory open as `fd`, whose path is
  // m_path; false when stat'ing it failed and it was left out.
  bool add_file(int fd, const char* name, Piece& out) const;
  std::vector<Entry> list(int fd);
  void add_entry(int fd, const char* name, unsigned char type, std::vector<Entry>& entries);
  bool ignored(std::string_view rel, bool is_dir) const;

  int m_root_fd;
  const IgnoreList& m_overrides;
  const IgnoreList& m_fallback;
  bool m_with_stats;
  IgnoreStack m_stack;
  std::string m_path;  // current directory, "" or ending in '/'
  std::vector<std::string> m_dirs;
  std::vector<std::string> m_watched;
  // Entries are copied out before descending, so one buffer serves all
  // depths; left uninitialised, as the kernel fills it.
  static constexpr size_t k_dirents_size = 32768;
  std::unique_ptr<char[]> m_dirents{new char[k_dirents_size]};
};

bool Walker::ignored(std::string_view rel, bool is_dir) const {
  IgnoreMatch m = m_overrides.match(rel, is_dir);
  for (auto it = m_stack.rbegin(); m == IgnoreMatch::k_none && it != m_stack.rend(); ++it)
    m = (*it)->match(rel, is_dir);
  if (m == IgnoreMatch::k_none) m = m_fallback.match(rel, is_dir);
  return m == IgnoreMatch::k_ignored;
}

void Walker::add_entry(int fd, const char* name, unsigned char type, std::vector<Entry>& entries) {
  if (name[0] == '.' && (name[1] == 0 || (name[1] == '.' && name[2] == 0))) return;
  if (always_skipped_name(name)) return;
  if (type == DT_LNK || type == DT_UNKNOWN) {
    // Follow the link to learn what it is, but never descend through one.
    struct stat st{};
    bool left_out = ::fstatat(fd, name, &st, 0) != 0 ||  // dangling link
                    (type == DT_LNK && S_ISDIR(st.st_mode));
    if (left_out) {
      if (type == DT_LNK) m_watched.push_back(m_path + name);  // its target may change
      return;
    }
    type = S_ISDIR(st.st_mode) ? DT_DIR : S_ISREG(st.st_mode) ? DT_REG : DT_UNKNOWN;
  }
  if (type != DT_DIR && type != DT_REG) return;  // sockets, fifos, devices
  Entry e{name, type == DT_DIR};
  if (e.is_dir) e.key += '/';
  entries.push_back(std::move(e));
}

// The entries of the directory at m_path that no rule ignores, sorted;
// pushes the directory's own .gitignore onto m_stack.
std::vector<Entry> Walker::list(int fd) {
  m_dirs.push_back(m_path.empty() ? "." : m_path.substr(0, m_path.size() - 1));
  std::vector<Entry> entries;
  for (;;) {
    ssize_t n = ::getdents64(fd, m_dirents.get(), k_dirents_size);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) break;
    for (ssize_t pos = 0; pos < n;) {
      const auto* d = reinterpret_cast<const struct dirent64*>(m_dirents.get() + pos);
      pos += d->d_reclen;
      add_entry(fd, d->d_name, d->d_type, entries);
    }
  }
  bool has_gitignore = std::any_of(entries.begin(), entries.end(),
                                   [](const Entry& e) { return e.key == ".gitignore"; });
  if (has_gitignore) {
    m_watched.push_back(m_path + ".gitignore");
    auto rules = std::make_shared<const IgnoreList>(read_file_at(fd, ".gitignore"), m_path);
    if (!rules->empty()) m_stack.push_back(std::move(rules));
  }
  size_t base = m_path.size();
  auto drop = [&](const Entry& e) {
    m_path.append(e.name());
    bool out = ignored(m_path, e.is_dir);
    m_path.resize(base);
    return out;
  };
  entries.erase(std::remove_if(entries.begin(), entries.end(), drop), entries.end());
  std::sort(entries.begin(), entries.end(),
            [](const Entry& a, const Entry& b) { return a.key < b.key; });
  return entries;
}

bool Walker::add_file(int fd, const char* name, Piece& out) const {
  if (m_with_stats) {
    struct stat st{};
    if (::fstatat(fd, name, &st, 0) != 0) return false;
    out.stats.push_back(to_file_stat(st));
  }
  out.files.push_back(m_path);
  return true;
}

void Walker::walk(int fd, Piece& out) {
  size_t depth = m_stack.size();
  std::vector<Entry> entries = list(fd);
  size_t base = m_path.size();
  for (const auto& e : entries) {
    m_path.append(e.name());
    if (!e.is_dir) {
      add_file(fd, m_path.c_str() + base, out);
    } else {
      int child =
          ::openat(fd, m_path.c_str() + base, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
      m_path += '/';
      if (child >= 0) walk(child, out);  // unreadable directories are skipped, as git does
    }
    m_path.resize(base);
  }
  m_stack.resize(depth);
  ::close(fd);
}

int Walker::open_job(const Piece& job) {
  m_path = job.dir;
  m_stack = job.stack;
  const char* where = job.dir.empty() ? "." : job.dir.c_str();
  return ::openat(m_root_fd, where, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
}

std::list<Piece> Walker::expand(const Piece& job) {
  std::list<Piece> pieces;
  int fd = open_job(job);
  if (fd < 0) return pieces;
  std::vector<Entry> entries = list(fd);
  for (const auto& e : entries) {
    if (e.is_dir) {
      pieces.push_back(Piece{{}, {}, true, m_path + e.key, m_stack});
      continue;
    }
    if (pieces.empty() || pieces.back().pending) pieces.emplace_back();
    size_t base = m_path.size();
    m_path.append(e.name());
    add_file(fd, m_path.c_str() + base, pieces.back());
    m_path.resize(base);
  }
  ::close(fd);
  return pieces;
}

void Walker::walk_all(Piece& job) {
  int fd = open_job(job);
  if (fd >= 0) walk(fd, job);
  job.pending = false;
}

}  // namespace

std::string read_file_at(int dir_fd, const char* name) {
  int fd = ::openat(dir_fd, name, O_RDONLY | O_CLOEXEC);
  if (fd < 0) return {};
  std::string out;
  char buf[16384];
  for (;;) {
    ssize_t n = ::read(fd, buf, sizeof buf);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) break;
    out.append(buf, static_cast<size_t>(n));
  }
  ::close(fd);
  return out;
}

bool always_skipped_name(std::string_view name) {
  return name == ".git" || name == "node_modules" || name == ".strata";
}

namespace {

std::vector<std::string> walk(int root_fd, const IgnoreList& overrides, const IgnoreList& fallback,
                              std::vector<FileStat>* stats, size_t threads,
                              std::vector<std::string>* dirs, std::vector<std::string>* watched) {
  const bool with_stats = stats != nullptr;
  if (threads == 0) threads = default_parallelism();
  std::list<Piece> pieces;
  pieces.push_back(Piece{{}, {}, true, "", {}});
  std::vector<std::list<Piece>::iterator> pending = {pieces.begin()};
  // Expand level by level until there is enough work to share out.
  Walker walker(root_fd, overrides, fallback, with_stats);
  const size_t enough = threads > 1 ? threads * 8 : 1;
  while (!pending.empty() && pending.size() < enough) {
    std::vector<std::list<Piece>::iterator> next;
    for (auto it : pending) {
      std::list<Piece> level = walker.expand(*it);
      for (auto p = level.begin(); p != level.end(); ++p)
        if (p->pending) next.push_back(p);
      pieces.splice(it, level);  // iterators into `level` stay valid
      pieces.erase(it);
    }
    pending = std::move(next);
  }
  std::vector<std::vector<std::string>> walked_dirs(pending.size());
  std::vector<std::vector<std::string>> walked_watched(pending.size());
  parallel_for(
      pending.size(),
      [&](size_t i) {
        Walker w(root_fd, overrides, fallback, with_stats);
        w.walk_all(*pending[i]);
        if (dirs) walked_dirs[i] = std::move(w.dirs());
        if (watched) walked_watched[i] = std::move(w.watched());
      },
      threads);
  if (dirs) {
    *dirs = std::move(walker.dirs());
    for (auto& d : walked_dirs) std::move(d.begin(), d.end(), std::back_inserter(*dirs));
    std::sort(dirs->begin(), dirs->end());
  }
  if (watched) {
    *watched = std::move(walker.watched());
    for (auto& d : walked_watched) std::move(d.begin(), d.end(), std::back_inserter(*watched));
    std::sort(watched->begin(), watched->end());
  }
  size_t total = 0;
  for (const auto& p : pieces) total += p.files.size();
  std::vector<std::string> files;
  files.reserve(total);
  for (auto& p : pieces) std::move(p.files.begin(), p.files.end(), std::back_inserter(files));
  if (stats) {
    stats->clear();
    stats->reserve(total);
    for (auto& p : pieces) stats->insert(stats->end(), p.stats.begin(), p.stats.end());
  }
  return files;
}

}  // namespace

std::vector<std::string> walk_tree(int root_fd, const IgnoreList& overrides,
                                   const IgnoreList& fallback, size_t threads) {
  return walk(root_fd, overrides, fallback, nullptr, threads, nullptr, nullptr);
}

std::vector<std::string> walk_tree_with_stats(int root_fd, const IgnoreList& overrides,
                                              const IgnoreList& fallback,
                                              std::vector<FileStat>& stats, size_t threads,
                                              std::vector<std::string>* dirs,
                                              std::vector<std::string>* watched) {
  return walk(root_fd, overrides, fallback, &stats, threads, dirs, watched);
}

}  // namespace strata
