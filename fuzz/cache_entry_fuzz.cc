// Fuzzes the cache entry decoder (src/cache/cache_entry.cc). Modes, by the
// first byte: the raw file; a valid header around the bytes as the
// compressed body (zstd frame headers, sizes); a valid header around the
// bytes compressed here, reaching the body parser. An entry that decodes
// must encode and decode back to itself.

#include <zstd.h>

#include <cstdlib>

#include "cache/cache_entry.h"
#include "fuzz/fuzz_input.h"
#include "util/byte_codec.h"

namespace {

std::string frame(std::string_view packed, uint64_t raw_size) {
  strata::ByteWriter w;
  w.u64(raw_size);
  w.raw(packed);
  return strata::seal_file({strata::k_cache_entry_magic, strata::k_cache_entry_version}, w.out());
}

std::string compress(std::string_view body) {
  std::string packed(ZSTD_compressBound(body.size()), '\0');
  size_t n = ZSTD_compress(packed.data(), packed.size(), body.data(), body.size(), 1);
  if (ZSTD_isError(n)) std::abort();
  packed.resize(n);
  return packed;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string_view input = strata::fuzz::as_view(data, size);
  if (input.empty()) return 0;
  uint8_t mode = static_cast<uint8_t>(input[0]) % 3;
  input.remove_prefix(1);
  std::string bytes;
  if (mode == 0) {
    bytes = input;
  } else if (mode == 1) {
    unsigned long long raw = ZSTD_getFrameContentSize(input.data(), input.size());
    bytes = frame(input, raw);
  } else {
    bytes = frame(compress(input), input.size());
  }
  auto entry = strata::decode_entry(bytes);
  if (!entry) return 0;
  auto again = strata::decode_entry(strata::encode_entry(*entry, 1));
  if (!again || again->files != entry->files || again->task_id != entry->task_id ||
      again->terminal_output != entry->terminal_output)
    std::abort();
  return 0;
}
