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
    std::filesystem::path file = m_dir / "index.hnsw";
    EXPECT_TRUE(write_snapshot(file, 4, 2, {1, 2}, index).ok());
    return file;
  }
  static std::string read(const std::filesystem::path& file) {
    std::ifstream in(file, std::ios::binary);
    return {std::istreambuf_iterator<char>(in), {}};
  }
  // Rewrites the file with its checksum made valid again.
  static void write_resealed(const std::filesystem::path& file, std::string bytes) {
    bytes.resize(bytes.size() - 8);
    uint64_t sum = XXH3_64bits(bytes.data(), bytes.size());
    bytes.append(reinterpret_cast<const char*>(&sum), sizeof sum);
    std::ofstream(file, std::ios::binary) << bytes;
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
}

// Seen while writing fuzz/vector_index_snapshot_fuzz.cc: a slot count far
// beyond the file's size (with a valid checksum) sized an allocation of
// that many slots before anything was read. It is reported as truncation.
TEST_F(IndexSnapshotTest, SlotCountBeyondTheFileIsAnError) {
  auto file = write_valid();
  std::string bytes = read(file);
  uint64_t huge = uint64_t{1} << 50;
  bytes.replace(24, 8, reinterpret_cast<const char*>(&huge),
                8);  // magic, version, dim, last_seq, slots
  write_resealed(file, bytes);
  auto snap = read_snapshot(file, 4);
  ASSERT_FALSE(snap.ok());
  EXPECT_NE(snap.error().message.find("truncated"), std::string::npos) << snap.error().message;
}

}  // namespace
}  // namespace strata::vec
