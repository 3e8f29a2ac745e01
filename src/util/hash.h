#pragma once
// 128-bit content hashes (XXH3) and a Hasher that feeds type-tagged,
// length-delimited fields, so no two different input lists can collide by
// concatenation ("ab"+"c" vs "a"+"bc").

#include <cstdint>
#include <string>
#include <string_view>

namespace strata {

struct Digest {
  uint64_t hi = 0;
  uint64_t lo = 0;

  std::string hex() const;  // 32 lowercase hex digits
  static bool from_hex(std::string_view s, Digest& out);
  bool empty() const { return hi == 0 && lo == 0; }
  friend bool operator==(const Digest&, const Digest&) = default;
  friend auto operator<=>(const Digest&, const Digest&) = default;
};

Digest hash_bytes(std::string_view data);

// Streams fields into one XXH3-128 state. Each field is written as
// tag '\0' length '\0' bytes, so field boundaries are part of the hash.
class Hasher {
 public:
  Hasher();
  ~Hasher();
  Hasher(const Hasher&) = delete;
  Hasher& operator=(const Hasher&) = delete;

  Hasher& add(std::string_view tag, std::string_view value);
  Hasher& add(std::string_view tag, uint64_t value);
  Hasher& add(std::string_view tag, const Digest& value);
  Digest finish() const;

 private:
  void update(std::string_view bytes);
  void* m_state;  // XXH3_state_t*, kept opaque to avoid the header here
};

}  // namespace strata
