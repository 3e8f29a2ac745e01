#include "util/hash.h"

#include <xxhash.h>

namespace strata {

namespace {
const char k_hex[] = "0123456789abcdef";

void put_hex(std::string& out, uint64_t v) {
  for (int shift = 60; shift >= 0; shift -= 4) out += k_hex[(v >> shift) & 0xf];
}

bool parse_hex(std::string_view s, uint64_t& out) {
  out = 0;
  for (char c : s) {
    int d = c >= '0' && c <= '9' ? c - '0' : c >= 'a' && c <= 'f' ? c - 'a' + 10 : -1;
    if (d < 0) return false;
    out = (out << 4) | static_cast<uint64_t>(d);
  }
  return true;
}
}  // namespace

std::string Digest::hex() const {
  std::string s;
  s.reserve(32);
  put_hex(s, hi);
  put_hex(s, lo);
  return s;
}

bool Digest::from_hex(std::string_view s, Digest& out) {
  return s.size() == 32 && parse_hex(s.substr(0, 16), out.hi) && parse_hex(s.substr(16), out.lo);
}

Digest hash_bytes(std::string_view data) {
  XXH128_hash_t h = XXH3_128bits(data.data(), data.size());
  return {h.high64, h.low64};
}

Hasher::Hasher() : m_state(XXH3_createState()) {
  XXH3_128bits_reset(static_cast<XXH3_state_t*>(m_state));
}

Hasher::~Hasher() { XXH3_freeState(static_cast<XXH3_state_t*>(m_state)); }

void Hasher::update(std::string_view bytes) {
  XXH3_128bits_update(static_cast<XXH3_state_t*>(m_state), bytes.data(), bytes.size());
}

Hasher& Hasher::add(std::string_view tag, std::string_view value) {
  update(tag);
  update(std::string_view("\0", 1));
  std::string len = std::to_string(value.size());
  update(len);
  update(std::string_view("\0", 1));
  update(value);
  return *this;
}

Hasher& Hasher::add(std::string_view tag, uint64_t value) {
  return add(tag, std::string_view(std::to_string(value)));
}

Hasher& Hasher::add(std::string_view tag, const Digest& value) { return add(tag, value.hex()); }

Digest Hasher::finish() const {
  XXH128_hash_t h = XXH3_128bits_digest(static_cast<XXH3_state_t*>(m_state));
  return {h.high64, h.low64};
}

}  // namespace strata
