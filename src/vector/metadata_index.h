#pragma once
// MetadataIndex: posting lists over an HNSW index's slots, one per
// top-level metadata key and scalar value, so a filtered query finds its
// candidate rows without evaluating the filter on every row's JSON.
//
// It answers equality-shaped filters ($eq, $in, and $and/$or over them);
// ranges, $ne and $nin are left to the caller's scan. Slots only ever gain
// entries: a removed or replaced record's slot stays in its lists until the
// index is compacted, and the caller drops dead slots. It lives in memory
// only and is rebuilt from the records' metadata whenever the index is
// loaded or compacted, so the store's files do not change.

#include <cstdint>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <unordered_map>
#include <vector>

#include "vector/filter.h"

namespace strata::vec {

class MetadataIndex {
 public:
  // Rows the index found for a filter, ascending. `exact`: every slot
  // matches (if live); otherwise a superset the caller must check.
  struct Candidates {
    std::vector<int64_t> slots;
    bool exact = true;
  };

  // Adds a slot's scalar values. Slots added out of order need seal().
  void add(int64_t slot, const nlohmann::json& metadata);
  // Sorts the lists after out-of-order adds (loading a snapshot).
  void seal();
  void clear();
  // nullopt when no part of the filter is equality-shaped.
  std::optional<Candidates> candidates(const Filter& filter) const;

 private:
  const std::vector<int64_t>* postings(const std::string& key, const nlohmann::json& value) const;
  std::optional<Candidates> leaf(const Filter& f) const;
  std::optional<Candidates> all_of(const Filter& f) const;
  std::optional<Candidates> any_of(const Filter& f) const;

  std::unordered_map<std::string, std::vector<int64_t>> m_postings;  // posting key -> slots
  bool m_sorted = true;
};

// The posting key of key = value: the key (length-prefixed), the value's
// type and its canonical text, so 1 and 1.0 share a list and "1" does not
// (as filter_matches compares).
// nullopt for values no equality filter can match (arrays, objects, null).
std::optional<std::string> posting_key(const std::string& key, const nlohmann::json& value);

}  // namespace strata::vec
