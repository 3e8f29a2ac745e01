#pragma once
// The persistent scan cache (.strata/imports-cache): the raw imports of each
// source file, keyed by path, size, mtime and inode, so a warm run reads
// only the files that changed. Format: docs/formats/imports-cache.md.

#include <cstdint>
#include <filesystem>
#include <string>
#include <string_view>
#include <vector>

#include "files/stat_cache.h"
#include "graph/import_ref.h"
#include "util/result.h"

namespace strata {

class ImportCache {
 public:
  static constexpr uint32_t k_version = 3;  // 2: imports carry their line; 3: a whole FileStat

  struct Entry {
    std::string path;
    FileStat stamp;
    ImportList imports;
  };

  // A missing, corrupt or other-version file loads as an empty cache: the
  // cache only saves work, so it is rebuilt rather than reported.
  static ImportCache load(const std::filesystem::path& file);
  // The entry for `path` if its stamp matches, else nullptr.
  const ImportList* find(std::string_view path, const FileStat& stamp) const;
  // The same, for moving the imports out (the entry is left empty); safe
  // from several threads as long as each asks for a different path.
  ImportList* find_mutable(std::string_view path, const FileStat& stamp);

  // Replaces the content; entries must be sorted by path. Entries whose
  // mtime is within k_racy_ns of `scan_start_ns` are dropped: a file changed
  // again within the timestamp granularity would look unchanged.
  void assign(std::vector<Entry> entries, int64_t scan_start_ns);
  const std::vector<Entry>& entries() const { return m_entries; }
  std::string serialize() const;
  static bool parse(std::string_view bytes, ImportCache& out);
  Status save(const std::filesystem::path& file) const;

  static constexpr int64_t k_racy_ns = 100'000'000;

 private:
  std::vector<Entry> m_entries;  // sorted by path
};

}  // namespace strata
