#pragma once
// Which scanner a file needs, and the scan of many files at once: read each
// file once, on the thread pool, skipping unchanged files known to the
// persistent import cache.

#include <filesystem>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "files/stat_cache.h"
#include "graph/import_cache.h"
#include "graph/import_ref.h"

namespace strata {

enum class SourceLanguage : uint8_t { k_none, k_python, k_typescript, k_cpp };

// By extension: .py; .ts .tsx .js .jsx .mjs .cjs .mts .cts; .c .cc .cpp
// .cxx .h .hh .hpp .hxx. Anything else is k_none and is not scanned.
SourceLanguage source_language(std::string_view path);

ImportList scan_imports(SourceLanguage lang, std::string_view content);

struct ScanStats {
  size_t read = 0;    // files read and scanned
  size_t cached = 0;  // files answered by the cache
  size_t failed = 0;  // files that could not be read (they count as empty)
};

// Imports of each of `files` (relative to `root`), in the same order. With a
// non-empty `cache_file`, unchanged files come from the cache and the cache
// is rewritten when anything changed.
std::vector<ImportList> scan_source_files(const std::filesystem::path& root,
                                          const std::vector<std::string_view>& files,
                                          const std::filesystem::path& cache_file,
                                          ScanStats* stats = nullptr);

// The time a stamp records: the later of mtime and ctime. An edit that
// keeps the size and puts the old mtime back (touch -r, some editors and
// archivers) still moves the ctime, so it cannot pass for unchanged.
inline int64_t change_time_ns(const FileStat& st) {
  return st.mtime_ns > st.ctime_ns ? st.mtime_ns : st.ctime_ns;
}

// The same with each file's stamp known already (from the tree walk):
// `known[i]`, when set, stands for a fresh stat of files[i]; the others
// are stat'ed here.
std::vector<ImportList> scan_source_files(const std::filesystem::path& root,
                                          const std::vector<std::string_view>& files,
                                          const std::vector<std::optional<FileStat>>& known,
                                          const std::filesystem::path& cache_file,
                                          ScanStats* stats = nullptr);

}  // namespace strata
