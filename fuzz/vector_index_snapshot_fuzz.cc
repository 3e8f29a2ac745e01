// Fuzzes the reader of an embedded collection's index snapshot
// (index.hnsw, src/vector/index_snapshot.cc). Modes, by the first byte: the
// raw file; or a valid sealed header (signature, version, length,
// checksum) around the dimension, then the fuzzer's bytes as the rest of
// the prefix, the slot table and the 8-bit codes (last seq, slot count,
// slot seqs, the codes' step, ranges, row count, errors, bytes), then a
// real FAISS HNSW index of a few vectors. FAISS itself is not the target (Debian's build has no
// coverage instrumentation), so the index behind the slot table is always
// one FAISS wrote.

#include <faiss/IndexHNSW.h>
#include <faiss/impl/io.h>
#include <faiss/index_io.h>
#include <unistd.h>

#include <array>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <string>

#include "fuzz/fuzz_input.h"
#include "util/byte_codec.h"
#include "vector/index_snapshot.h"

namespace {

constexpr int k_dim = 4;

// A FAISS HNSW index of `n` vectors, serialised; built once per n.
const std::string& faiss_bytes(int n) {
  static std::array<std::string, 4> cache;
  std::string& out = cache[n];
  if (out.empty()) {
    faiss::IndexHNSWFlat index(k_dim, 8);
    std::vector<float> v(static_cast<size_t>(n) * k_dim);
    for (size_t i = 0; i < v.size(); ++i) v[i] = static_cast<float>(i % 7) - 3.0f;
    if (n > 0) index.add(n, v.data());
    faiss::VectorIOWriter w;
    faiss::write_index(&index, &w);
    out.assign(w.data.begin(), w.data.end());
  }
  return out;
}

const std::filesystem::path& snapshot_file() {
  static std::filesystem::path file = [] {
    char dir[] = "/tmp/strata-fuzz-snapshot.XXXXXX";
    if (!mkdtemp(dir)) std::abort();
    return std::filesystem::path(dir) / "index.hnsw";
  }();
  return file;
}

std::string framed(std::string_view input) {
  int n = input.empty() ? 0 : static_cast<uint8_t>(input[0]) % 4;
  if (!input.empty()) input.remove_prefix(1);
  std::string payload;
  strata::fuzz::put_le(payload, k_dim, 4);
  payload.append(input);
  payload.append(faiss_bytes(n));
  return strata::seal_file({"STRVECIX", strata::vec::k_snapshot_version}, payload);
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string_view input = strata::fuzz::as_view(data, size);
  std::string bytes = strata::fuzz::take_framed(input) ? framed(input) : std::string(input);
  const auto& file = snapshot_file();
  FILE* f = std::fopen(file.c_str(), "wb");
  if (!f || std::fwrite(bytes.data(), 1, bytes.size(), f) != bytes.size()) std::abort();
  std::fclose(f);
  (void)strata::vec::read_snapshot(file, k_dim);
  return 0;
}
