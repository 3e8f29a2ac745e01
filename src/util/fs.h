#pragma once
// Small file helpers shared by every layer. Every persisted file is written
// with write_atomic (temp file + rename) so a crash never leaves half a file.

#include <filesystem>
#include <string>
#include <string_view>

#include "util/result.h"

namespace strata {

Result<std::string> read_file(const std::filesystem::path& path);
// Writes to a temporary file beside `path`, fsyncs it, then renames it over
// `path`, creating parent directories as needed.
Status write_atomic(const std::filesystem::path& path, std::string_view content);
// `path` relative to `base` with '/' separators, or "" if outside `base`.
std::string relative_to(const std::filesystem::path& path, const std::filesystem::path& base);

}  // namespace strata
