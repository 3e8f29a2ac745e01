#pragma once
// The last rendering of `strata graph` (.strata/graph-output), keyed on the
// workspace fingerprint and the rendering options: a warm `graph` walks the
// tree, finds the same key and prints the stored text without loading the
// workspace at all. Format: docs/formats/graph-output.md.

#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <string_view>

#include "util/hash.h"

namespace strata::cli {

inline constexpr uint32_t k_graph_output_version = 2;  // 2: the common header (util/byte_codec.h)

// The stored text when it was made for `key`; nullopt when absent, damaged
// or for another key.
std::optional<std::string> load_graph_output(const std::filesystem::path& root, const Digest& key);

// Replaces the stored text; failures are ignored (it only saves time).
void store_graph_output(const std::filesystem::path& root, const Digest& key,
                        std::string_view text);

// The parse and serialisation, exposed for tests.
std::string encode_graph_output(const Digest& key, std::string_view text);
std::optional<std::string> decode_graph_output(std::string_view data, const Digest& key);

}  // namespace strata::cli
