// Plain POSIX calls (lstat, readlink, open with O_NOFOLLOW) rather than
// std::filesystem where the distinction matters: a symlink in an output is
// data to record, never a directory to descend into or a file to write
// through.

#include "cache/output_files.h"

#include <dirent.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <set>

#include "util/fs.h"
#include "util/glob.h"

namespace strata {

namespace fs = std::filesystem;

namespace {

Error io_error(const std::string& what, const std::string& path) {
  return Error(what + ": " + std::strerror(errno), SourceLoc{path});
}

// Records the entry at `rel`; false in `found` when nothing is there.
Status read_one(const fs::path& root, const std::string& rel, std::vector<OutputFile>& out,
                bool& is_dir, bool& found) {
  std::string abs = (root / rel).string();
  struct stat st{};
  found = ::lstat(abs.c_str(), &st) == 0;
  is_dir = found && S_ISDIR(st.st_mode);
  if (!found) return errno == ENOENT ? ok_status() : Status(io_error("cannot stat output", abs));
  OutputFile f{OutputFile::Type::k_file, rel, static_cast<uint32_t>(st.st_mode & 07777), {}};
  if (S_ISLNK(st.st_mode)) {
    f.type = OutputFile::Type::k_symlink;
    std::string target(static_cast<size_t>(st.st_size) + 1, '\0');
    ssize_t n = ::readlink(abs.c_str(), target.data(), target.size());
    if (n < 0) return io_error("cannot read link", abs);
    f.content = target.substr(0, static_cast<size_t>(n));
  } else if (is_dir) {
    f.type = OutputFile::Type::k_directory;
  } else if (S_ISREG(st.st_mode)) {
    auto content = read_file(abs);
    if (!content) return content.error();
    f.content = std::move(*content);
  } else {
    return ok_status();  // sockets, fifos and devices are not outputs
  }
  out.push_back(std::move(f));
  return ok_status();
}

// Calls fn(rel) for everything below directory `base`, not following links.
template <typename Fn>
Status walk(const fs::path& root, const std::string& base, Fn fn) {
  std::error_code ec;
  fs::recursive_directory_iterator it(root / base, ec), end;
  if (ec)
    return ec == std::errc::no_such_file_or_directory
               ? ok_status()
               : Status(Error(ec.message(), SourceLoc{base}));
  for (; it != end; it.increment(ec)) {
    if (ec) return Error(ec.message(), SourceLoc{base});
    auto status = fn(relative_to(it->path(), root));
    if (!status) return status;
  }
  return ok_status();
}

// Reads a whole regular file open as `fd` whose size was `size` a moment
// ago; false on a read error.
bool read_fd(int fd, size_t size, std::string& out) {
  out.resize(size + 1);  // one more, so a file that grew shows as a long read
  size_t done = 0;
  for (;;) {
    if (done == out.size()) out.resize(out.size() * 2);
    ssize_t n = ::read(fd, out.data() + done, out.size() - done);
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) return false;
    if (n == 0) break;
    done += static_cast<size_t>(n);
  }
  out.resize(done);
  return true;
}

// What read_one and walk do together for one output path that is not a
// glob, with system calls relative to each directory's descriptor: every
// entry below costs one fstatat (and an open and read for files), not a
// lookup of its whole path. `name` is relative to `dir_fd`.
Status read_tree_at(int dir_fd, const char* name, const std::string& rel,
                    std::vector<OutputFile>& out) {
  struct stat st{};
  if (::fstatat(dir_fd, name, &st, AT_SYMLINK_NOFOLLOW) != 0)
    return errno == ENOENT ? ok_status() : Status(io_error("cannot stat output", rel));
  OutputFile f{OutputFile::Type::k_file, rel, static_cast<uint32_t>(st.st_mode & 07777), {}};
  if (S_ISLNK(st.st_mode)) {
    f.type = OutputFile::Type::k_symlink;
    std::string target(static_cast<size_t>(st.st_size) + 1, '\0');
    ssize_t n = ::readlinkat(dir_fd, name, target.data(), target.size());
    if (n < 0) return io_error("cannot read link", rel);
    f.content = target.substr(0, static_cast<size_t>(n));
    out.push_back(std::move(f));
    return ok_status();
  }
  if (S_ISREG(st.st_mode)) {
    int fd = ::openat(dir_fd, name, O_RDONLY | O_NOFOLLOW | O_CLOEXEC);
    if (fd < 0) return io_error("cannot read output", rel);
    bool ok = read_fd(fd, static_cast<size_t>(st.st_size), f.content);
    ::close(fd);
    if (!ok) return io_error("cannot read output", rel);
    out.push_back(std::move(f));
    return ok_status();
  }
  if (!S_ISDIR(st.st_mode)) return ok_status();  // sockets, fifos and devices are not outputs
  f.type = OutputFile::Type::k_directory;
  out.push_back(std::move(f));
  int fd = ::openat(dir_fd, name, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
  if (fd < 0) return io_error("cannot read directory", rel);
  std::vector<std::string> names;
  char buf[8192];
  for (;;) {
    ssize_t n = ::getdents64(fd, buf, sizeof buf);
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) {
      int err = errno;
      ::close(fd);
      errno = err;
      return io_error("cannot read directory", rel);
    }
    if (n == 0) break;
    for (ssize_t pos = 0; pos < n;) {
      const auto* d = reinterpret_cast<const struct dirent64*>(buf + pos);
      pos += d->d_reclen;
      std::string_view entry = d->d_name;
      if (entry != "." && entry != "..") names.emplace_back(entry);
    }
  }
  Status s = ok_status();
  for (const auto& n : names) {
    s = read_tree_at(fd, n.c_str(), rel + "/" + n, out);
    if (!s) break;
  }
  ::close(fd);
  return s;
}

Status collect_one(const fs::path& root, const OutputPath& o, std::vector<OutputFile>& out) {
  if (!o.glob) return read_tree_at(AT_FDCWD, (root / o.path).c_str(), o.path, out);
  bool is_dir = false, found = false;
  return walk(root, o.base, [&](const std::string& rel) {
    if (!glob_match(o.path, rel)) return ok_status();
    size_t before = out.size();
    auto s = read_one(root, rel, out, is_dir, found);
    if (is_dir) out.resize(before);  // a glob output names files, not directories
    return s;
  });
}

Status remove_existing(const fs::path& root, const OutputPath& o) {
  std::error_code ec;
  if (!o.glob) {
    fs::remove_all(root / o.path, ec);
    return ec ? Status(Error("cannot remove output: " + ec.message(), SourceLoc{o.path}))
              : ok_status();
  }
  std::vector<std::string> doomed;
  auto s = walk(root, o.base, [&](const std::string& rel) {
    if (glob_match(o.path, rel) && !fs::is_directory(fs::symlink_status(root / rel, ec)))
      doomed.push_back(rel);
    return ok_status();
  });
  for (const auto& rel : doomed)
    if (!fs::remove(root / rel, ec) && ec)
      return Error("cannot remove output: " + ec.message(), SourceLoc{rel});
  return s;
}

Status write_one(const fs::path& root, const OutputFile& f) {
  fs::path p = root / f.path;
  std::error_code ec;
  fs::create_directories(f.type == OutputFile::Type::k_directory ? p : p.parent_path(), ec);
  if (ec) return Error("cannot create directory: " + ec.message(), SourceLoc{f.path});
  if (f.type == OutputFile::Type::k_directory) return ok_status();
  fs::remove(p, ec);
  if (f.type == OutputFile::Type::k_symlink)
    return ::symlink(f.content.c_str(), p.c_str()) == 0
               ? ok_status()
               : Status(io_error("cannot create link", f.path));
  int fd = ::open(p.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_NOFOLLOW | O_CLOEXEC, 0600);
  if (fd < 0) return io_error("cannot write output", f.path);
  size_t done = 0;
  while (done < f.content.size()) {
    ssize_t n = ::write(fd, f.content.data() + done, f.content.size() - done);
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) break;
    done += static_cast<size_t>(n);
  }
  bool ok = done == f.content.size() && ::fchmod(fd, f.mode) == 0;
  ::close(fd);
  return ok ? ok_status() : Status(io_error("cannot write output", f.path));
}

}  // namespace

void mask_output_modes(std::vector<OutputFile>& files) {
  for (auto& f : files)
    if (f.type != OutputFile::Type::k_symlink) f.mode &= k_output_mode_mask;
}

Result<std::vector<OutputFile>> collect_outputs(const fs::path& root,
                                                const std::vector<OutputPath>& outputs) {
  std::vector<OutputFile> out;
  for (const auto& o : outputs) {
    auto s = collect_one(root, o, out);
    if (!s) return s.error();
  }
  // Stored as they will be restored, so outputs_match compares like with like.
  mask_output_modes(out);
  std::stable_sort(out.begin(), out.end(),
                   [](const OutputFile& a, const OutputFile& b) { return a.path < b.path; });
  out.erase(std::unique(out.begin(), out.end(),
                        [](const OutputFile& a, const OutputFile& b) { return a.path == b.path; }),
            out.end());
  return out;
}

Result<std::vector<std::string>> list_output_files(const fs::path& root,
                                                   const std::vector<OutputPath>& outputs) {
  std::vector<std::string> out;
  std::error_code ec;
  auto keep = [&](const std::string& rel, const OutputPath& o) {
    if ((!o.glob || glob_match(o.path, rel)) &&
        fs::symlink_status(root / rel, ec).type() == fs::file_type::regular)
      out.push_back(rel);
    return ok_status();
  };
  for (const auto& o : outputs) {
    Status s = o.glob || fs::is_directory(fs::symlink_status(root / o.path, ec))
                   ? walk(root, o.base, [&](const std::string& rel) { return keep(rel, o); })
                   : keep(o.path, o);
    if (!s) return s.error();
  }
  std::sort(out.begin(), out.end());
  out.erase(std::unique(out.begin(), out.end()), out.end());
  return out;
}

Status check_restorable(const std::vector<OutputFile>& files,
                        const std::vector<OutputPath>& outputs) {
  // Every link first: a path is checked against all of them, wherever in
  // the list they are (decode_entry keeps entries sorted, callers may not).
  std::set<std::string_view> links;
  for (const auto& f : files)
    if (f.type == OutputFile::Type::k_symlink) links.insert(f.path);
  for (const auto& f : files) {
    if (!plain_relative(f.path)) return Error("cache entry holds an invalid path '" + f.path + "'");
    bool covered = std::any_of(outputs.begin(), outputs.end(),
                               [&](const OutputPath& o) { return o.covers(f.path); });
    if (!covered)
      return Error("cache entry holds '" + f.path + "', which is not among the task's outputs");
    for (size_t slash = f.path.find('/'); slash != std::string::npos;
         slash = f.path.find('/', slash + 1))
      if (links.count(std::string_view(f.path).substr(0, slash)))
        return Error("cache entry writes '" + f.path + "' through a symbolic link");
  }
  return ok_status();
}

Status restore_outputs(const fs::path& root, const std::vector<OutputPath>& outputs,
                       const std::vector<OutputFile>& files) {
  for (const auto& o : outputs) {
    auto s = remove_existing(root, o);
    if (!s) return s;
  }
  for (const auto& f : files) {
    auto s = write_one(root, f);
    if (!s) return s;
  }
  // Directory modes last, deepest first, so a read-only directory is still
  // writable while its contents are restored.
  for (auto it = files.rbegin(); it != files.rend(); ++it)
    if (it->type == OutputFile::Type::k_directory &&
        ::chmod((root / it->path).c_str(), it->mode) != 0)
      return io_error("cannot set mode", it->path);
  return ok_status();
}

bool outputs_match(const std::filesystem::path& root, const std::vector<OutputPath>& outputs,
                   const std::vector<OutputFile>& files) {
  auto current = collect_outputs(root, outputs);
  return current && *current == files;
}

}  // namespace strata
