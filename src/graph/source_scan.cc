// One parallel pass: each worker stats its file, takes the imports from the
// cache when size, mtime and inode match, and otherwise reads the file once
// and runs the scanner for its language. Results go into per-file slots, so
// workers share nothing but the read-only cache.
//
// A cold scan reads every source file (120,000 at 10,000 projects), so each
// read is one openat of the file's name relative to its directory (opened
// once per directory), one read sized from the walk's stat into a buffer
// the thread reuses, and a close: no fstat, no allocation per file.

#include "graph/source_scan.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <chrono>

#include "graph/cpp_includes.h"
#include "graph/import_cache.h"
#include "graph/python_imports.h"
#include "graph/ts_imports.h"
#include "util/fs.h"
#include "util/profile.h"
#include "util/read_log.h"
#include "util/thread_pool.h"

namespace strata {

namespace {

std::string_view extension(std::string_view path) {
  size_t slash = path.rfind('/');
  size_t dot = path.rfind('.');
  if (dot == std::string_view::npos || (slash != std::string_view::npos && dot < slash)) return {};
  return path.substr(dot + 1);
}

bool stat_file(int root_fd, const std::string& rel, FileStat& stamp) {
  struct stat st{};
  if (::fstatat(root_fd, rel.c_str(), &st, 0) != 0) return false;
  stamp = to_file_stat(st);
  return true;
}

// "a/b" of "a/b/c.ts"; empty for a file at the root.
std::string_view dir_of(std::string_view path) {
  size_t slash = path.rfind('/');
  return slash == std::string_view::npos ? std::string_view() : path.substr(0, slash);
}

// Reads `rel` whole into `buf`. `size` (from a stat) sizes the first read
// one byte past it, so a file that has not grown ends in that one read; a
// file that grew is read on to its end.
bool read_source(int root_fd, const std::string& rel, uint64_t size, std::string& buf) {
  int fd = ::openat(root_fd, rel.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) return false;
  buf.resize(static_cast<size_t>(size) + 1);
  size_t len = 0;
  for (;;) {
    ssize_t n = ::read(fd, buf.data() + len, buf.size() - len);
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) {
      ::close(fd);
      return false;
    }
    len += static_cast<size_t>(n);
    // Short of the buffer: a regular file is at its end.
    if (n == 0 || len < buf.size()) break;
    buf.resize(buf.size() * 2);
  }
  ::close(fd);
  buf.resize(len);
  return true;
}

int64_t now_ns() {
  return std::chrono::duration_cast<std::chrono::nanoseconds>(
             std::chrono::system_clock::now().time_since_epoch())
      .count();
}

}  // namespace

SourceLanguage source_language(std::string_view path) {
  std::string_view ext = extension(path);
  if (ext == "py") return SourceLanguage::k_python;
  static constexpr std::string_view k_ts[] = {"ts", "tsx", "js", "jsx", "mjs", "cjs", "mts", "cts"};
  static constexpr std::string_view k_cpp[] = {"c", "cc", "cpp", "cxx", "h", "hh", "hpp", "hxx"};
  for (auto e : k_ts)
    if (ext == e) return SourceLanguage::k_typescript;
  for (auto e : k_cpp)
    if (ext == e) return SourceLanguage::k_cpp;
  return SourceLanguage::k_none;
}

ImportList scan_imports(SourceLanguage lang, std::string_view content) {
  switch (lang) {
    case SourceLanguage::k_python:
      return scan_python_imports(content);
    case SourceLanguage::k_typescript:
      return scan_ts_imports(content);
    case SourceLanguage::k_cpp:
      return scan_cpp_includes(content);
    case SourceLanguage::k_none:
      break;
  }
  return {};
}

std::vector<ImportList> scan_source_files(const std::filesystem::path& root,
                                          const std::vector<std::string_view>& files,
                                          const std::filesystem::path& cache_file,
                                          ScanStats* stats) {
  return scan_source_files(root, files, std::vector<std::optional<FileStat>>(files.size()),
                           cache_file, stats);
}

std::vector<ImportList> scan_source_files(const std::filesystem::path& root,
                                          const std::vector<std::string_view>& files,
                                          const std::vector<std::optional<FileStat>>& known,
                                          const std::filesystem::path& cache_file,
                                          ScanStats* stats) {
  const bool use_cache = !cache_file.empty();
  // Imports depend on every source's content: no list of reads covers them.
  if (!files.empty()) ReadLog::note_everything();
  const int64_t start = now_ns();
  ProfilePhase load("    imports-cache load");
  ImportCache cache = use_cache ? ImportCache::load(cache_file) : ImportCache{};
  load.stop();
  ProfilePhase verify("    stat + scan");
  std::vector<ImportList> out(files.size());
  std::vector<FileStat> stamps(files.size());
  enum : char { k_missing, k_cached, k_read };
  std::vector<char> state(files.size(), k_missing);
  int root_fd = ::open(root.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  // Files of one directory form a group that one worker takes whole, so
  // the directory is opened once and each file is one name inside it: the
  // kernel resolves one component per file instead of its whole path.
  std::vector<size_t> group_begin;
  for (size_t i = 0; i < files.size(); ++i)
    if (i == 0 || dir_of(files[i]) != dir_of(files[i - 1])) group_begin.push_back(i);
  group_begin.push_back(files.size());
  parallel_for(group_begin.size() - 1, [&](size_t g) {
    thread_local std::string rel, content;
    int dir_fd = -1;
    bool dir_tried = false;
    for (size_t i = group_begin[g]; i < group_begin[g + 1]; ++i) {
      rel.assign(files[i]);
      if (i < known.size() && known[i]) {
        stamps[i] = *known[i];
      } else if (!stat_file(root_fd, rel, stamps[i])) {
        continue;
      }
      if (ImportList* hit = use_cache ? cache.find_mutable(files[i], stamps[i]) : nullptr) {
        out[i] = std::move(*hit);
        state[i] = k_cached;
        continue;
      }
      std::string_view dir = dir_of(files[i]);
      if (!dir_tried && !dir.empty()) {
        dir_tried = true;
        dir_fd = ::openat(root_fd, std::string(dir).c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
      }
      if (dir_fd >= 0) rel.assign(files[i].substr(dir.size() + 1));
      if (!read_source(dir_fd >= 0 ? dir_fd : root_fd, rel, stamps[i].size, content)) continue;
      out[i] = scan_imports(source_language(files[i]), content);
      state[i] = k_read;
    }
    if (dir_fd >= 0) ::close(dir_fd);
  });
  if (root_fd >= 0) ::close(root_fd);

  verify.stop();
  ScanStats s;
  for (char st : state) ++(st == k_missing ? s.failed : st == k_cached ? s.cached : s.read);
  if (stats) *stats = s;
  profile_count("source files", files.size());
  profile_count("source files read", s.read);
  size_t live = files.size() - s.failed;
  if (use_cache && (s.read > 0 || live != cache.entries().size())) {
    // The cache is sorted by path. Callers mostly pass files in that order
    // already, so indices are checked first and sorted only when needed,
    // rather than sorting the entries (strings and import lists) themselves.
    std::vector<size_t> order;
    order.reserve(live);
    for (size_t i = 0; i < files.size(); ++i)
      if (state[i] != k_missing) order.push_back(i);
    auto by_path = [&](size_t a, size_t b) { return files[a] < files[b]; };
    if (!std::is_sorted(order.begin(), order.end(), by_path))
      std::sort(order.begin(), order.end(), by_path);
    std::vector<ImportCache::Entry> entries;
    entries.reserve(live);
    for (size_t i : order) entries.push_back({std::string(files[i]), stamps[i], out[i]});
    ProfilePhase save("    imports-cache save");
    cache.assign(std::move(entries), start);
    (void)cache.save(cache_file);  // an accelerator: failing to save only costs speed
  }
  return out;
}

}  // namespace strata
