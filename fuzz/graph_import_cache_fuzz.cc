// Fuzzes the import scan cache parser (.strata/imports-cache,
// src/graph/import_cache.cc): the raw file, or (odd first byte) the bytes as
// a payload behind a valid header and checksum. A cache that parses must
// serialise to one that parses to the same entries.

#include <cstdlib>

#include "fuzz/fuzz_input.h"
#include "graph/import_cache.h"
#include "util/hash.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string_view input = strata::fuzz::as_view(data, size);
  std::string bytes;
  if (!strata::fuzz::take_framed(input)) {
    bytes = input;
  } else {
    bytes = "STRIMPC\n";
    strata::fuzz::put_le(bytes, strata::ImportCache::k_version, 4);
    strata::fuzz::put_le(bytes, input.size(), 8);
    strata::Digest sum = strata::hash_bytes(input);
    strata::fuzz::put_le(bytes, sum.hi, 8);
    strata::fuzz::put_le(bytes, sum.lo, 8);
    bytes.append(input);
  }
  strata::ImportCache cache;
  if (!strata::ImportCache::parse(bytes, cache)) return 0;
  strata::ImportCache again;
  if (!strata::ImportCache::parse(cache.serialize(), again)) std::abort();
  if (again.entries().size() != cache.entries().size()) std::abort();
  for (size_t i = 0; i < again.entries().size(); ++i)
    if (again.entries()[i].path != cache.entries()[i].path ||
        again.entries()[i].imports != cache.entries()[i].imports)
      std::abort();
  return 0;
}
