// Entries are written little-endian with explicit lengths, so a reader never
// trusts a size it has not bounds-checked. The checksum covers the compressed
// body and is verified before decompression: a flipped bit is reported as
// corruption, never handed to zstd or, worse, restored.

#include "cache/cache_entry.h"

#include <zstd.h>

#include <memory>

#include "util/hash.h"

namespace strata {

namespace {

uint64_t read_le(std::string_view s, size_t at, int bytes) {
  uint64_t v = 0;
  for (int i = 0; i < bytes; ++i)
    v |= static_cast<uint64_t>(static_cast<uint8_t>(s[at + i])) << (8 * i);
  return v;
}

class ByteWriter {
 public:
  void u8(uint8_t v) { m_out.push_back(static_cast<char>(v)); }
  void u32(uint32_t v) { fixed(v, 4); }
  void u64(uint64_t v) { fixed(v, 8); }
  void str(std::string_view s) {
    u32(static_cast<uint32_t>(s.size()));
    m_out.append(s);
  }
  void blob(std::string_view s) {
    u64(s.size());
    m_out.append(s);
  }
  std::string& out() { return m_out; }

 private:
  void fixed(uint64_t v, int bytes) {
    for (int i = 0; i < bytes; ++i) m_out.push_back(static_cast<char>((v >> (8 * i)) & 0xff));
  }
  std::string m_out;
};

// Reads fields in order; once a read runs past the end, every later read
// fails too, so callers check ok() once at the end.
class ByteReader {
 public:
  explicit ByteReader(std::string_view in) : m_in(in) {}
  uint8_t u8() { return static_cast<uint8_t>(fixed(1)); }
  uint32_t u32() { return static_cast<uint32_t>(fixed(4)); }
  uint64_t u64() { return fixed(8); }
  std::string str() { return take(u32()); }
  std::string blob() { return take(u64()); }
  bool ok() const { return m_ok; }
  bool at_end() const { return m_pos == m_in.size(); }

 private:
  uint64_t fixed(int bytes) {
    if (!m_ok || m_in.size() - m_pos < static_cast<size_t>(bytes)) return fail();
    uint64_t v = read_le(m_in, m_pos, bytes);
    m_pos += static_cast<size_t>(bytes);
    return v;
  }
  std::string take(uint64_t n) {
    if (!m_ok || m_in.size() - m_pos < n) {
      fail();
      return {};
    }
    std::string s(m_in.substr(m_pos, n));
    m_pos += n;
    return s;
  }
  uint64_t fail() {
    m_ok = false;
    return 0;
  }
  std::string_view m_in;
  size_t m_pos = 0;
  bool m_ok = true;
};

std::string encode_body(const CacheEntry& e) {
  ByteWriter w;
  w.str(e.task_id);
  w.str(e.hash);
  w.u32(static_cast<uint32_t>(e.exit_code));
  w.u64(e.duration_ms);
  w.u64(static_cast<uint64_t>(e.created_ms));
  w.blob(e.terminal_output);
  w.u32(static_cast<uint32_t>(e.files.size()));
  for (const auto& f : e.files) {
    w.u8(static_cast<uint8_t>(f.type));
    w.str(f.path);
    w.u32(f.mode);
    w.blob(f.content);
  }
  return std::move(w.out());
}

Result<CacheEntry> decode_body(std::string_view body) {
  ByteReader r(body);
  CacheEntry e;
  e.task_id = r.str();
  e.hash = r.str();
  e.exit_code = static_cast<int>(r.u32());
  e.duration_ms = r.u64();
  e.created_ms = static_cast<int64_t>(r.u64());
  e.terminal_output = r.blob();
  uint32_t count = r.u32();
  for (uint32_t i = 0; i < count && r.ok(); ++i) {
    OutputFile f;
    uint8_t type = r.u8();
    if (type > static_cast<uint8_t>(OutputFile::Type::k_symlink)) return Error("unknown file type");
    f.type = static_cast<OutputFile::Type>(type);
    f.path = r.str();
    f.mode = r.u32();
    f.content = r.blob();
    // Strictly sorted, as written: a path listed twice would let its last
    // copy (say, a symlink) replace what the restore checks looked at.
    if (r.ok() && !e.files.empty() && f.path <= e.files.back().path)
      return Error(f.path == e.files.back().path
                       ? "entry lists '" + f.path + "' twice"
                       : "entry paths are out of order at '" + f.path + "'");
    e.files.push_back(std::move(f));
  }
  if (!r.ok() || !r.at_end()) return Error("malformed entry body");
  return e;
}

uint64_t read_u64(std::string_view s, size_t at) { return read_le(s, at, 8); }
uint32_t read_u32(std::string_view s, size_t at) {
  return static_cast<uint32_t>(read_le(s, at, 4));
}

}  // namespace

std::string encode_entry(const CacheEntry& entry, int zstd_level) {
  std::string body = encode_body(entry);
  std::string packed(ZSTD_compressBound(body.size()), '\0');
  size_t n = ZSTD_compress(packed.data(), packed.size(), body.data(), body.size(), zstd_level);
  // Compression into a buffer of ZSTD_compressBound bytes cannot fail.
  packed.resize(ZSTD_isError(n) ? 0 : n);
  Digest sum = hash_bytes(packed);
  ByteWriter w;
  w.out().append(k_cache_entry_magic);
  w.u32(k_cache_entry_version);
  w.u32(0);  // flags, reserved
  w.u64(body.size());
  w.u64(packed.size());
  w.u64(sum.hi);
  w.u64(sum.lo);
  w.out().append(packed);
  return std::move(w.out());
}

Result<CacheEntry> decode_entry(std::string_view bytes) {
  if (bytes.size() < k_cache_entry_header_size ||
      bytes.substr(0, k_cache_entry_magic.size()) != k_cache_entry_magic)
    return Error("not a cache entry (bad signature)");
  uint32_t version = read_u32(bytes, 8);
  if (version != k_cache_entry_version)
    return Error("cache entry format version " + std::to_string(version) + " (expected " +
                 std::to_string(k_cache_entry_version) + ")");
  uint64_t raw_size = read_u64(bytes, 16);
  uint64_t packed_size = read_u64(bytes, 24);
  std::string_view packed = bytes.substr(k_cache_entry_header_size);
  if (packed.size() != packed_size) return Error("cache entry is truncated");
  if (hash_bytes(packed) != Digest{read_u64(bytes, 32), read_u64(bytes, 40)})
    return Error("cache entry checksum mismatch");
  unsigned long long frame = ZSTD_getFrameContentSize(packed.data(), packed.size());
  // A zstd block of at most 128 KiB takes at least 4 bytes, so no real
  // entry expands more than 32768-fold; a larger claim is damage and must
  // not size the allocation below.
  if (frame != raw_size || raw_size / 32768 > packed.size())
    return Error("cache entry size mismatch");
  std::string body(raw_size, '\0');
  // One context per thread: ZSTD_decompress would allocate and free a
  // fresh one for every entry, which costs more than decoding a small one.
  thread_local std::unique_ptr<ZSTD_DCtx, size_t (*)(ZSTD_DCtx*)> dctx(ZSTD_createDCtx(),
                                                                       ZSTD_freeDCtx);
  size_t n =
      dctx ? ZSTD_decompressDCtx(dctx.get(), body.data(), body.size(), packed.data(), packed.size())
           : ZSTD_decompress(body.data(), body.size(), packed.data(), packed.size());
  if (ZSTD_isError(n) || n != raw_size) return Error("cache entry does not decompress");
  return decode_body(body);
}

}  // namespace strata
