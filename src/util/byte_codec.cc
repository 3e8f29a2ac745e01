// Integers are assembled byte by byte rather than copied, so the files read
// the same on any host and no read is unaligned.

#include "util/byte_codec.h"

namespace strata {

std::string_view ByteReader::raw(size_t n) {
  if (m_bad || remaining() < n) return fail(), std::string_view();
  std::string_view v = m_s.substr(m_p, n);
  m_p += n;
  return v;
}

uint32_t ByteReader::count() {
  uint32_t n = u32();
  if (n > remaining()) fail();
  return m_bad ? 0 : n;
}

std::vector<std::string> ByteReader::strings() {
  std::vector<std::string> v(count());
  for (auto& s : v) s = str();
  return v;
}

uint64_t ByteReader::get(size_t bytes) {
  if (m_bad || remaining() < bytes) return fail(), 0;
  uint64_t v = 0;
  for (size_t i = 0; i < bytes; ++i)
    v |= uint64_t(static_cast<unsigned char>(m_s[m_p + i])) << (8 * i);
  m_p += bytes;
  return v;
}

size_t sealed_header_size(bool keyed) { return 8 + 4 + (keyed ? 16 : 0) + 8 + 16; }

std::string sealed_header(const BinaryFormat& f, uint64_t length, const Digest& sum,
                          const Digest* key) {
  ByteWriter w;
  w.raw(f.magic);
  w.u32(f.version);
  if (key) w.digest(*key);
  w.u64(length);
  w.digest(sum);
  return std::move(w.out());
}

std::string seal_file(const BinaryFormat& f, std::string_view payload, const Digest* key) {
  std::string out = sealed_header(f, payload.size(), hash_bytes(payload), key);
  out.reserve(out.size() + payload.size());
  out.append(payload);
  return out;
}

SealedHeader read_sealed_header(const BinaryFormat& f, std::string_view bytes, const Digest* key) {
  SealedHeader out;
  if (!bytes.starts_with(f.magic)) return out;
  ByteReader r(bytes.substr(f.magic.size()));
  out.version = r.u32();
  if (r.bad()) return out.status = Unsealed::k_truncated, out;
  if (out.version != f.version) return out.status = Unsealed::k_other_version, out;
  Digest stored_key = key ? r.digest() : Digest{};
  out.length = r.u64();
  out.sum = r.digest();
  if (r.bad()) return out.status = Unsealed::k_truncated, out;
  if (key && stored_key != *key) return out.status = Unsealed::k_other_key, out;
  out.status = Unsealed::k_ok;
  return out;
}

UnsealResult unseal_file(const BinaryFormat& f, std::string_view bytes, const Digest* key) {
  UnsealResult out;
  SealedHeader h = read_sealed_header(f, bytes, key);
  out.status = h.status;
  out.version = h.version;
  if (h.status != Unsealed::k_ok) return out;
  std::string_view rest = bytes.substr(sealed_header_size(key));
  if (rest.size() != h.length)
    return out.status = rest.size() < h.length ? Unsealed::k_truncated : Unsealed::k_corrupt, out;
  if (hash_bytes(rest) != h.sum) return out.status = Unsealed::k_corrupt, out;
  out.payload = rest;
  return out;
}

}  // namespace strata
