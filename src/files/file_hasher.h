#pragma once
// Content hashes of workspace files, with a persistent stat cache so a file
// whose size, mtime and inode are unchanged is not read again.

#include <filesystem>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "util/hash.h"
#include "util/result.h"

namespace strata {

class FileHasher {
 public:
  // `state_file` holds the stat cache between runs (versioned, checksummed;
  // a missing or corrupt one is simply rebuilt).
  FileHasher(std::filesystem::path root, std::filesystem::path state_file);
  ~FileHasher();

  // Hash of the file at `rel_path` (relative to root). Thread-safe.
  Result<Digest> hash(std::string_view rel_path);
  // Hashes many files at once on a bounded pool of threads.
  void prefetch(const std::vector<std::string>& rel_paths);
  // Writes the stat cache atomically if it changed.
  Status save();

 private:
  struct Impl;
  std::unique_ptr<Impl> m_impl;
};

}  // namespace strata
