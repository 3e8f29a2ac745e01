#pragma once
// Limits on the text Strata parses from users' files, and a JSON parser
// that keeps to them. Without limits a 50 MB file of `[` made nlohmann
// build fifty million nested arrays (gigabytes) before its syntax error, and
// a number too large for a double escaped a worker thread as an exception.

#include <cstddef>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <string_view>

#include "util/result.h"

namespace strata {

// Configuration files (JSON, TOML) larger than this are refused unread.
inline constexpr size_t k_config_max_bytes = size_t{16} << 20;
// Arrays and objects nested deeper than this are refused.
inline constexpr size_t k_max_nesting = 256;

// Why a JSON text was refused, at which byte.
struct JsonProblem {
  std::string message;  // e.g. "invalid JSON: syntax error ..." (no location)
  size_t offset = 0;    // byte offset of the offending character
  std::string hint;
};

// Offset of the bracket or brace that opens nesting level `limit` + 1, or
// nullopt. Strings and (with `comments`) // and /* */ comments are skipped.
std::optional<size_t> json_nesting_overflow(std::string_view text, bool comments,
                                            size_t limit = k_max_nesting);

// Parses `text` without throwing: syntax errors, numbers out of range and
// nesting past `k_max_nesting` become a JsonProblem with its byte offset.
std::optional<JsonProblem> parse_json_bounded(std::string_view text, bool comments,
                                              nlohmann::json& out);

// 1-based line and column of `offset` in `text` (columns count bytes).
SourceLoc locate_offset(std::string file, std::string_view text, size_t offset);

// parse_json_bounded for callers without a diagnostics sink: the problem
// becomes an Error at file:line:col. Also refuses text over `max_bytes`.
Result<nlohmann::json> parse_json_file_text(std::string file, std::string_view text, bool comments,
                                            size_t max_bytes = k_config_max_bytes);

}  // namespace strata
