#pragma once
// Helpers shared by the fuzz targets. Strata's binary files carry checksums,
// so random bytes almost never get past the header; the targets therefore
// wrap the fuzzer's bytes in a valid header (right signature, version,
// length and checksum) to reach the decoders behind it, and feed the raw
// bytes as they are on other inputs so the header checks are fuzzed too.

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

namespace strata::fuzz {

inline std::string_view as_view(const uint8_t* data, size_t size) {
  return {reinterpret_cast<const char*>(data), size};
}

inline void put_le(std::string& out, uint64_t v, int bytes) {
  for (int i = 0; i < bytes; ++i) out.push_back(static_cast<char>(v >> (8 * i)));
}

// Splits off the first byte as a mode selector: even modes feed the bytes
// raw, odd modes wrap them in a valid header.
inline bool take_framed(std::string_view& input) {
  if (input.empty()) return false;
  bool framed = (static_cast<uint8_t>(input[0]) & 1) != 0;
  input.remove_prefix(1);
  return framed;
}

}  // namespace strata::fuzz
