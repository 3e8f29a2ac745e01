// Fixed-width little-endian fields (util/byte_codec.h) after the common
// file header; paths share their prefix with the previous (sorted) path,
// which roughly halves the file for a deep tree. The header's checksum
// detects a torn or corrupted file, which is rebuilt, never misread.

#include "files/stat_cache.h"

#include <sys/stat.h>

#include <algorithm>
#include <cstring>

#include "util/byte_codec.h"

namespace strata {

namespace {

constexpr BinaryFormat k_format{"STRATAFH", k_stat_cache_version};
// Lengths, then seven 64-bit fields: no entry is shorter.
constexpr size_t k_entry_fixed = 4 + 4 + 7 * 8;

size_t shared_prefix(std::string_view a, std::string_view b) {
  size_t n = std::min(a.size(), b.size());
  size_t i = 0;
  while (i < n && a[i] == b[i]) ++i;
  return i;
}

// Reads one entry; false when it runs past the end or shares more than
// the previous path has.
bool decode_entry(ByteReader& r, const std::string& prev, std::string& path, StatEntry& e) {
  uint32_t shared = r.u32();
  std::string_view suffix = r.str_view();
  if (r.bad() || shared > prev.size()) return false;
  path.assign(prev, 0, shared);
  path.append(suffix);
  e.stat.size = r.u64();
  e.stat.inode = r.u64();
  e.stat.mtime_ns = r.i64();
  e.stat.ctime_ns = r.i64();
  e.verified_ns = r.i64();
  e.digest = r.digest();
  return !r.bad();
}

}  // namespace

FileStat to_file_stat(const struct stat& st) {
  return {static_cast<uint64_t>(st.st_size), static_cast<uint64_t>(st.st_ino),
          static_cast<int64_t>(st.st_mtim.tv_sec) * 1'000'000'000 + st.st_mtim.tv_nsec,
          static_cast<int64_t>(st.st_ctim.tv_sec) * 1'000'000'000 + st.st_ctim.tv_nsec};
}

std::string encode_stat_cache(const StatEntries& sorted) {
  ByteWriter w;
  size_t total = 8;
  for (const auto& [path, e] : sorted) total += path.size() + k_entry_fixed;
  w.out().reserve(total);
  w.u64(sorted.size());
  std::string_view prev;
  for (const auto& [path, e] : sorted) {
    size_t shared = shared_prefix(prev, path);
    w.u32(static_cast<uint32_t>(shared));
    w.str(std::string_view(path).substr(shared));
    w.u64(e.stat.size);
    w.u64(e.stat.inode);
    w.i64(e.stat.mtime_ns);
    w.i64(e.stat.ctime_ns);
    w.i64(e.verified_ns);
    w.digest(e.digest);
    prev = path;
  }
  return seal_file(k_format, w.out());
}

bool decode_stat_cache(std::string_view data, StatEntries& out) {
  out.clear();
  auto sealed = unseal_file(k_format, data);
  if (!sealed) return false;
  ByteReader r(sealed.payload);
  uint64_t count = r.u64();
  if (r.bad() || count > r.remaining() / k_entry_fixed) return false;
  out.reserve(count);
  std::string prev;
  for (uint64_t i = 0; i < count; ++i) {
    std::string path;
    StatEntry e;
    if (!decode_entry(r, prev, path, e)) {
      out.clear();
      return false;
    }
    prev = path;
    out.emplace_back(std::move(path), e);
  }
  if (!r.done()) {
    out.clear();
    return false;
  }
  return true;
}

}  // namespace strata
