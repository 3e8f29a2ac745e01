#include "util/byte_codec.h"

#include <gtest/gtest.h>

#include <limits>

namespace strata {
namespace {

constexpr BinaryFormat k_format{"STRTEST\n", 3};

TEST(ByteCodec, IntegersAreLittleEndian) {
  ByteWriter w;
  w.u32(0x01020304);
  w.u64(0x0102030405060708ull);
  EXPECT_EQ(w.out(), std::string("\x04\x03\x02\x01\x08\x07\x06\x05\x04\x03\x02\x01", 12));
}

TEST(ByteCodec, EveryFieldRoundTrips) {
  ByteWriter w;
  w.u8(255);
  w.u32(std::numeric_limits<uint32_t>::max());
  w.u64(std::numeric_limits<uint64_t>::max());
  w.i32(-7);
  w.i64(std::numeric_limits<int64_t>::min());
  w.digest({1, 2});
  w.str(std::string("a\0b", 3));
  w.strings({"x", "", "yz"});
  w.list(std::vector<int>{3, 4}, [](ByteWriter& o, int v) { o.u32(v); });
  w.map(std::map<std::string, int>{{"k", 9}}, [](ByteWriter& o, int v) { o.i32(v); });
  ByteReader r(w.out());
  EXPECT_EQ(r.u8(), 255);
  EXPECT_EQ(r.u32(), std::numeric_limits<uint32_t>::max());
  EXPECT_EQ(r.u64(), std::numeric_limits<uint64_t>::max());
  EXPECT_EQ(r.i32(), -7);
  EXPECT_EQ(r.i64(), std::numeric_limits<int64_t>::min());
  EXPECT_EQ(r.digest(), (Digest{1, 2}));
  EXPECT_EQ(r.str(), std::string("a\0b", 3));
  EXPECT_EQ(r.strings(), (std::vector<std::string>{"x", "", "yz"}));
  EXPECT_EQ(r.list<int>([](ByteReader& i, int& v) { v = static_cast<int>(i.u32()); }),
            (std::vector<int>{3, 4}));
  auto m = r.map<int>([](ByteReader& i, int& v) { v = i.i32(); });
  EXPECT_EQ(m, (std::map<std::string, int>{{"k", 9}}));
  EXPECT_TRUE(r.done());
}

TEST(ByteCodec, AnOverrunMakesTheReaderBadAndLaterReadsEmpty) {
  ByteWriter w;
  w.u32(1);
  ByteReader r(w.out());
  EXPECT_EQ(r.u64(), 0u);
  EXPECT_TRUE(r.bad());
  EXPECT_EQ(r.u8(), 0);
  EXPECT_FALSE(r.done());
}

TEST(ByteCodec, AStringLongerThanTheRestIsBad) {
  ByteWriter w;
  w.u32(1000);
  w.raw("short");
  ByteReader r(w.out());
  EXPECT_EQ(r.str(), "");
  EXPECT_TRUE(r.bad());
}

TEST(ByteCodec, ACountLargerThanTheRestAllocatesNothing) {
  ByteWriter w;
  w.u32(std::numeric_limits<uint32_t>::max());
  ByteReader r(w.out());
  EXPECT_TRUE(r.strings().empty());
  EXPECT_TRUE(r.bad());
}

TEST(SealedFile, RoundTripsWithAndWithoutAKey) {
  Digest key{7, 8};
  // The payload is a view into the sealed bytes, which must outlive it.
  std::string sealed = seal_file(k_format, "payload");
  auto plain = unseal_file(k_format, sealed);
  ASSERT_TRUE(plain);
  EXPECT_EQ(plain.payload, "payload");
  std::string keyed = seal_file(k_format, "", &key);
  EXPECT_EQ(keyed.size(), sealed_header_size(true));
  auto back = unseal_file(k_format, keyed, &key);
  ASSERT_TRUE(back);
  EXPECT_EQ(back.payload, "");
}

TEST(SealedFile, TheHeaderLayoutIsFixed) {
  std::string s = seal_file(k_format, "abc");
  ASSERT_EQ(s.size(), sealed_header_size(false) + 3);
  EXPECT_EQ(s.substr(0, 8), "STRTEST\n");
  ByteReader r(std::string_view(s).substr(8));
  EXPECT_EQ(r.u32(), 3u);
  EXPECT_EQ(r.u64(), 3u);
  EXPECT_EQ(r.digest(), hash_bytes("abc"));
}

TEST(SealedFile, SaysWhyAFileIsNotRead) {
  Digest key{1, 1}, other{2, 2};
  std::string s = seal_file(k_format, "payload", &key);
  EXPECT_EQ(unseal_file({"OTHERMAG", 3}, s, &key).status, Unsealed::k_other_format);
  auto newer = unseal_file({"STRTEST\n", 4}, s, &key);
  EXPECT_EQ(newer.status, Unsealed::k_other_version);
  EXPECT_EQ(newer.version, 3u);
  EXPECT_EQ(unseal_file(k_format, s, &other).status, Unsealed::k_other_key);
  EXPECT_EQ(unseal_file(k_format, s.substr(0, s.size() - 1), &key).status, Unsealed::k_truncated);
  EXPECT_EQ(unseal_file(k_format, s.substr(0, 10), &key).status, Unsealed::k_truncated);
  EXPECT_EQ(unseal_file(k_format, s + "x", &key).status, Unsealed::k_corrupt);
}

TEST(SealedFile, EveryFlippedByteIsNoticed) {
  Digest key{5, 6};
  std::string s = seal_file(k_format, "some payload bytes", &key);
  for (size_t i = 0; i < s.size(); ++i) {
    std::string damaged = s;
    damaged[i] = static_cast<char>(damaged[i] ^ 0x20);
    EXPECT_FALSE(unseal_file(k_format, damaged, &key)) << "byte " << i;
  }
}

}  // namespace
}  // namespace strata
