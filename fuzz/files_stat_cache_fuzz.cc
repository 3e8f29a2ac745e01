// Fuzzes the stat cache decoder (.strata/file-hashes, src/files/stat_cache.cc):
// the raw file, or (odd first byte) the bytes as entries behind a valid
// header (util/byte_codec.h) and an entry count taken from their first byte. A cache
// that decodes must encode to one that decodes to the same entries.

#include <cstdlib>

#include "files/stat_cache.h"
#include "fuzz/fuzz_input.h"
#include "util/byte_codec.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string_view input = strata::fuzz::as_view(data, size);
  std::string bytes;
  if (!strata::fuzz::take_framed(input) || input.empty()) {
    bytes = input;
  } else {
    uint64_t count = static_cast<uint8_t>(input[0]);
    input.remove_prefix(1);
    std::string payload;
    strata::fuzz::put_le(payload, count, 8);
    payload.append(input);
    bytes = strata::seal_file({"STRATAFH", strata::k_stat_cache_version}, payload);
  }
  strata::StatEntries entries;
  if (!strata::decode_stat_cache(bytes, entries)) return 0;
  strata::StatEntries again;
  if (!strata::decode_stat_cache(strata::encode_stat_cache(entries), again)) std::abort();
  if (again.size() != entries.size()) std::abort();
  for (size_t i = 0; i < again.size(); ++i)
    if (again[i].first != entries[i].first || !(again[i].second.stat == entries[i].second.stat) ||
        again[i].second.digest != entries[i].second.digest)
      std::abort();
  return 0;
}
