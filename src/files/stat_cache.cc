// Fixed-width little-endian fields after a 32-byte header; paths share
// their prefix with the previous (sorted) path, which roughly halves the
// file for a deep tree. The body carries an XXH3-64 checksum so that a torn
// or corrupted file is detected and the cache rebuilt, never misread.

#include "files/stat_cache.h"

#include <sys/stat.h>
#include <xxhash.h>

#include <algorithm>
#include <cstring>

namespace strata {

namespace {

constexpr char k_magic[8] = {'S', 'T', 'R', 'A', 'T', 'A', 'F', 'H'};
constexpr size_t k_header_size = 32;
constexpr size_t k_entry_fixed = 4 + 4 + 7 * 8;  // lengths, then seven 64-bit fields

void put_u32(std::string& out, uint32_t v) {
  for (int i = 0; i < 4; ++i) out += static_cast<char>((v >> (8 * i)) & 0xff);
}

void put_u64(std::string& out, uint64_t v) {
  for (int i = 0; i < 8; ++i) out += static_cast<char>((v >> (8 * i)) & 0xff);
}

uint64_t get_le(const char* p, int bytes) {
  uint64_t v = 0;
  for (int i = 0; i < bytes; ++i) v |= static_cast<uint64_t>(static_cast<unsigned char>(p[i])) << (8 * i);
  return v;
}

size_t shared_prefix(std::string_view a, std::string_view b) {
  size_t n = std::min(a.size(), b.size());
  size_t i = 0;
  while (i < n && a[i] == b[i]) ++i;
  return i;
}

// Reads one entry at data[pos]; false when it runs past the end.
bool decode_entry(std::string_view data, size_t& pos, const std::string& prev, std::string& path,
                  StatEntry& e) {
  if (data.size() - pos < 8) return false;
  uint64_t shared = get_le(data.data() + pos, 4);
  uint64_t suffix = get_le(data.data() + pos + 4, 4);
  pos += 8;
  if (shared > prev.size() || data.size() - pos < suffix + 56) return false;
  path.assign(prev, 0, shared);
  path.append(data.data() + pos, suffix);
  const char* p = data.data() + pos + suffix;
  e.stat.size = get_le(p, 8);
  e.stat.inode = get_le(p + 8, 8);
  e.stat.mtime_ns = static_cast<int64_t>(get_le(p + 16, 8));
  e.stat.ctime_ns = static_cast<int64_t>(get_le(p + 24, 8));
  e.verified_ns = static_cast<int64_t>(get_le(p + 32, 8));
  e.digest.hi = get_le(p + 40, 8);
  e.digest.lo = get_le(p + 48, 8);
  pos += suffix + 56;
  return true;
}

}  // namespace

FileStat to_file_stat(const struct stat& st) {
  return {static_cast<uint64_t>(st.st_size), static_cast<uint64_t>(st.st_ino),
          static_cast<int64_t>(st.st_mtim.tv_sec) * 1'000'000'000 + st.st_mtim.tv_nsec,
          static_cast<int64_t>(st.st_ctim.tv_sec) * 1'000'000'000 + st.st_ctim.tv_nsec};
}

std::string encode_stat_cache(const StatEntries& sorted) {
  std::string body;
  size_t total = 0;
  for (const auto& [path, e] : sorted) total += path.size() + k_entry_fixed;
  body.reserve(total);
  std::string_view prev;
  for (const auto& [path, e] : sorted) {
    size_t shared = shared_prefix(prev, path);
    put_u32(body, static_cast<uint32_t>(shared));
    put_u32(body, static_cast<uint32_t>(path.size() - shared));
    body.append(path, shared);
    put_u64(body, e.stat.size);
    put_u64(body, e.stat.inode);
    put_u64(body, static_cast<uint64_t>(e.stat.mtime_ns));
    put_u64(body, static_cast<uint64_t>(e.stat.ctime_ns));
    put_u64(body, static_cast<uint64_t>(e.verified_ns));
    put_u64(body, e.digest.hi);
    put_u64(body, e.digest.lo);
    prev = path;
  }
  std::string out(k_magic, sizeof k_magic);
  out.reserve(k_header_size + body.size());
  put_u32(out, k_stat_cache_version);
  put_u32(out, 0);  // reserved
  put_u64(out, sorted.size());
  put_u64(out, XXH3_64bits(body.data(), body.size()));
  out += body;
  return out;
}

bool decode_stat_cache(std::string_view data, StatEntries& out) {
  out.clear();
  if (data.size() < k_header_size || std::memcmp(data.data(), k_magic, sizeof k_magic) != 0) return false;
  if (get_le(data.data() + 8, 4) != k_stat_cache_version) return false;
  uint64_t count = get_le(data.data() + 16, 8);
  uint64_t checksum = get_le(data.data() + 24, 8);
  std::string_view body = data.substr(k_header_size);
  if (XXH3_64bits(body.data(), body.size()) != checksum) return false;
  if (count > body.size() / k_entry_fixed) return false;
  out.reserve(count);
  size_t pos = 0;
  std::string prev;
  for (uint64_t i = 0; i < count; ++i) {
    std::string path;
    StatEntry e;
    if (!decode_entry(body, pos, prev, path, e)) {
      out.clear();
      return false;
    }
    prev = path;
    out.emplace_back(std::move(path), e);
  }
  if (pos != body.size()) {
    out.clear();
    return false;
  }
  return true;
}

}  // namespace strata
