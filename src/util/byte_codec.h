#pragma once
// The one codec of Strata's binary files: little-endian integers, strings
// and lists prefixed with a u32 length, and the header every file starts
// with (an 8-byte magic, the version, an optional 16-byte key, the payload
// length and an XXH3-128 checksum of the payload). Readers never trust a
// length they have not checked against what is left, so a damaged file
// reads as bad, never as a crash or a huge allocation.

#include <cstdint>
#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "util/hash.h"

namespace strata {

// Appends fields to a byte string.
class ByteWriter {
 public:
  void u8(uint8_t v) { m_out.push_back(static_cast<char>(v)); }
  void u32(uint32_t v) { put(v, 4); }
  void u64(uint64_t v) { put(v, 8); }
  void i32(int32_t v) { put(static_cast<uint32_t>(v), 4); }
  void i64(int64_t v) { put(static_cast<uint64_t>(v), 8); }
  void digest(const Digest& d) {
    u64(d.hi);
    u64(d.lo);
  }
  void raw(std::string_view bytes) { m_out.append(bytes); }
  void str(std::string_view s) {
    u32(static_cast<uint32_t>(s.size()));
    raw(s);
  }
  void strings(const std::vector<std::string>& v) {
    u32(static_cast<uint32_t>(v.size()));
    for (const auto& s : v) str(s);
  }
  template <typename T, typename Fn>
  void list(const std::vector<T>& v, Fn fn) {
    u32(static_cast<uint32_t>(v.size()));
    for (const auto& x : v) fn(*this, x);
  }
  template <typename V, typename Fn>
  void map(const std::map<std::string, V>& m, Fn fn) {
    u32(static_cast<uint32_t>(m.size()));
    for (const auto& [k, v] : m) {
      str(k);
      fn(*this, v);
    }
  }

  std::string& out() { return m_out; }
  const std::string& out() const { return m_out; }

 private:
  void put(uint64_t v, int bytes) {
    for (int i = 0; i < bytes; ++i) m_out.push_back(static_cast<char>((v >> (8 * i)) & 0xff));
  }
  std::string m_out;
};

// Reads fields back. Any overrun makes the reader bad and every later read
// zero or empty, so a decoder checks bad() once at its end.
class ByteReader {
 public:
  explicit ByteReader(std::string_view s) : m_s(s) {}

  bool bad() const { return m_bad; }
  bool done() const { return !m_bad && m_p == m_s.size(); }  // all read, nothing wrong
  size_t pos() const { return m_p; }
  size_t remaining() const { return m_s.size() - m_p; }
  void fail() { m_bad = true; }

  uint8_t u8() { return static_cast<uint8_t>(get(1)); }
  uint32_t u32() { return static_cast<uint32_t>(get(4)); }
  uint64_t u64() { return get(8); }
  int32_t i32() { return static_cast<int32_t>(u32()); }
  int64_t i64() { return static_cast<int64_t>(u64()); }
  Digest digest() {
    uint64_t hi = u64();
    return {hi, u64()};
  }
  std::string_view raw(size_t n);
  std::string_view str_view() { return raw(u32()); }
  std::string str() { return std::string(str_view()); }
  // A count of items each at least one byte long: larger than what is
  // left means damage, and must not drive a huge allocation.
  uint32_t count();
  std::vector<std::string> strings();
  template <typename T, typename Fn>
  std::vector<T> list(Fn fn) {
    std::vector<T> v(count());
    for (auto& x : v) fn(*this, x);
    return v;
  }
  template <typename V, typename Fn>
  std::map<std::string, V> map(Fn fn) {
    std::map<std::string, V> m;
    for (uint32_t i = count(); i > 0 && !m_bad; --i) {
      std::string k = str();
      fn(*this, m[k]);
    }
    return m;
  }

 private:
  uint64_t get(size_t bytes);
  std::string_view m_s;
  size_t m_p = 0;
  bool m_bad = false;
};

// A binary file's identity: its 8-byte magic and the version it is written in.
struct BinaryFormat {
  std::string_view magic;  // exactly 8 bytes
  uint32_t version;
};

// The header and then `payload`. A keyed file (the workspace snapshot, keyed
// on a fingerprint) carries its key in the header, so a reader can tell a
// stale file before it checksums the payload.
std::string seal_file(const BinaryFormat& f, std::string_view payload, const Digest* key = nullptr);

// Why a sealed file was not read.
enum class Unsealed { k_ok, k_other_format, k_other_version, k_other_key, k_truncated, k_corrupt };

struct UnsealResult {
  Unsealed status = Unsealed::k_other_format;
  uint32_t version = 0;      // the file's, when its magic matched
  std::string_view payload;  // when status is k_ok
  explicit operator bool() const { return status == Unsealed::k_ok; }
};

// Checks magic, version, key (when given, the file must carry it), length
// and checksum.
UnsealResult unseal_file(const BinaryFormat& f, std::string_view bytes,
                         const Digest* key = nullptr);

// Bytes in the header of a file sealed with or without a key.
size_t sealed_header_size(bool keyed);

// For a payload too large to build in memory first (a vector index
// snapshot, streamed to disk with FAISS's bytes): the header alone, for a
// payload of `length` bytes whose XXH3-128 is `sum`, written once both are
// known; and the header read back, so the reader can check the payload
// piecewise.
std::string sealed_header(const BinaryFormat& f, uint64_t length, const Digest& sum,
                          const Digest* key = nullptr);

struct SealedHeader {
  Unsealed status = Unsealed::k_other_format;  // k_ok: the fields below are read
  uint32_t version = 0;                        // the file's, when its magic matched
  uint64_t length = 0;
  Digest sum;
};
// Checks magic, version and key of the header at the start of `bytes`;
// reads the payload's length and checksum (not checked here).
SealedHeader read_sealed_header(const BinaryFormat& f, std::string_view bytes,
                                const Digest* key = nullptr);

}  // namespace strata
