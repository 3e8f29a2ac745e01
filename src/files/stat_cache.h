#pragma once
// The stat cache's entries, the rule that decides when one may be trusted,
// and its on-disk format (docs/formats/file-hashes.md).

#include <sys/stat.h>

#include <cstdint>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "util/hash.h"

namespace strata {

// The parts of a stat that change whenever a file's content may have.
struct FileStat {
  uint64_t size = 0;
  uint64_t inode = 0;
  int64_t mtime_ns = 0;
  int64_t ctime_ns = 0;

  friend bool operator==(const FileStat&, const FileStat&) = default;
};

// The FileStat of a stat() result.
FileStat to_file_stat(const struct stat& st);

struct StatEntry {
  FileStat stat;
  int64_t verified_ns = 0;  // wall-clock time just before the content was read
  Digest digest;
};

// A file modified this close to the moment it was read may be modified
// again within the same timestamp granule (coarse kernel clocks, 2 s on
// FAT), leaving its stat unchanged: such an entry is "racy" and re-read.
inline constexpr int64_t k_racy_window_ns = 2'000'000'000;

// True when `entry` may stand for a file whose stat is now `current`.
inline bool stat_entry_trusted(const StatEntry& entry, const FileStat& current) {
  return entry.stat == current && entry.stat.mtime_ns + k_racy_window_ns <= entry.verified_ns;
}

using StatEntries = std::vector<std::pair<std::string, StatEntry>>;

inline constexpr uint32_t k_stat_cache_version = 2;  // 2: the common header (util/byte_codec.h)

// Serialises entries, which must be sorted by path.
std::string encode_stat_cache(const StatEntries& sorted);
// Parses a stat cache; false (and `out` empty) when the data is truncated,
// corrupt, or of another format or version.
bool decode_stat_cache(std::string_view data, StatEntries& out);

}  // namespace strata
