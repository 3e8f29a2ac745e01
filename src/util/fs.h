#pragma once
// Small file helpers shared by every layer. Every persisted file is written
// with write_atomic (temp file + rename) so a crash never leaves half a file.

#include <filesystem>
#include <string>
#include <string_view>

#include "util/result.h"

namespace strata {

Result<std::string> read_file(const std::filesystem::path& path);
// read_file for text that is parsed whole (configuration): a file over
// `max_bytes` is refused before it is read, with an error at file:1:1
// naming the limit and `what` the file is.
Result<std::string> read_file(const std::filesystem::path& path, size_t max_bytes,
                              std::string_view what);
// Whether write_atomic waits for the data to reach the disk. Files that are
// checksummed on read (cache entries, stat and import caches, run records)
// skip the fsync: after a crash a torn file is detected and rebuilt, and a
// cached run of 1,000 tasks is not held up by 1,000 disk flushes.
enum class Durability { k_fsync, k_checksummed };

// True when `path` is relative and every component is a name: none empty,
// ".", or "..", and no trailing '/'. Such a path is already normal and
// cannot leave the directory it is relative to.
bool plain_relative(std::string_view path);

// Writes to a temporary file beside `path`, fsyncs it (unless the file is
// checksummed), then renames it over `path`, creating parent directories as
// needed.
Status write_atomic(const std::filesystem::path& path, std::string_view content,
                    Durability durability = Durability::k_fsync);
// "file is 52428800 bytes, over the 16 MiB limit for <what>" as an Error
// at file:1:1 with a hint.
Error size_limit_error(std::string file, uint64_t size, size_t limit, std::string_view what);
// `path` relative to `base` with '/' separators, or "" if outside `base`.
std::string relative_to(const std::filesystem::path& path, const std::filesystem::path& base);

}  // namespace strata
