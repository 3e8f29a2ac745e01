#include "cache/cache_entry.h"

#include <gtest/gtest.h>

#include "util/byte_codec.h"
#include "util/hash.h"

namespace strata {

namespace {

CacheEntry sample() {
  CacheEntry e;
  e.task_id = "lib:build:production";
  e.hash = std::string(32, 'a');
  e.exit_code = 0;
  e.duration_ms = 1234;
  e.created_ms = 1700000000123;
  e.terminal_output = std::string("line one\n\x1b[32mgreen\x1b[0m\0binary", 28);
  e.files = {{OutputFile::Type::k_directory, "lib/out", 0755, {}},
             {OutputFile::Type::k_file, "lib/out/a.bin", 0600, std::string("\0\1\2\xff", 4)},
             {OutputFile::Type::k_symlink, "lib/out/link", 0777, "a.bin"}};
  return e;
}

}  // namespace

TEST(CacheEntry, RoundTripsEveryField) {
  CacheEntry e = sample();
  auto back = decode_entry(encode_entry(e));
  ASSERT_TRUE(back.ok()) << back.error().str();
  EXPECT_EQ(back->task_id, e.task_id);
  EXPECT_EQ(back->hash, e.hash);
  EXPECT_EQ(back->exit_code, 0);
  EXPECT_EQ(back->duration_ms, 1234u);
  EXPECT_EQ(back->created_ms, e.created_ms);
  EXPECT_EQ(back->terminal_output, e.terminal_output);
  EXPECT_EQ(back->files, e.files);
}

// Version 2 moved entries onto the header every other binary file has
// (util/byte_codec.h): one reader of signatures, lengths and checksums.
TEST(CacheEntry, StartsWithTheSharedSealedHeader) {
  std::string bytes = encode_entry(sample());
  EXPECT_EQ(bytes.substr(0, 8), "STRATACE");
  EXPECT_EQ(k_cache_entry_version, 2u);
  auto sealed = unseal_file({k_cache_entry_magic, k_cache_entry_version}, bytes);
  ASSERT_TRUE(sealed);
  EXPECT_EQ(sealed.payload.size(), bytes.size() - sealed_header_size(false));
}

TEST(CacheEntry, EveryFlippedByteIsDetected) {
  std::string bytes = encode_entry(sample());
  for (size_t i = 0; i < bytes.size(); ++i) {
    std::string bad = bytes;
    bad[i] = static_cast<char>(bad[i] ^ 0x5a);
    EXPECT_FALSE(decode_entry(bad).ok()) << "flip at byte " << i;
  }
}

TEST(CacheEntry, TruncationIsDetected) {
  std::string bytes = encode_entry(sample());
  size_t header = sealed_header_size(false);
  for (size_t n : {size_t{0}, size_t{7}, header - 1, header, header + 8, bytes.size() - 1})
    EXPECT_FALSE(decode_entry(std::string_view(bytes).substr(0, n)).ok()) << n;
  EXPECT_FALSE(decode_entry(bytes + "x").ok());
}

TEST(CacheEntry, OtherVersionIsNamed) {
  for (uint32_t version : {k_cache_entry_version - 1, k_cache_entry_version + 1}) {
    std::string bytes = encode_entry(sample());
    bytes[8] = static_cast<char>(version);
    auto r = decode_entry(bytes);
    ASSERT_FALSE(r.ok());
    EXPECT_NE(r.error().message.find("version " + std::to_string(version)), std::string::npos)
        << r.error().message;
  }
}

TEST(CacheEntry, CompressesRepetitiveOutput) {
  CacheEntry e = sample();
  e.files.push_back({OutputFile::Type::k_file, "lib/out/big.txt", 0644, std::string(1 << 20, 'x')});
  EXPECT_LT(encode_entry(e).size(), 64u * 1024);
}

// A crafted entry listing one path twice used to be accepted, the last
// copy winning: a file could be swapped for a symlink after the checks.
TEST(CacheEntry, DuplicatePathsAreCorrupt) {
  CacheEntry e = sample();
  e.files.push_back({OutputFile::Type::k_symlink, "lib/out/link", 0777, "/etc/passwd"});
  auto back = decode_entry(encode_entry(e));
  ASSERT_FALSE(back.ok());
  EXPECT_NE(back.error().message.find("'lib/out/link' twice"), std::string::npos)
      << back.error().message;
  e = sample();
  std::swap(e.files[0], e.files[2]);
  EXPECT_FALSE(decode_entry(encode_entry(e)).ok()) << "out of order";
}

// Seen while writing fuzz/cache_entry_fuzz.cc: a corrupt entry whose
// header and zstd frame both claim a huge body made the decoder allocate
// that much before decompressing anything. It is an error instead.
TEST(CacheEntry, HugeClaimedBodyIsAnErrorNotAnAllocation) {
  const uint64_t claimed = uint64_t{1} << 40;
  std::string packed("\x28\xb5\x2f\xfd\xe0", 5);  // zstd magic, single segment, 8-byte content size
  for (int i = 0; i < 8; ++i) packed.push_back(static_cast<char>(claimed >> (8 * i)));
  packed.append("\x01\x00\x00", 3);  // last block, raw, empty
  ByteWriter payload;
  payload.u64(claimed);
  payload.raw(packed);
  std::string bytes = seal_file({k_cache_entry_magic, k_cache_entry_version}, payload.out());
  auto back = decode_entry(bytes);
  ASSERT_FALSE(back.ok());
  EXPECT_NE(back.error().message.find("size"), std::string::npos) << back.error().message;
}

}  // namespace strata
