// A flat binary file: the header of util/byte_codec.h (magic, version,
// payload length, an XXH3-128 checksum of the payload) and then the
// entries, sorted by path. Any mismatch while reading makes the whole
// cache empty; it is only an accelerator.

#include "graph/import_cache.h"

#include <algorithm>
#include <cstring>
#include <utility>

#include "util/byte_codec.h"
#include "util/fs.h"
#include "util/hash.h"

namespace strata {

namespace {

constexpr std::string_view k_magic = "STRIMPC\n";

bool read_entry(ByteReader& r, ImportCache::Entry& e) {
  e.path = r.str();
  e.stamp.size = r.u64();
  e.stamp.inode = r.u64();
  e.stamp.mtime_ns = r.i64();
  e.stamp.ctime_ns = r.i64();
  e.imports.resize(r.count());
  for (auto& imp : e.imports) {
    uint64_t kind = r.u8();
    if (kind > static_cast<uint64_t>(ImportKind::k_angled_include)) return false;
    imp.kind = static_cast<ImportKind>(kind);
    imp.spec = r.str();
    imp.line = r.u32();
  }
  return !r.bad();
}

}  // namespace

ImportCache ImportCache::load(const std::filesystem::path& file) {
  ImportCache cache;
  auto bytes = read_file(file);
  if (bytes && !parse(*bytes, cache)) cache.m_entries.clear();
  return cache;
}

bool ImportCache::parse(std::string_view bytes, ImportCache& out) {
  auto sealed = unseal_file({k_magic, k_version}, bytes);
  if (!sealed) return false;
  ByteReader r(sealed.payload);
  out.m_entries.resize(r.count());
  for (auto& e : out.m_entries)
    if (!read_entry(r, e)) return false;
  return r.done() && std::is_sorted(out.m_entries.begin(), out.m_entries.end(),
                                    [](const Entry& a, const Entry& b) { return a.path < b.path; });
}

const ImportList* ImportCache::find(std::string_view path, const FileStat& stamp) const {
  auto it = std::lower_bound(m_entries.begin(), m_entries.end(), path,
                             [](const Entry& e, std::string_view p) { return e.path < p; });
  if (it == m_entries.end() || it->path != path || !(it->stamp == stamp)) return nullptr;
  return &it->imports;
}

ImportList* ImportCache::find_mutable(std::string_view path, const FileStat& stamp) {
  return const_cast<ImportList*>(std::as_const(*this).find(path, stamp));
}

void ImportCache::assign(std::vector<Entry> entries, int64_t scan_start_ns) {
  std::erase_if(entries, [&](const Entry& e) {
    return std::max(e.stamp.mtime_ns, e.stamp.ctime_ns) >= scan_start_ns - k_racy_ns;
  });
  m_entries = std::move(entries);
}

std::string ImportCache::serialize() const {
  ByteWriter w;
  w.list(m_entries, [](ByteWriter& o, const Entry& e) {
    o.str(e.path);
    o.u64(e.stamp.size);
    o.u64(e.stamp.inode);
    o.i64(e.stamp.mtime_ns);
    o.i64(e.stamp.ctime_ns);
    o.list(e.imports, [](ByteWriter& i, const auto& imp) {
      i.u8(static_cast<uint8_t>(imp.kind));
      i.str(imp.spec);
      i.u32(imp.line);
    });
  });
  return seal_file({k_magic, k_version}, w.out());
}

Status ImportCache::save(const std::filesystem::path& file) const {
  return write_atomic(file, serialize(), Durability::k_checksummed);
}

}  // namespace strata
