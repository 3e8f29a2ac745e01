#include "files/stat_cache.h"

#include <gtest/gtest.h>

#include "util/byte_codec.h"

namespace strata {

namespace {

StatEntry entry(uint64_t n) {
  StatEntry e;
  e.stat = {n, n + 1, static_cast<int64_t>(n) * 1000, static_cast<int64_t>(n) * 2000};
  e.verified_ns = static_cast<int64_t>(n) * 3000;
  e.digest = hash_bytes(std::to_string(n));
  return e;
}

}  // namespace

TEST(StatCache, RoundTripsSortedEntries) {
  StatEntries in = {
      {"apps/web/a.ts", entry(1)}, {"apps/web/b.ts", entry(2)}, {"libs/x.py", entry(3)}};
  StatEntries out;
  ASSERT_TRUE(decode_stat_cache(encode_stat_cache(in), out));
  ASSERT_EQ(out.size(), in.size());
  for (size_t i = 0; i < in.size(); ++i) {
    EXPECT_EQ(out[i].first, in[i].first);
    EXPECT_EQ(out[i].second.stat, in[i].second.stat);
    EXPECT_EQ(out[i].second.verified_ns, in[i].second.verified_ns);
    EXPECT_EQ(out[i].second.digest, in[i].second.digest);
  }
}

TEST(StatCache, EmptyCacheRoundTrips) {
  StatEntries out = {{"x", entry(1)}};
  EXPECT_TRUE(decode_stat_cache(encode_stat_cache({}), out));
  EXPECT_TRUE(out.empty());
}

TEST(StatCache, RejectsTruncatedCorruptAndUnknownVersions) {
  std::string good = encode_stat_cache({{"a", entry(1)}, {"ab", entry(2)}});
  StatEntries out;
  for (size_t len : {size_t{0}, size_t{10}, size_t{32}, good.size() - 1})
    EXPECT_FALSE(decode_stat_cache(good.substr(0, len), out)) << len;
  std::string flipped = good;
  flipped[40] ^= 0x10;
  EXPECT_FALSE(decode_stat_cache(flipped, out));
  std::string version = good;
  version[8] = 9;
  EXPECT_FALSE(decode_stat_cache(version, out));
  std::string magic = good;
  magic[0] = 'X';
  EXPECT_FALSE(decode_stat_cache(magic, out));
  EXPECT_TRUE(out.empty());
}

// Damage behind a valid checksum, as a buggy writer could leave it.
std::string sealed_stat_cache(uint64_t count, uint32_t shared, std::string_view suffix) {
  ByteWriter w;
  w.u64(count);
  w.u32(shared);
  w.str(suffix);
  for (int i = 0; i < 7; ++i) w.u64(i);
  return seal_file({"STRATAFH", k_stat_cache_version}, w.out());
}

TEST(StatCache, RejectsBadEntriesBehindAValidChecksum) {
  StatEntries out;
  EXPECT_TRUE(decode_stat_cache(sealed_stat_cache(1, 0, "a"), out));
  EXPECT_FALSE(decode_stat_cache(sealed_stat_cache(1, 5, "a"), out))
      << "shares more than the previous path";
  EXPECT_FALSE(decode_stat_cache(sealed_stat_cache(2, 0, "a"), out))
      << "fewer entries than counted";
  EXPECT_FALSE(decode_stat_cache(sealed_stat_cache(uint64_t{1} << 60, 0, "a"), out))
      << "a huge count";
  EXPECT_TRUE(out.empty());
}

TEST(StatCache, TrustNeedsAnEqualStatAndAnOldEnoughMtime) {
  StatEntry e;
  e.stat = {10, 7, 1'000'000'000'000, 1'000'000'000'000};
  e.verified_ns = e.stat.mtime_ns + k_racy_window_ns;
  EXPECT_TRUE(stat_entry_trusted(e, e.stat));
  FileStat other = e.stat;
  other.ctime_ns += 1;
  EXPECT_FALSE(stat_entry_trusted(e, other));
  other = e.stat;
  other.inode += 1;
  EXPECT_FALSE(stat_entry_trusted(e, other));
  e.verified_ns -= 1;  // read less than the window after the last change
  EXPECT_FALSE(stat_entry_trusted(e, e.stat));
}

}  // namespace strata
