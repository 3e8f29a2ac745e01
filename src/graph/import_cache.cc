// A flat binary file: a fixed header (magic, version, payload length, an
// XXH3-128 checksum of the payload) and then the entries, sorted by path.
// Integers are little-endian. Any mismatch while reading makes the whole
// cache empty; it is only an accelerator.

#include "graph/import_cache.h"

#include <algorithm>
#include <cstring>
#include <utility>

#include "util/fs.h"
#include "util/hash.h"

namespace strata {

namespace {

constexpr std::string_view k_magic = "STRIMPC\n";

void put_u64(std::string& out, uint64_t v) {
  for (int i = 0; i < 8; ++i) out.push_back(static_cast<char>((v >> (8 * i)) & 0xff));
}
void put_u32(std::string& out, uint32_t v) {
  for (int i = 0; i < 4; ++i) out.push_back(static_cast<char>((v >> (8 * i)) & 0xff));
}
void put_str(std::string& out, std::string_view s) {
  put_u32(out, static_cast<uint32_t>(s.size()));
  out.append(s);
}

// Reads fields from a byte range; any overrun sets `bad` and yields zeros.
struct Reader {
  std::string_view s;
  size_t p = 0;
  bool bad = false;

  uint64_t uint(int bytes) {
    if (s.size() - p < static_cast<size_t>(bytes)) return bad = true, 0;
    uint64_t v = 0;
    for (int i = 0; i < bytes; ++i) v |= uint64_t(static_cast<unsigned char>(s[p + i])) << (8 * i);
    p += bytes;
    return v;
  }
  std::string_view str() {
    size_t n = uint(4);
    if (bad || s.size() - p < n) return bad = true, std::string_view();
    std::string_view v = s.substr(p, n);
    p += n;
    return v;
  }
};

bool read_entry(Reader& r, ImportCache::Entry& e) {
  e.path = r.str();
  e.stamp.size = r.uint(8);
  e.stamp.mtime_ns = static_cast<int64_t>(r.uint(8));
  e.stamp.inode = r.uint(8);
  size_t n = r.uint(4);
  if (r.bad || n > r.s.size()) return false;
  e.imports.resize(n);
  for (auto& imp : e.imports) {
    uint64_t kind = r.uint(1);
    if (kind > static_cast<uint64_t>(ImportKind::k_angled_include)) return false;
    imp.kind = static_cast<ImportKind>(kind);
    imp.spec = r.str();
    imp.line = static_cast<uint32_t>(r.uint(4));
  }
  return !r.bad;
}

}  // namespace

ImportCache ImportCache::load(const std::filesystem::path& file) {
  ImportCache cache;
  auto bytes = read_file(file);
  if (bytes && !parse(*bytes, cache)) cache.m_entries.clear();
  return cache;
}

bool ImportCache::parse(std::string_view bytes, ImportCache& out) {
  Reader h{bytes};
  if (bytes.substr(0, k_magic.size()) != k_magic) return false;
  h.p = k_magic.size();
  if (h.uint(4) != k_version) return false;
  uint64_t length = h.uint(8);
  Digest sum{h.uint(8), h.uint(8)};
  if (h.bad || bytes.size() - h.p != length) return false;
  std::string_view payload = bytes.substr(h.p);
  if (hash_bytes(payload) != sum) return false;
  Reader r{payload};
  size_t count = r.uint(4);
  if (count > payload.size()) return false;
  out.m_entries.resize(count);
  for (auto& e : out.m_entries)
    if (!read_entry(r, e)) return false;
  return r.p == payload.size() &&
         std::is_sorted(out.m_entries.begin(), out.m_entries.end(),
                        [](const Entry& a, const Entry& b) { return a.path < b.path; });
}

const ImportList* ImportCache::find(std::string_view path, const FileStamp& stamp) const {
  auto it = std::lower_bound(m_entries.begin(), m_entries.end(), path,
                             [](const Entry& e, std::string_view p) { return e.path < p; });
  if (it == m_entries.end() || it->path != path || !(it->stamp == stamp)) return nullptr;
  return &it->imports;
}

ImportList* ImportCache::find_mutable(std::string_view path, const FileStamp& stamp) {
  return const_cast<ImportList*>(std::as_const(*this).find(path, stamp));
}

void ImportCache::assign(std::vector<Entry> entries, int64_t scan_start_ns) {
  std::erase_if(entries, [&](const Entry& e) { return e.stamp.mtime_ns >= scan_start_ns - k_racy_ns; });
  m_entries = std::move(entries);
}

std::string ImportCache::serialize() const {
  std::string payload;
  put_u32(payload, static_cast<uint32_t>(m_entries.size()));
  for (const auto& e : m_entries) {
    put_str(payload, e.path);
    put_u64(payload, e.stamp.size);
    put_u64(payload, static_cast<uint64_t>(e.stamp.mtime_ns));
    put_u64(payload, e.stamp.inode);
    put_u32(payload, static_cast<uint32_t>(e.imports.size()));
    for (const auto& imp : e.imports) {
      payload.push_back(static_cast<char>(imp.kind));
      put_str(payload, imp.spec);
      put_u32(payload, imp.line);
    }
  }
  std::string out(k_magic);
  put_u32(out, k_version);
  put_u64(out, payload.size());
  Digest sum = hash_bytes(payload);
  put_u64(out, sum.hi);
  put_u64(out, sum.lo);
  return out + payload;
}

Status ImportCache::save(const std::filesystem::path& file) const {
  return write_atomic(file, serialize(), Durability::k_checksummed);
}

}  // namespace strata
