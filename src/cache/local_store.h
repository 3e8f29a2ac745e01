#pragma once
// The local, content-addressed cache: one entry file per task hash under
// <cache dir>/<first two hex digits>/<remaining thirty>. Anything wrong with
// an entry (corrupt, truncated, another format version, outputs that cannot
// be restored) is a miss with a warning, never a wrong restore.

#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include "cache/cache_entry.h"
#include "cache/output_paths.h"
#include "model/workspace.h"
#include "util/hash.h"
#include "util/result.h"

namespace strata {

struct StoreInfo {
  std::filesystem::path directory;
  size_t entries = 0;
  uint64_t total_bytes = 0;    // entry files only
  int64_t oldest_used_ms = 0;  // last use of the least recently used entry; 0 if none
  int64_t newest_used_ms = 0;
};

struct PruneReport {
  bool scanned = true;  // evict(): false when the sample showed no need
  size_t removed = 0;
  uint64_t freed_bytes = 0;
  size_t kept = 0;
  uint64_t kept_bytes = 0;
};

class LocalStore {
 public:
  // `cache_dir` may be relative to `root`.
  LocalStore(std::filesystem::path root, const std::filesystem::path& cache_dir);
  // The store at the workspace's configured cache directory.
  static LocalStore for_workspace(const Workspace& ws);

  const std::filesystem::path& directory() const { return m_dir; }
  std::filesystem::path entry_path(const Digest& hash) const;
  std::string entry_file(const Digest& hash) const;  // the same path, as a string

  // Collects `outputs` from disk and writes the entry for `hash`. Entries
  // are only kept for successful runs: a non-zero exit code stores nothing.
  Status save(const Digest& hash, CacheEntry entry, const std::vector<OutputPath>& outputs);
  // Reads and verifies the entry; nullopt on a miss (a damaged entry is
  // reported with print_warning and deleted).
  std::optional<CacheEntry> load(const Digest& hash) const;
  // load(), then puts the outputs back and marks the entry as used. A
  // restore that fails is reported and is a miss.
  std::optional<CacheEntry> restore(const Digest& hash, const std::vector<OutputPath>& outputs);

  // The read-only half of restore(), safe on any thread: the entry, its
  // file's mtime, and whether `outputs` on disk already match it.
  struct Prefetched {
    std::optional<CacheEntry> entry;
    int64_t mtime_s = 0;
    bool matches = false;
  };
  Prefetched prefetch(const Digest& hash, const std::vector<OutputPath>& outputs) const;
  // restore() given what prefetch() found for the same hash and outputs
  // (restore(h, o) is restore(h, o, prefetch(h, o))).
  std::optional<CacheEntry> restore(const Digest& hash, const std::vector<OutputPath>& outputs,
                                    Prefetched found);
  // How many restores so far had to write to the disk (the outputs were
  // missing or differed); those that found them intact write nothing.
  uint64_t restores_written() const { return m_restores_written; }

  Result<StoreInfo> info() const;
  // Removes every entry and run record.
  Status clean();
  // Evicts least recently used entries until the total is at most
  // `max_bytes`; also removes temporary files left by interrupted writes.
  Result<PruneReport> prune(uint64_t max_bytes);
  // prune() after a run, with bounded work in the common case: entries
  // spread evenly over the 256 fan-out directories, so the one holding
  // `recent` (an entry just stored) estimates the total. Only when that
  // estimate comes near `max_bytes`, or the sample is too small to tell,
  // is the whole cache listed and pruned.
  Result<PruneReport> evict(uint64_t max_bytes, const Digest& recent);

 private:
  // load(), also giving the entry file's mtime (seconds) from the same
  // open, so a hit costs one open, one fstat and one read.
  std::optional<CacheEntry> load(const Digest& hash, int64_t* mtime_s) const;

  std::filesystem::path m_root;
  std::filesystem::path m_dir;
  uint64_t m_restores_written = 0;
};

// Parses sizes such as "500MB", "2G", "1.5GiB", "4096" (bytes). Units are
// binary: K = 1024.
Result<uint64_t> parse_size(std::string_view text);
std::string format_size(uint64_t bytes);

}  // namespace strata
