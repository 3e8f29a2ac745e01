// The walk opens each directory once relative to its parent's descriptor
// (openat), reads it with readdir and trusts d_type, so a warm tree costs a
// few system calls per directory and none per file; only symlinks and
// entries of unknown type are stat'ed. Each directory's entries are sorted
// with directories keyed as "name/", which makes the depth-first output
// byte-wise sorted without a global sort. Ignore lists are kept on a stack
// as the walk descends; an ignored directory is never opened, which is also
// why, as in git, a `!` rule cannot re-include a file below it.
//
// Owners are looked up by walking up a path's directories and binary
// searching each one among the sorted project roots, so the cost per file
// is its depth, not the number of projects.

#include "files/file_index.h"

#include <dirent.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <memory>

#include "files/gitignore.h"

namespace strata {

namespace fs = std::filesystem;

namespace {

bool always_skipped(std::string_view name) {
  return name == ".git" || name == "node_modules" || name == ".strata";
}

struct Entry {
  std::string key;  // the name, with a trailing '/' for directories
  bool is_dir = false;
};

// Reads a small file relative to a directory descriptor; "" when absent.
std::string read_at(int dir_fd, const char* name) {
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

class Walker {
 public:
  Walker(std::vector<std::string>& out, const std::vector<std::string>& extra, std::string_view exclude)
      : m_out(out), m_exclude(exclude, "") {
    for (const auto& line : extra) m_extra.add_line(line);
  }

  // Lists the directory open as `fd` (taking ownership), whose path
  // relative to the root is m_path.
  void walk(int fd);

 private:
  bool ignored(std::string_view rel, bool is_dir) const;
  std::vector<Entry> read_entries(DIR* dir) const;

  std::vector<std::string>& m_out;
  IgnoreList m_extra;
  IgnoreList m_exclude;
  std::vector<std::unique_ptr<IgnoreList>> m_stack;  // outermost first
  std::string m_path;  // current directory, "" or ending in '/'
};

bool Walker::ignored(std::string_view rel, bool is_dir) const {
  IgnoreMatch m = m_extra.match(rel, is_dir);
  for (auto it = m_stack.rbegin(); m == IgnoreMatch::k_none && it != m_stack.rend(); ++it)
    m = (*it)->match(rel, is_dir);
  if (m == IgnoreMatch::k_none) m = m_exclude.match(rel, is_dir);
  return m == IgnoreMatch::k_ignored;
}

std::vector<Entry> Walker::read_entries(DIR* dir) const {
  std::vector<Entry> entries;
  int fd = ::dirfd(dir);
  while (struct dirent* d = ::readdir(dir)) {
    const char* name = d->d_name;
    if (name[0] == '.' && (name[1] == 0 || (name[1] == '.' && name[2] == 0))) continue;
    if (always_skipped(name)) continue;
    unsigned char type = d->d_type;
    if (type == DT_LNK || type == DT_UNKNOWN) {
      // Follow the link to learn what it is, but never descend through one.
      struct stat st {};
      if (::fstatat(fd, name, &st, 0) != 0) continue;  // dangling link
      bool link_to_dir = type == DT_LNK && S_ISDIR(st.st_mode);
      if (link_to_dir) continue;
      type = S_ISDIR(st.st_mode) ? DT_DIR : S_ISREG(st.st_mode) ? DT_REG : DT_UNKNOWN;
    }
    if (type != DT_DIR && type != DT_REG) continue;  // sockets, fifos, devices
    Entry e{name, type == DT_DIR};
    if (e.is_dir) e.key += '/';
    entries.push_back(std::move(e));
  }
  std::sort(entries.begin(), entries.end(), [](const Entry& a, const Entry& b) { return a.key < b.key; });
  return entries;
}

void Walker::walk(int fd) {
  DIR* dir = ::fdopendir(fd);
  if (!dir) {
    ::close(fd);
    return;
  }
  std::vector<Entry> entries = read_entries(dir);
  bool pushed = false;
  bool has_gitignore = std::any_of(entries.begin(), entries.end(),
                                   [](const Entry& e) { return e.key == ".gitignore"; });
  if (has_gitignore) {
    auto list = std::make_unique<IgnoreList>(read_at(fd, ".gitignore"), m_path);
    pushed = !list->empty();
    if (pushed) m_stack.push_back(std::move(list));
  }
  size_t base = m_path.size();
  for (const auto& e : entries) {
    std::string_view name(e.key.data(), e.key.size() - (e.is_dir ? 1 : 0));
    m_path.append(name);
    if (!ignored(m_path, e.is_dir)) {
      if (!e.is_dir) {
        m_out.push_back(m_path);
      } else {
        int child = ::openat(fd, m_path.c_str() + base, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
        m_path += '/';
        if (child >= 0) walk(child);  // unreadable directories are skipped, as git does
      }
    }
    m_path.resize(base);
  }
  if (pushed) m_stack.pop_back();
  ::closedir(dir);
}

std::string normalize_root(std::string_view root) {
  while (root.substr(0, 2) == "./") root.remove_prefix(2);
  while (!root.empty() && root.back() == '/') root.remove_suffix(1);
  if (root.empty()) return ".";
  return std::string(root);
}

}  // namespace

Result<FileIndex> FileIndex::scan(const fs::path& root, const std::vector<std::string>& extra_ignores) {
  int fd = ::open(root.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (fd < 0) {
    return Error(std::string("cannot read the workspace directory: ") + std::strerror(errno),
                 SourceLoc{root.string()}, "run strata from inside an existing workspace");
  }
  FileIndex index;
  index.m_files.reserve(4096);
  std::string exclude = read_at(fd, ".git/info/exclude");
  Walker walker(index.m_files, extra_ignores, exclude);
  walker.walk(fd);
  return index;
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
    std::string_view dir = slash == std::string::npos ? std::string_view() : std::string_view(file).substr(0, slash);
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
