// Entries use the codec and sealed header of every Strata binary file
// (util/byte_codec.h), so a reader never trusts a size it has not
// bounds-checked. The checksum covers the compressed body and is verified
// before decompression: a flipped bit is reported as corruption, never
// handed to zstd or, worse, restored.

#include "cache/cache_entry.h"

#include <zstd.h>

#include <memory>

#include "util/byte_codec.h"
#include "util/hash.h"

namespace strata {

namespace {

// Terminal output and file contents may pass 4 GiB: a u64 length.
void blob(ByteWriter& w, std::string_view s) {
  w.u64(s.size());
  w.raw(s);
}
std::string_view blob(ByteReader& r) { return r.raw(r.u64()); }

std::string encode_body(const CacheEntry& e) {
  ByteWriter w;
  w.str(e.task_id);
  w.str(e.hash);
  w.i32(e.exit_code);
  w.u64(e.duration_ms);
  w.i64(e.created_ms);
  blob(w, e.terminal_output);
  w.list(e.files, [](ByteWriter& w, const OutputFile& f) {
    w.u8(static_cast<uint8_t>(f.type));
    w.str(f.path);
    w.u32(f.mode);
    blob(w, f.content);
  });
  return std::move(w.out());
}

Result<CacheEntry> decode_body(std::string_view body) {
  ByteReader r(body);
  CacheEntry e;
  e.task_id = r.str();
  e.hash = r.str();
  e.exit_code = r.i32();
  e.duration_ms = r.u64();
  e.created_ms = r.i64();
  e.terminal_output = blob(r);
  uint32_t count = r.count();
  for (uint32_t i = 0; i < count && !r.bad(); ++i) {
    OutputFile f;
    uint8_t type = r.u8();
    if (type > static_cast<uint8_t>(OutputFile::Type::k_symlink)) return Error("unknown file type");
    f.type = static_cast<OutputFile::Type>(type);
    f.path = r.str();
    f.mode = r.u32();
    f.content = blob(r);
    // Strictly sorted, as written: a path listed twice would let its last
    // copy (say, a symlink) replace what the restore checks looked at.
    if (!r.bad() && !e.files.empty() && f.path <= e.files.back().path)
      return Error(f.path == e.files.back().path
                       ? "entry lists '" + f.path + "' twice"
                       : "entry paths are out of order at '" + f.path + "'");
    e.files.push_back(std::move(f));
  }
  if (!r.done()) return Error("malformed entry body");
  return e;
}

}  // namespace

constexpr BinaryFormat k_format{k_cache_entry_magic, k_cache_entry_version};

std::string encode_entry(const CacheEntry& entry, int zstd_level) {
  std::string body = encode_body(entry);
  ByteWriter payload;
  payload.u64(body.size());
  std::string& out = payload.out();
  size_t at = out.size();
  out.resize(at + ZSTD_compressBound(body.size()));
  size_t n = ZSTD_compress(out.data() + at, out.size() - at, body.data(), body.size(), zstd_level);
  // Compression into a buffer of ZSTD_compressBound bytes cannot fail.
  out.resize(ZSTD_isError(n) ? at : at + n);
  return seal_file(k_format, out);
}

Result<CacheEntry> decode_entry(std::string_view bytes) {
  UnsealResult sealed = unseal_file(k_format, bytes);
  switch (sealed.status) {
    case Unsealed::k_ok:
      break;
    case Unsealed::k_other_format:
      return Error("not a cache entry (bad signature)");
    case Unsealed::k_other_version:
      return Error("cache entry format version " + std::to_string(sealed.version) + " (expected " +
                   std::to_string(k_cache_entry_version) + ")");
    case Unsealed::k_truncated:
      return Error("cache entry is truncated");
    case Unsealed::k_other_key:
    case Unsealed::k_corrupt:
      return Error("cache entry checksum mismatch");
  }
  ByteReader r(sealed.payload);
  uint64_t raw_size = r.u64();
  std::string_view packed = sealed.payload.substr(r.pos());
  unsigned long long frame = ZSTD_getFrameContentSize(packed.data(), packed.size());
  // A zstd block of at most 128 KiB takes at least 4 bytes, so no real
  // entry expands more than 32768-fold; a larger claim is damage and must
  // not size the allocation below.
  if (r.bad() || frame != raw_size || raw_size / 32768 > packed.size())
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
