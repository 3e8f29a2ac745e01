// Layout: the header of util/byte_codec.h keyed on the options and the
// workspace fingerprint (magic "STRGOUT\n", version, key, length, XXH3-128
// of the text), then the text.

#include "cli/graph_output_cache.h"

#include "util/byte_codec.h"
#include "util/fs.h"

namespace strata::cli {

namespace {

constexpr BinaryFormat k_format{"STRGOUT\n", k_graph_output_version};

std::filesystem::path file_of(const std::filesystem::path& root) {
  return root / ".strata" / "graph-output";
}

}  // namespace

std::string encode_graph_output(const Digest& key, std::string_view text) {
  return seal_file(k_format, text, &key);
}

std::optional<std::string> decode_graph_output(std::string_view data, const Digest& key) {
  auto sealed = unseal_file(k_format, data, &key);
  if (!sealed) return std::nullopt;
  return std::string(sealed.payload);
}

std::optional<std::string> load_graph_output(const std::filesystem::path& root, const Digest& key) {
  auto data = read_file(file_of(root));
  if (!data) return std::nullopt;
  return decode_graph_output(*data, key);
}

void store_graph_output(const std::filesystem::path& root, const Digest& key,
                        std::string_view text) {
  (void)write_atomic(file_of(root), encode_graph_output(key, text), Durability::k_checksummed);
}

}  // namespace strata::cli
