#include "vector/index_snapshot.h"

#include <faiss/IndexHNSW.h>
#include <gtest/gtest.h>
#include <unistd.h>
#include <xxhash.h>

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <string>

#include "util/byte_codec.h"

namespace strata::vec {
namespace {

class IndexSnapshotTest : public ::testing::Test {
 protected:
  void SetUp() override {
    char dir[] = "/tmp/strata-index-snapshot-test.XXXXXX";
    ASSERT_NE(mkdtemp(dir), nullptr);
    m_dir = dir;
  }
  void TearDown() override { std::filesystem::remove_all(m_dir); }

  // A valid snapshot of two vectors of dimension 4.
  std::filesystem::path write_valid() {
    faiss::IndexHNSWFlat index(4, 8);
    std::vector<float> v = {1, 0, 0, 0, 0, 1, 0, 0};
    index.add(2, v.data());
    QuantizedCodes codes(4);
    codes.append(v.data(), 2);
    std::filesystem::path file = m_dir / "index.hnsw";
    EXPECT_TRUE(write_snapshot(file, 4, 2, {1, 2}, codes, index).ok());
    return file;
  }
  static std::string read(const std::filesystem::path& file) {
    std::ifstream in(file, std::ios::binary);
    return {std::istreambuf_iterator<char>(in), {}};
  }
  static constexpr BinaryFormat k_format{"STRVECIX", k_snapshot_version};
  // Rewrites the file with its header's length and checksum made valid again.
  static void write_resealed(const std::filesystem::path& file, const std::string& bytes) {
    std::string payload = bytes.substr(sealed_header_size(false));
    std::ofstream(file, std::ios::binary) << seal_file(k_format, payload);
  }
  static void write(const std::filesystem::path& file, const std::string& bytes) {
    std::ofstream(file, std::ios::binary | std::ios::trunc) << bytes;
  }

  std::filesystem::path m_dir;
};

TEST_F(IndexSnapshotTest, RoundTrips) {
  auto file = write_valid();
  auto snap = read_snapshot(file, 4);
  ASSERT_TRUE(snap.ok()) << snap.error().str();
  EXPECT_EQ(snap->last_seq, 2);
  EXPECT_EQ(snap->slot_seqs, (std::vector<int64_t>{1, 2}));
  EXPECT_EQ(snap->index->ntotal, 2);
  ASSERT_TRUE(snap->codes);
  EXPECT_EQ(snap->codes->rows(), 2u);
  EXPECT_EQ(snap->codes->step(), 1.0f / 255);
  EXPECT_EQ(snap->codes->code(1)[1], 255);
  EXPECT_EQ(snap->codes->code(0)[1], 0);
}

// Version 3 added the 8-bit codes; a version-2 snapshot (the same payload
// without them) still opens, without codes, which the index then computes.
TEST_F(IndexSnapshotTest, AVersion2SnapshotOpensWithoutCodes) {
  auto file = write_valid();
  std::string bytes = read(file);
  // Payload: dim, last_seq, slots (20 bytes), the slot table (2 x 8), then
  // the codes: step, 4 minima, 4 maxima, rows, 2 errors, 2 x 4 code bytes.
  size_t codes_at = sealed_header_size(false) + 20 + 16;
  size_t codes_size = 4 + 16 + 16 + 8 + 8 + 8;
  std::string payload = bytes.substr(sealed_header_size(false));
  payload.erase(codes_at - sealed_header_size(false), codes_size);
  write(file, seal_file(BinaryFormat{"STRVECIX", 2}, payload));
  auto snap = read_snapshot(file, 4);
  ASSERT_TRUE(snap.ok()) << snap.error().str();
  EXPECT_FALSE(snap->codes);
  EXPECT_EQ(snap->slot_seqs, (std::vector<int64_t>{1, 2}));
  EXPECT_EQ(snap->index->ntotal, 2);
}

// Seen while writing fuzz/vector_index_snapshot_fuzz.cc: a slot count far
// beyond the file's size (with a valid checksum) sized an allocation of
// that many slots before anything was read. It is reported as truncation.
TEST_F(IndexSnapshotTest, SlotCountBeyondTheFileIsAnError) {
  auto file = write_valid();
  std::string bytes = read(file);
  uint64_t huge = uint64_t{1} << 50;
  // After the header: dim (4), last_seq (8), then the slot count.
  bytes.replace(sealed_header_size(false) + 12, 8, reinterpret_cast<const char*>(&huge), 8);
  write_resealed(file, bytes);
  auto snap = read_snapshot(file, 4);
  ASSERT_FALSE(snap.ok());
  EXPECT_NE(snap.error().message.find("truncated"), std::string::npos) << snap.error().message;
}

}  // namespace
// Version 2 moved the snapshot onto the header every Strata binary file
// has (util/byte_codec.h), written around a payload streamed to disk.
TEST_F(IndexSnapshotTest, StartsWithTheSharedSealedHeader) {
  EXPECT_EQ(k_snapshot_version, 3u);
  std::string bytes = read(write_valid());
  auto sealed = unseal_file(k_format, bytes);
  ASSERT_TRUE(sealed);
  EXPECT_EQ(sealed.payload.size(), bytes.size() - sealed_header_size(false));
}

TEST_F(IndexSnapshotTest, EveryFlippedByteIsAnErrorNotACrash) {
  auto file = write_valid();
  std::string bytes = read(file);
  for (size_t i = 0; i < bytes.size(); ++i) {
    std::string bad = bytes;
    bad[i] = static_cast<char>(bad[i] ^ 0x5a);
    write(file, bad);
    EXPECT_FALSE(read_snapshot(file, 4).ok()) << "flip at byte " << i;
  }
}

TEST_F(IndexSnapshotTest, TruncationAndOtherVersionsAreErrors) {
  auto file = write_valid();
  std::string bytes = read(file);
  for (size_t n : {size_t{0}, size_t{8}, sealed_header_size(false), bytes.size() - 1}) {
    write(file, bytes.substr(0, n));
    EXPECT_FALSE(read_snapshot(file, 4).ok()) << n;
  }
  std::string v1 = bytes;
  v1[8] = 1;
  write(file, v1);
  auto snap = read_snapshot(file, 4);
  ASSERT_FALSE(snap.ok());
  EXPECT_NE(snap.error().message.find("version 1"), std::string::npos) << snap.error().message;
}

TEST_F(IndexSnapshotTest, AnotherDimensionIsAnError) {
  auto file = write_valid();
  EXPECT_FALSE(read_snapshot(file, 8).ok());
}

}  // namespace strata::vec
