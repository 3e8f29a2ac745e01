#pragma once
// The first line of every file `strata split` generates:
//   # strata:generated v1 inputs=<sha256> from=<path>,<path>
// naming the files it was generated from and the SHA-256 of their bytes
// (each as "path\nlength\nbytes"), so a check can tell a stale generated
// file without Strata: the generated projects' build targets recompute the
// hash (Python's hashlib) and fail when it differs, as Service Weaver's
// stubs fail the build. Format: docs/formats/generated-files.md.

#include <filesystem>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "util/result.h"

namespace strata::service {

inline constexpr std::string_view k_generated_marker = "strata:generated v1";

// SHA-256 of the inputs' bytes, read from `overlay` (files about to be
// written) or else from `root`; a missing input hashes as empty.
std::string inputs_hash(const std::filesystem::path& root, const std::vector<std::string>& inputs,
                        const std::map<std::string, std::string>& overlay = {});

// The header line for a language's comment prefix ("#", "//").
std::string generated_header(std::string_view comment, const std::string& hash,
                             const std::vector<std::string>& inputs);

struct ParsedHeader {
  std::string hash;
  std::vector<std::string> inputs;
};
// The header of a generated file's text, or nullopt when it has none.
std::optional<ParsedHeader> parse_generated_header(std::string_view text);

// Whether the file's header still matches its inputs on disk.
bool generated_file_is_current(const std::filesystem::path& root, std::string_view text);

std::string sha256_hex(std::string_view data);

}  // namespace strata::service
