// Owners are looked up by walking up a path's directories and binary
// searching each one among the sorted project roots, so the cost per file
// is its depth, not the number of projects.

#include "files/file_index.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <cerrno>
#include <cstring>
#include <ctime>

#include "files/gitignore.h"
#include "files/tree_walker.h"
#include "util/thread_pool.h"

namespace strata {

namespace fs = std::filesystem;

namespace {

std::string normalize_root(std::string_view root) {
  while (root.substr(0, 2) == "./") root.remove_prefix(2);
  while (!root.empty() && root.back() == '/') root.remove_suffix(1);
  if (root.empty()) return ".";
  return std::string(root);
}

}  // namespace

Result<FileIndex> FileIndex::scan(const fs::path& root,
                                  const std::vector<std::string>& extra_ignores) {
  int fd = ::open(root.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (fd < 0) {
    return Error(std::string("cannot read the workspace directory: ") + std::strerror(errno),
                 SourceLoc{root.string()}, "run strata from inside an existing workspace");
  }
  IgnoreList overrides;
  for (const auto& line : extra_ignores) overrides.add_line(line);
  IgnoreList exclude(read_file_at(fd, ".git/info/exclude"), "");
  FileIndex index;
  struct timespec now{};
  ::clock_gettime(CLOCK_REALTIME, &now);
  index.m_scan_start_ns = int64_t(now.tv_sec) * 1'000'000'000 + now.tv_nsec;
  index.m_files = walk_tree_with_stats(fd, overrides, exclude, index.m_stats, 0, &index.m_dirs,
                                       &index.m_watched);
  index.keep_root_configuration(fd);
  ::close(fd);
  return index;
}

std::optional<FileIndex> FileIndex::restat(const fs::path& root, std::vector<std::string> files,
                                           std::vector<std::string> dirs,
                                           std::vector<std::string> watched) {
  int fd = ::open(root.c_str(), O_PATH | O_DIRECTORY | O_CLOEXEC);
  if (fd < 0) return std::nullopt;
  FileIndex index;
  struct timespec now{};
  ::clock_gettime(CLOCK_REALTIME, &now);
  index.m_scan_start_ns = int64_t(now.tv_sec) * 1'000'000'000 + now.tv_nsec;
  index.m_stats.resize(files.size());
  std::atomic<bool> changed{false};
  // Slices rather than single files: a file costs about a microsecond.
  constexpr size_t k_slice = 256;
  parallel_for((files.size() + k_slice - 1) / k_slice, [&](size_t slice) {
    size_t end = std::min(files.size(), (slice + 1) * k_slice);
    for (size_t i = slice * k_slice; i < end && !changed.load(std::memory_order_relaxed); ++i) {
      struct stat st{};
      if (::fstatat(fd, files[i].c_str(), &st, 0) != 0 || !S_ISREG(st.st_mode)) {
        changed = true;
        return;
      }
      index.m_stats[i] = to_file_stat(st);
    }
  });
  ::close(fd);
  if (changed) return std::nullopt;
  index.m_files = std::move(files);
  index.m_dirs = std::move(dirs);
  index.m_watched = std::move(watched);
  return index;
}

// find_workspace_root picks the root by these files on disk, whatever git
// ignores (as Nx does), so a root chosen by an ignored nx.json must still
// read it, and its edits must still change the fingerprint.
void FileIndex::keep_root_configuration(int root_fd) {
  for (std::string name : {"nx.json", "strata.json"}) {
    auto at = std::lower_bound(m_files.begin(), m_files.end(), name);
    if (at != m_files.end() && *at == name) continue;
    struct stat st{};
    if (::fstatat(root_fd, name.c_str(), &st, 0) != 0 || !S_ISREG(st.st_mode)) continue;
    size_t i = static_cast<size_t>(at - m_files.begin());
    if (m_stats.size() == m_files.size())
      m_stats.insert(m_stats.begin() + static_cast<long>(i), to_file_stat(st));
    m_files.insert(at, std::move(name));
  }
}

void FileIndex::assign_owners(const std::vector<Project>& projects) {
  m_roots.clear();
  m_by_project.clear();
  for (const auto& p : projects) {
    m_roots.emplace_back(normalize_root(p.root), p.name);
    m_by_project.emplace_back(p.name, std::vector<std::string>{});
  }
  // Two projects claiming one root: the first listed keeps it.
  std::stable_sort(m_roots.begin(), m_roots.end(),
                   [](const auto& a, const auto& b) { return a.first < b.first; });
  m_roots.erase(std::unique(m_roots.begin(), m_roots.end(),
                            [](const auto& a, const auto& b) { return a.first == b.first; }),
                m_roots.end());
  std::sort(m_by_project.begin(), m_by_project.end(),
            [](const auto& a, const auto& b) { return a.first < b.first; });
  m_by_project.erase(std::unique(m_by_project.begin(), m_by_project.end(),
                                 [](const auto& a, const auto& b) { return a.first == b.first; }),
                     m_by_project.end());

  std::vector<std::vector<std::string>*> bucket_of_root;
  for (const auto& [root, name] : m_roots) {
    auto it = std::lower_bound(m_by_project.begin(), m_by_project.end(), name,
                               [](const auto& e, const std::string& n) { return e.first < n; });
    bucket_of_root.push_back(&it->second);
  }
  // Sorted files arrive directory by directory; remember the last answer.
  std::string_view last_dir;
  long last_owner = -1;
  bool have_last = false;
  for (const auto& file : m_files) {
    size_t slash = file.rfind('/');
    std::string_view dir =
        slash == std::string::npos ? std::string_view() : std::string_view(file).substr(0, slash);
    if (!have_last || dir != last_dir) {
      last_dir = dir;
      last_owner = owner_index(file);
      have_last = true;
    }
    if (last_owner >= 0) bucket_of_root[static_cast<size_t>(last_owner)]->push_back(file);
  }
}

long FileIndex::owner_index(std::string_view path) const {
  while (path.substr(0, 2) == "./") path.remove_prefix(2);
  while (!path.empty() && path.back() == '/') path.remove_suffix(1);
  auto find = [&](std::string_view root) -> long {
    auto it = std::lower_bound(m_roots.begin(), m_roots.end(), root,
                               [](const auto& e, std::string_view r) { return e.first < r; });
    return it != m_roots.end() && it->first == root ? it - m_roots.begin() : -1;
  };
  // The path itself may be a project root (a directory); then each parent.
  for (std::string_view dir = path; !dir.empty();) {
    if (long i = find(dir); i >= 0) return i;
    size_t slash = dir.rfind('/');
    dir = slash == std::string_view::npos ? std::string_view() : dir.substr(0, slash);
  }
  return find(".");
}

const FileStat* FileIndex::stat_of(std::string_view path) const {
  if (m_stats.size() != m_files.size()) return nullptr;
  auto it = std::lower_bound(m_files.begin(), m_files.end(), path,
                             [](const std::string& f, std::string_view p) { return f < p; });
  if (it == m_files.end() || *it != path) return nullptr;
  return &m_stats[static_cast<size_t>(it - m_files.begin())];
}

Digest FileIndex::fingerprint() const {
  // One buffer and one hash call: about 70 bytes a file, hashed at memory
  // speed, far cheaper than the walk that produced it.
  std::string buf;
  size_t total = 0;
  for (const auto& f : m_files) total += f.size() + 1 + 4 * 8;
  buf.reserve(total + 16);
  auto put = [&](uint64_t v) { buf.append(reinterpret_cast<const char*>(&v), sizeof v); };
  put(m_files.size());
  put(m_stats.size());
  for (size_t i = 0; i < m_files.size(); ++i) {
    buf.append(m_files[i]);
    buf.push_back('\0');
    if (i >= m_stats.size()) continue;
    const FileStat& s = m_stats[i];
    put(s.size);
    put(s.inode);
    put(static_cast<uint64_t>(s.mtime_ns));
    put(static_cast<uint64_t>(s.ctime_ns));
  }
  return hash_bytes(buf);
}

bool FileIndex::has_racy_files() const {
  if (m_stats.size() != m_files.size()) return true;
  for (const auto& s : m_stats)
    if (std::max(s.mtime_ns, s.ctime_ns) + k_racy_window_ns > m_scan_start_ns) return true;
  return false;
}

const std::vector<std::string>& FileIndex::project_files(std::string_view project) const {
  static const std::vector<std::string> k_none;
  auto it = std::lower_bound(m_by_project.begin(), m_by_project.end(), project,
                             [](const auto& e, std::string_view n) { return e.first < n; });
  return it != m_by_project.end() && it->first == project ? it->second : k_none;
}

std::string FileIndex::owner(std::string_view path) const {
  long i = owner_index(path);
  return i < 0 ? std::string() : m_roots[static_cast<size_t>(i)].second;
}

}  // namespace strata
