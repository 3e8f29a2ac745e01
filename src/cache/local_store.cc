// The store touches only names it made itself: two-hex-digit fan-out
// directories holding thirty-hex-digit entry files, and the run records.
// That way `clean` on a misconfigured cache directory cannot delete anything
// else. The file's mtime doubles as the last-used stamp: it is set when the
// entry is written and again on every hit, and prune evicts by it.

#include "cache/local_store.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cctype>
#include <cerrno>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <ctime>

#include "cache/output_files.h"
#include "cache/run_record.h"
#include "util/diagnostics.h"
#include "util/fs.h"

namespace strata {

namespace fs = std::filesystem;

namespace {

bool is_hex(std::string_view s, size_t n) {
  return s.size() == n && std::all_of(s.begin(), s.end(), [](char c) {
           return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f');
         });
}

struct EntryFile {
  fs::path path;
  uint64_t size = 0;
  int64_t used_ms = 0;
};

int64_t mtime_ms(const struct stat& st) {
  return static_cast<int64_t>(st.st_mtim.tv_sec) * 1000 + st.st_mtim.tv_nsec / 1000000;
}

int64_t now_ms() {
  using namespace std::chrono;
  return duration_cast<milliseconds>(system_clock::now().time_since_epoch()).count();
}

// Every entry file, plus (in `temps`) temporary files of unfinished writes.
std::vector<EntryFile> list_entries(const fs::path& dir, std::vector<EntryFile>* temps = nullptr) {
  std::vector<EntryFile> out;
  std::error_code ec;
  for (const auto& fan : fs::directory_iterator(dir, ec)) {
    if (!is_hex(fan.path().filename().string(), 2) || !fan.is_directory(ec)) continue;
    for (const auto& f : fs::directory_iterator(fan.path(), ec)) {
      std::string name = f.path().filename().string();
      bool temp = name.size() > 30 && is_hex(name.substr(0, 30), 30) && name.find(".tmp.") == 30;
      if (!is_hex(name, 30) && !(temp && temps)) continue;
      struct stat st{};
      if (::stat(f.path().c_str(), &st) != 0) continue;
      EntryFile e{f.path(), static_cast<uint64_t>(st.st_size), mtime_ms(st)};
      (temp ? *temps : out).push_back(std::move(e));
    }
  }
  return out;
}

void warn_damaged(const fs::path& path, const std::string& why) {
  print_warning(Error("ignoring damaged cache entry: " + why, SourceLoc{path.string()},
                      "the entry was removed; the task will run again"));
}

}  // namespace

LocalStore::LocalStore(fs::path root, const fs::path& cache_dir)
    : m_root(std::move(root)), m_dir(cache_dir.is_absolute() ? cache_dir : m_root / cache_dir) {}

LocalStore LocalStore::for_workspace(const Workspace& ws) {
  return LocalStore(ws.root, ws.config.cache_directory);
}

fs::path LocalStore::entry_path(const Digest& hash) const { return entry_file(hash); }

// As a string: a std::filesystem::path splits itself into components on
// every construction and append, which a cached run of 1,000 tasks pays
// thousands of times for nothing.
std::string LocalStore::entry_file(const Digest& hash) const {
  std::string hex = hash.hex();
  std::string out = m_dir.native();
  out += '/';
  out.append(hex, 0, 2);
  out += '/';
  out.append(hex, 2);
  return out;
}

Status LocalStore::save(const Digest& hash, CacheEntry entry,
                        const std::vector<OutputPath>& outputs) {
  if (entry.exit_code != 0) return ok_status();
  if (Status inside = check_outputs_inside(m_root, outputs); !inside) return inside;
  auto files = collect_outputs(m_root, outputs);
  if (!files) return files.error();
  entry.files = std::move(*files);
  entry.hash = hash.hex();
  if (entry.created_ms == 0) entry.created_ms = now_ms();
  return write_atomic(entry_path(hash), encode_entry(entry), Durability::k_checksummed);
}

std::optional<CacheEntry> LocalStore::load(const Digest& hash) const { return load(hash, nullptr); }

std::optional<CacheEntry> LocalStore::load(const Digest& hash, int64_t* mtime_s) const {
  const std::string path = entry_file(hash);
  std::error_code ec;
  auto cannot_read = [&] {
    print_warning(
        Error(std::string("cannot read cache entry: ") + std::strerror(errno), SourceLoc{path}));
    return std::nullopt;
  };
  int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) {
    if (errno == ENOENT || errno == ENOTDIR) return std::nullopt;  // a miss
    return cannot_read();
  }
  struct stat st{};
  std::string bytes;
  bool ok = ::fstat(fd, &st) == 0;
  if (ok) {
    // One byte more than the size, so a file that grew shows as a long read.
    bytes.resize(static_cast<size_t>(st.st_size) + 1);
    size_t done = 0;
    while (done < bytes.size()) {
      ssize_t n = ::read(fd, bytes.data() + done, bytes.size() - done);
      if (n < 0 && errno == EINTR) continue;
      if (n < 0) ok = false;
      if (n <= 0) break;
      done += static_cast<size_t>(n);
    }
    bytes.resize(done);
  }
  int err = errno;
  ::close(fd);
  if (!ok) {
    errno = err;
    return cannot_read();
  }
  if (mtime_s) *mtime_s = static_cast<int64_t>(st.st_mtime);
  auto entry = decode_entry(bytes);
  if (entry && entry->hash != hash.hex()) entry = Error("entry is stored under the wrong hash");
  if (!entry) {
    warn_damaged(path, entry.error().message);
    fs::remove(path, ec);
    return std::nullopt;
  }
  // Whatever an entry says (it may be crafted), a restore sets only the
  // permission bits a build produces.
  mask_output_modes(entry->files);
  return std::move(*entry);
}

std::optional<CacheEntry> LocalStore::restore(const Digest& hash,
                                              const std::vector<OutputPath>& outputs) {
  return restore(hash, outputs, prefetch(hash, outputs));
}

LocalStore::Prefetched LocalStore::prefetch(const Digest& hash,
                                            const std::vector<OutputPath>& outputs) const {
  Prefetched found;
  found.entry = load(hash, &found.mtime_s);
  // Outputs still on disk exactly as recorded are left alone: reading them
  // back is much cheaper than deleting and rewriting them, and it keeps
  // their timestamps, so tools watching them see no change.
  if (found.entry && check_restorable(found.entry->files, outputs))
    found.matches = outputs_match(m_root, outputs, found.entry->files);
  return found;
}

std::optional<CacheEntry> LocalStore::restore(const Digest& hash,
                                              const std::vector<OutputPath>& outputs,
                                              Prefetched found) {
  if (!found.entry) return std::nullopt;
  std::optional<CacheEntry>& entry = found.entry;
  const std::string path = entry_file(hash);
  Status s = check_restorable(entry->files, outputs);
  if (s && !found.matches) {
    ++m_restores_written;
    s = restore_outputs(m_root, outputs, entry->files);
  }
  if (!s) {
    print_warning(
        Error("cannot restore cached outputs of " + entry->task_id + ": " + s.error().str(),
              SourceLoc{path}, "the task will run again"));
    return std::nullopt;
  }
  // Last used: now. Pruning only needs it to the hour, and skipping the
  // inode update keeps a fully cached run from writing to the disk.
  if (std::time(nullptr) - found.mtime_s > 3600) ::utimensat(AT_FDCWD, path.c_str(), nullptr, 0);
  return std::move(entry);
}

Result<StoreInfo> LocalStore::info() const {
  StoreInfo info;
  info.directory = m_dir;
  for (const auto& e : list_entries(m_dir)) {
    ++info.entries;
    info.total_bytes += e.size;
    info.oldest_used_ms =
        info.oldest_used_ms == 0 ? e.used_ms : std::min(info.oldest_used_ms, e.used_ms);
    info.newest_used_ms = std::max(info.newest_used_ms, e.used_ms);
  }
  return info;
}

Status LocalStore::clean() {
  std::error_code ec;
  for (const auto& fan : fs::directory_iterator(m_dir, ec)) {
    std::string name = fan.path().filename().string();
    if (!is_hex(name, 2) && name != k_run_records_dir) continue;
    fs::remove_all(fan.path(), ec);
    if (ec) return Error("cannot remove: " + ec.message(), SourceLoc{fan.path().string()});
  }
  return ok_status();
}

Result<PruneReport> LocalStore::prune(uint64_t max_bytes) {
  std::vector<EntryFile> temps;
  std::vector<EntryFile> entries = list_entries(m_dir, &temps);
  std::error_code ec;
  int64_t stale = now_ms() - 3600 * 1000;  // older writes were interrupted
  for (const auto& t : temps)
    if (t.used_ms < stale) fs::remove(t.path, ec);
  std::sort(entries.begin(), entries.end(), [](const EntryFile& a, const EntryFile& b) {
    return a.used_ms != b.used_ms ? a.used_ms < b.used_ms : a.path < b.path;
  });
  PruneReport report;
  for (const auto& e : entries) report.kept_bytes += e.size;
  report.kept = entries.size();
  for (const auto& e : entries) {
    if (report.kept_bytes <= max_bytes) break;
    if (!fs::remove(e.path, ec) && ec)
      return Error("cannot remove: " + ec.message(), SourceLoc{e.path.string()});
    ++report.removed;
    --report.kept;
    report.freed_bytes += e.size;
    report.kept_bytes -= e.size;
  }
  return report;
}

Result<PruneReport> LocalStore::evict(uint64_t max_bytes, const Digest& recent) {
  constexpr size_t k_min_sample = 8;  // fewer entries in one directory say little
  fs::path fan = entry_path(recent).parent_path();
  size_t count = 0;
  uint64_t bytes = 0;
  std::error_code ec;
  for (const auto& f : fs::directory_iterator(fan, ec)) {
    if (!is_hex(f.path().filename().string(), 30)) continue;
    struct stat st{};
    if (::stat(f.path().c_str(), &st) != 0) continue;
    ++count;
    bytes += static_cast<uint64_t>(st.st_size);
  }
  // Under 80% of the limit by the estimate: nothing to do yet.
  if (count >= k_min_sample && bytes * 256 < max_bytes / 5 * 4) {
    PruneReport skipped;
    skipped.scanned = false;
    return skipped;
  }
  return prune(max_bytes);
}

Result<uint64_t> parse_size(std::string_view text) {
  static const std::pair<const char*, int> k_units[] = {
      {"", 0},    {"b", 0}, {"k", 1},  {"kb", 1},  {"kib", 1}, {"m", 2},  {"mb", 2},
      {"mib", 2}, {"g", 3}, {"gb", 3}, {"gib", 3}, {"t", 4},   {"tb", 4}, {"tib", 4}};
  size_t i = 0;
  while (i < text.size() && (std::isdigit(static_cast<unsigned char>(text[i])) || text[i] == '.'))
    ++i;
  std::string number(text.substr(0, i)), unit;
  for (char c : text.substr(i))
    if (c != ' ') unit += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  char* end = nullptr;
  double value = number.empty() ? -1 : std::strtod(number.c_str(), &end);
  for (const auto& [name, power] : k_units)
    if (unit == name && value >= 0 && end && *end == '\0')
      return static_cast<uint64_t>(std::llround(value * std::pow(1024.0, power)));
  return Error("invalid size '" + std::string(text) + "'", {},
               "use a number with an optional unit, e.g. 500MB or 2G");
}

std::string format_size(uint64_t bytes) {
  static const char* k_names[] = {"B", "KiB", "MiB", "GiB", "TiB"};
  double v = static_cast<double>(bytes);
  int unit = 0;
  while (v >= 1024 && unit < 4) {
    v /= 1024;
    ++unit;
  }
  char buf[32];
  std::snprintf(buf, sizeof buf, unit == 0 ? "%.0f %s" : "%.1f %s", v, k_names[unit]);
  return buf;
}

}  // namespace strata
