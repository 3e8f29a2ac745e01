#pragma once
// The on-disk snapshot of an embedded collection's HNSW index
// (docs/formats/vector-store.md): the sealed header of every Strata binary
// file (util/byte_codec.h: signature, version, length, XXH3-128), then the
// dimension, the seq of the record each slot holds (-1 for tombstones), the
// 8-bit codes of the vectors (vector/quantized_codes.h) and the FAISS index. The snapshot is a
// cache of the record table: a missing, stale or damaged one is rebuilt, never trusted.

#include <cstdint>
#include <filesystem>
#include <memory>
#include <optional>
#include <vector>

#include "util/result.h"
#include "vector/quantized_codes.h"

namespace faiss {
struct Index;
}

namespace strata::vec {

struct Snapshot {
  int64_t last_seq = 0;                 // every row with seq <= last_seq is in the index
  std::vector<int64_t> slot_seqs;       // per FAISS id: the row's seq, or -1
  std::optional<QuantizedCodes> codes;  // absent in a version-2 snapshot
  std::unique_ptr<faiss::Index> index;
};

// 3: the 8-bit codes before the FAISS index. 2: the shared sealed header
// (1 had its own, with an XXH3-64 at the end). Version 2 is still read (the
// codes are then computed from the vectors); version 1 is rebuilt.
constexpr uint32_t k_snapshot_version = 3;

Status write_snapshot(const std::filesystem::path& file, int dim, int64_t last_seq,
                      const std::vector<int64_t>& slot_seqs, const QuantizedCodes& codes,
                      const faiss::Index& index);
Result<Snapshot> read_snapshot(const std::filesystem::path& file, int dim);

}  // namespace strata::vec
