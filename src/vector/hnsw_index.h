#pragma once
// HnswIndex: the embedded store's in-memory search structure, a FAISS
// IndexHNSWFlat plus what FAISS lacks. FAISS's HNSW cannot remove or replace
// points, so every stored version of a record gets a new *slot* (the FAISS
// id) and the old slot becomes a tombstone, hidden by an ID selector at
// search time and dropped when the index is compacted. Filtered queries take
// their candidate rows from the metadata index when the filter is
// equality-shaped, and run an exact scan over them when that costs less
// than a filtered HNSW search, falling back to the exact scan if the beam
// still finds fewer than k matches: k matches exist → k results. For L2 and
// cosine the scan reads 8-bit codes of the vectors (vector/quantized_codes.h)
// and re-ranks on the floats only the rows the codes cannot rule out.

#include <cstdint>
#include <filesystem>
#include <memory>
#include <nlohmann/json.hpp>
#include <span>
#include <string>
#include <unordered_map>
#include <vector>

#include "util/result.h"
#include "vector/metadata_index.h"
#include "vector/quantized_codes.h"
#include "vector/record_table.h"
#include "vector/vector_store.h"

namespace faiss {
struct IndexHNSWFlat;
}

namespace strata::vec {

struct IndexParams {
  int m = 16;                 // graph degree
  int ef_construction = 100;  // beam width while building
  int ef_search = 64;         // default beam width while searching
  size_t exact_below = 2048;  // filtered queries with fewer candidates scan exactly
};

class HnswIndex {
 public:
  HnswIndex(const CollectionSpec& spec, const IndexParams& params);
  ~HnswIndex();

  // Loads a snapshot written by save(); its slots stay unclaimed (dead)
  // until attach() matches them with rows of the record table.
  static Result<std::unique_ptr<HnswIndex>> load(const std::filesystem::path& file,
                                                 const CollectionSpec& spec,
                                                 const IndexParams& params);
  // Claims the snapshot slot holding `row.seq`; false if the snapshot has none.
  bool attach(StoredRow& row);
  // Ends attaching: snapshot slots left unclaimed stay tombstones.
  void attach_done() {
    m_unclaimed.clear();
    m_by_value.seal();
  }
  // Writes a snapshot (temp file + rename, checksummed).
  Status save(const std::filesystem::path& file) const;

  // Appends rows as new slots; an id already present loses its old slot.
  void add(std::vector<StoredRow>& rows);
  // Tombstones the id's slot; false if absent.
  bool remove(const std::string& id);
  // Rebuilds the graph from live slots only, dropping tombstones.
  void compact();

  std::vector<Hit> search(const Query& query) const;
  // The query's k best among `rows` (not in the index) by an exact scan,
  // with the query's filter and this index's metric and scores.
  std::vector<Hit> search_rows(const Query& query, std::span<const StoredRow* const> rows) const;
  bool contains(const std::string& id) const { return m_slot_of.count(id) > 0; }

  size_t live_count() const { return m_slot_of.size(); }
  size_t slot_count() const { return m_ids.size(); }
  int64_t last_seq() const { return m_last_seq; }
  const CollectionSpec& spec() const { return m_spec; }
  const IndexParams& params() const { return m_params; }

 private:
  std::vector<float> prepared(std::span<const float> v) const;
  float score(float faiss_distance) const;
  std::vector<Hit> exact(const std::vector<float>& q, const std::vector<int64_t>& slots,
                         size_t k) const;
  std::vector<Hit> approximate(const std::vector<float>& q, size_t k, int ef,
                               const std::vector<uint8_t>* bits) const;
  std::vector<int64_t> live_slots(const Filter& filter) const;
  std::vector<int64_t> matching_slots(const Filter& filter) const;
  Hit hit(int64_t slot, float distance) const;
  const float* vector_at(int64_t slot) const;
  void claim(int64_t slot, StoredRow& row);
  // Large buffers the searches read at random onto huge pages (vector/huge_pages.h).
  void use_huge_pages() const;

  CollectionSpec m_spec;
  IndexParams m_params;
  std::unique_ptr<faiss::IndexHNSWFlat> m_index;
  // Per slot: the row's seq (-1 once dead), id and metadata.
  std::vector<int64_t> m_seq;
  std::vector<std::string> m_ids;
  std::vector<nlohmann::json> m_meta;
  std::vector<uint8_t> m_live_bits;  // bitmap over slots, for FAISS's IDSelectorBitmap
  std::unordered_map<std::string, int64_t> m_slot_of;  // live id -> slot
  std::unordered_map<int64_t, int64_t> m_unclaimed;    // after load: seq -> slot
  MetadataIndex m_by_value;                            // slots per metadata key = value
  QuantizedCodes m_codes;                              // per slot, for the exact scan
  int64_t m_last_seq = 0;
};

}  // namespace strata::vec
