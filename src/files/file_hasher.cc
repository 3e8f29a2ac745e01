// Each hash() is one fstatat relative to an open descriptor of the root;
// only when the stat differs from the cached one, or the cached entry is
// racy (see stat_cache.h), is the file opened and read. The cache is split
// into shards, each with its own mutex, so parallel prefetch threads rarely
// contend; the file is read outside any lock. Small files are read whole
// into a per-thread buffer, big ones streamed through XXH3, which gives the
// same digest as hashing the whole content at once.
//
// Entries for files that have disappeared are dropped when a hash() finds
// them missing; entries never asked about stay, so hashing one project does
// not evict the rest of the workspace.

#include "files/file_hasher.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>
#include <xxhash.h>

#include <algorithm>
#include <array>
#include <atomic>
#include <cerrno>
#include <cstring>
#include <ctime>
#include <mutex>
#include <unordered_map>

#include "files/stat_cache.h"
#include "util/fs.h"
#include "util/thread_pool.h"

namespace strata {

namespace fs = std::filesystem;

namespace {

constexpr size_t k_shards = 64;
constexpr size_t k_whole_read_limit = 1 << 20;  // bigger files are streamed
constexpr size_t k_stream_chunk = 256 * 1024;

struct PathHash {
  using is_transparent = void;
  size_t operator()(std::string_view s) const { return std::hash<std::string_view>{}(s); }
};

struct Shard {
  std::mutex mutex;
  std::unordered_map<std::string, StatEntry, PathHash, std::equal_to<>> entries;
};

int64_t now_ns() {
  struct timespec ts{};
  ::clock_gettime(CLOCK_REALTIME, &ts);
  return static_cast<int64_t>(ts.tv_sec) * 1'000'000'000 + ts.tv_nsec;
}

Error io_error(std::string_view what, std::string_view rel_path, int err) {
  std::string hint;
  if (err == ENOENT) hint = "check the path; inputs must name files that exist";
  return Error(std::string(what) + ": " + std::strerror(err), SourceLoc{std::string(rel_path)},
               hint);
}

// read() until `n` bytes or end of file; -1 on error.
ssize_t read_full(int fd, char* buf, size_t n) {
  size_t done = 0;
  while (done < n) {
    ssize_t r = ::read(fd, buf + done, n - done);
    if (r < 0 && errno == EINTR) continue;
    if (r < 0) return -1;
    if (r == 0) break;
    done += static_cast<size_t>(r);
  }
  return static_cast<ssize_t>(done);
}

// Hashes the rest of an open file; false on a read error (errno set).
bool hash_fd(int fd, uint64_t size_hint, Digest& out) {
  if (size_hint < k_whole_read_limit) {
    thread_local std::string buf;
    buf.resize(k_whole_read_limit);
    ssize_t n = read_full(fd, buf.data(), buf.size());
    if (n < 0) return false;
    if (static_cast<size_t>(n) < buf.size()) {
      out = hash_bytes(std::string_view(buf.data(), static_cast<size_t>(n)));
      return true;
    }
    // The file grew past the limit since its stat: stream it from the start.
    if (::lseek(fd, 0, SEEK_SET) != 0) return false;
  }
  XXH3_state_t* state = XXH3_createState();
  XXH3_128bits_reset(state);
  std::string chunk(k_stream_chunk, '\0');
  ssize_t n;
  while ((n = read_full(fd, chunk.data(), chunk.size())) > 0)
    XXH3_128bits_update(state, chunk.data(), static_cast<size_t>(n));
  XXH128_hash_t h = XXH3_128bits_digest(state);
  XXH3_freeState(state);
  if (n < 0) return false;
  out = {h.high64, h.low64};
  return true;
}

}  // namespace

struct FileHasher::Impl {
  fs::path root;
  fs::path state_file;
  int root_fd = -1;
  int root_errno = 0;
  std::array<Shard, k_shards> shards;
  std::atomic<bool> dirty{false};
  std::atomic<const FileIndex*> walk_stats{nullptr};
  std::atomic<uint64_t> reads{0};
  size_t loaded = 0;

  Shard& shard_for(std::string_view path) { return shards[PathHash{}(path) % k_shards]; }
  void load();
  Result<Digest> read_and_store(std::string_view rel_path, Shard& shard);
  void forget(std::string_view rel_path);
};

void FileHasher::Impl::load() {
  auto data = read_file(state_file);
  if (!data) return;  // no cache yet
  StatEntries entries;
  if (!decode_stat_cache(*data, entries)) {
    dirty = true;  // replace the unreadable file on the next save
    return;
  }
  loaded = entries.size();
  for (auto& [path, e] : entries) shard_for(path).entries.emplace(std::move(path), e);
}

Result<Digest> FileHasher::Impl::read_and_store(std::string_view rel_path, Shard& shard) {
  int64_t started = now_ns();
  int fd = ::openat(root_fd, std::string(rel_path).c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) return io_error("cannot read file", rel_path, errno);
  struct stat st{};
  Digest digest;
  bool ok = ::fstat(fd, &st) == 0 && hash_fd(fd, static_cast<uint64_t>(st.st_size), digest);
  int err = errno;
  ::close(fd);
  if (!ok) return io_error("cannot read file", rel_path, err);
  reads.fetch_add(1, std::memory_order_relaxed);
  StatEntry fresh{to_file_stat(st), started, digest};
  std::lock_guard lock(shard.mutex);
  auto [it, inserted] = shard.entries.try_emplace(std::string(rel_path), fresh);
  if (!inserted) {
    const StatEntry& old = it->second;
    bool changed = old.stat != fresh.stat || old.digest != fresh.digest ||
                   stat_entry_trusted(old, old.stat) != stat_entry_trusted(fresh, fresh.stat);
    it->second = fresh;
    if (!changed) return digest;
  }
  dirty = true;
  return digest;
}

void FileHasher::Impl::forget(std::string_view rel_path) {
  Shard& shard = shard_for(rel_path);
  std::lock_guard lock(shard.mutex);
  auto it = shard.entries.find(rel_path);
  if (it == shard.entries.end()) return;
  shard.entries.erase(it);
  dirty = true;
}

FileHasher::FileHasher(fs::path root, fs::path state_file) : m_impl(std::make_unique<Impl>()) {
  m_impl->root = std::move(root);
  m_impl->state_file = std::move(state_file);
  m_impl->root_fd = ::open(m_impl->root.c_str(), O_PATH | O_DIRECTORY | O_CLOEXEC);
  if (m_impl->root_fd < 0) m_impl->root_errno = errno;
  m_impl->load();
}

FileHasher::~FileHasher() {
  if (m_impl->root_fd >= 0) ::close(m_impl->root_fd);
}

Result<Digest> FileHasher::hash(std::string_view rel_path) {
  Impl& impl = *m_impl;
  if (impl.root_fd < 0)
    return Error(std::string("cannot open the workspace root: ") + std::strerror(impl.root_errno),
                 SourceLoc{impl.root.string()});
  // The walk lists regular files only (symlinks followed), so a walk-time
  // stat needs no type check.
  const FileIndex* index = impl.walk_stats.load(std::memory_order_acquire);
  const FileStat* known = index ? index->stat_of(rel_path) : nullptr;
  FileStat current;
  if (known) {
    current = *known;
  } else {
    struct stat st{};
    if (::fstatat(impl.root_fd, std::string(rel_path).c_str(), &st, 0) != 0) {
      int err = errno;
      if (err == ENOENT || err == ENOTDIR) impl.forget(rel_path);
      return io_error("cannot hash file", rel_path, err);
    }
    if (!S_ISREG(st.st_mode))
      return Error("cannot hash file: not a regular file", SourceLoc{std::string(rel_path)},
                   "inputs must name files, not directories; use a glob such as dir/**/*");
    current = to_file_stat(st);
  }
  Shard& shard = impl.shard_for(rel_path);
  {
    std::lock_guard lock(shard.mutex);
    auto it = shard.entries.find(rel_path);
    if (it != shard.entries.end() && stat_entry_trusted(it->second, current))
      return it->second.digest;
  }
  return impl.read_and_store(rel_path, shard);
}

void FileHasher::use_walk_stats(const FileIndex* index) {
  m_impl->walk_stats.store(index, std::memory_order_release);
}

void FileHasher::prefetch(const std::vector<std::string>& rel_paths) {
  // Errors surface again, with their message, when the caller asks hash().
  parallel_for(rel_paths.size(), [&](size_t i) { (void)hash(rel_paths[i]); });
}

Status FileHasher::save() {
  Impl& impl = *m_impl;
  if (!impl.dirty.exchange(false)) return ok_status();
  StatEntries entries;
  for (auto& shard : impl.shards) {
    std::lock_guard lock(shard.mutex);
    for (const auto& [path, e] : shard.entries) entries.emplace_back(path, e);
  }
  std::sort(entries.begin(), entries.end(),
            [](const auto& a, const auto& b) { return a.first < b.first; });
  Status st = write_atomic(impl.state_file, encode_stat_cache(entries), Durability::k_checksummed);
  if (!st) impl.dirty = true;
  return st;
}

uint64_t FileHasher::files_read() const { return m_impl->reads.load(); }

size_t FileHasher::entries_loaded() const { return m_impl->loaded; }

}  // namespace strata
