#pragma once
// One cached task result as it lives on disk: the sealed header of every
// Strata binary file (util/byte_codec.h: signature, format version, length,
// checksum) and a zstd-compressed body with the task's metadata, terminal
// output and output files. The byte layout is specified in
// docs/formats/cache-entry.md.

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "util/result.h"

namespace strata {

// Bumped whenever the byte layout of an entry changes; entries of any other
// version are treated as misses.
// Version 2: the shared sealed header (version 1 had its own, 48 bytes).
inline constexpr uint32_t k_cache_entry_version = 2;
inline constexpr std::string_view k_cache_entry_magic = "STRATACE";

// A file, directory or symlink under one of a task's outputs.
struct OutputFile {
  enum class Type : uint8_t { k_file = 0, k_directory = 1, k_symlink = 2 };
  Type type = Type::k_file;
  std::string path;      // relative to the workspace root, '/' separators
  uint32_t mode = 0644;  // permission bits
  std::string content;   // file bytes, or the link target for a symlink

  friend bool operator==(const OutputFile&, const OutputFile&) = default;
};

struct CacheEntry {
  std::string task_id;
  std::string hash;  // the task hash, 32 hex digits
  int exit_code = 0;
  uint64_t duration_ms = 0;
  int64_t created_ms = 0;  // Unix time in milliseconds
  std::string terminal_output;
  std::vector<OutputFile> files;  // sorted by path; directories before their contents
};

// Serialises `entry` into the on-disk form.
std::string encode_entry(const CacheEntry& entry, int zstd_level = 3);
// Parses and verifies an entry. A wrong signature, unknown version, size
// mismatch (truncation), checksum mismatch or malformed body is an Error.
Result<CacheEntry> decode_entry(std::string_view bytes);

}  // namespace strata
