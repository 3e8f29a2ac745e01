#pragma once
// SHA-256 and HMAC-SHA256 (OpenSSL libcrypto) for the remote cache: the
// Bazel HTTP cache protocol names content by SHA-256, and remote entries are
// signed with HMAC-SHA256. Local keys stay XXH3-128 (util/hash.h): fast, but
// not meant to resist someone choosing the bytes, which a server could.

#include <string>
#include <string_view>

namespace strata::remote {

// 64 lowercase hex digits.
std::string sha256_hex(std::string_view data);
std::string hmac_sha256_hex(std::string_view key, std::string_view message);
// Compares without an early exit, so the time taken does not tell an
// attacker how many leading characters of a forged signature were right.
bool equal_constant_time(std::string_view a, std::string_view b);
bool is_sha256_hex(std::string_view s);

}  // namespace strata::remote
