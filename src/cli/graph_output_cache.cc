// Layout: the magic "STRGOUT\n", the version (u32), the key (two u64), an
// XXH3-128 checksum of the text (two u64), the text's length (u64), then
// the text. Integers are little-endian.

#include "cli/graph_output_cache.h"

#include "util/fs.h"

namespace strata::cli {

namespace {

constexpr std::string_view k_magic = "STRGOUT\n";
constexpr size_t k_header_size = 8 + 4 + 5 * 8;

void put(std::string& out, uint64_t v, int bytes) {
  for (int i = 0; i < bytes; ++i) out.push_back(static_cast<char>((v >> (8 * i)) & 0xff));
}

uint64_t get(std::string_view s, size_t at, int bytes) {
  uint64_t v = 0;
  for (int i = 0; i < bytes; ++i) v |= uint64_t(static_cast<unsigned char>(s[at + i])) << (8 * i);
  return v;
}

std::filesystem::path file_of(const std::filesystem::path& root) { return root / ".strata" / "graph-output"; }

}  // namespace

std::string encode_graph_output(const Digest& key, std::string_view text) {
  std::string out(k_magic);
  put(out, k_graph_output_version, 4);
  put(out, key.hi, 8);
  put(out, key.lo, 8);
  Digest sum = hash_bytes(text);
  put(out, sum.hi, 8);
  put(out, sum.lo, 8);
  put(out, text.size(), 8);
  out.append(text);
  return out;
}

std::optional<std::string> decode_graph_output(std::string_view data, const Digest& key) {
  if (data.size() < k_header_size || !data.starts_with(k_magic)) return std::nullopt;
  if (get(data, 8, 4) != k_graph_output_version) return std::nullopt;
  if (Digest{get(data, 12, 8), get(data, 20, 8)} != key) return std::nullopt;
  Digest sum{get(data, 28, 8), get(data, 36, 8)};
  std::string_view text = data.substr(k_header_size);
  if (get(data, 44, 8) != text.size() || hash_bytes(text) != sum) return std::nullopt;
  return std::string(text);
}

std::optional<std::string> load_graph_output(const std::filesystem::path& root, const Digest& key) {
  auto data = read_file(file_of(root));
  if (!data) return std::nullopt;
  return decode_graph_output(*data, key);
}

void store_graph_output(const std::filesystem::path& root, const Digest& key, std::string_view text) {
  (void)write_atomic(file_of(root), encode_graph_output(key, text), Durability::k_checksummed);
}

}  // namespace strata::cli
