#pragma once
// Content hashes of workspace files, with a persistent stat cache so a file
// whose size, mtime, ctime and inode are unchanged is not read again.

#include <cstdint>
#include <filesystem>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "files/file_index.h"
#include "util/hash.h"
#include "util/result.h"

namespace strata {

class FileHasher {
 public:
  // `state_file` holds the stat cache between runs (versioned, checksummed;
  // a missing or corrupt one is simply rebuilt).
  FileHasher(std::filesystem::path root, std::filesystem::path state_file);
  ~FileHasher();
  FileHasher(const FileHasher&) = delete;
  FileHasher& operator=(const FileHasher&) = delete;

  // Hash of the file at `rel_path` (relative to root). Thread-safe. The
  // digest is hash_bytes() of the file's content (symlinks are followed).
  Result<Digest> hash(std::string_view rel_path);
  // While set, hash() of a file that `index` lists takes the stat the tree
  // walk made instead of stat'ing again: one stat per file per run. Set it
  // back to nullptr as soon as anything may have written to the workspace
  // (a task is about to run, outputs were restored), so that later hashes
  // see the files as they are then. Thread-safe.
  void use_walk_stats(const FileIndex* index);
  // Hashes many files at once on a bounded pool of threads.
  void prefetch(const std::vector<std::string>& rel_paths);
  // Writes the stat cache atomically if it changed.
  Status save();

  // How many files were actually read (not answered from the stat cache)
  // by this instance: for tests and debug output.
  uint64_t files_read() const;
  // Entries taken from the state file when this instance was made.
  size_t entries_loaded() const;

 private:
  struct Impl;
  std::unique_ptr<Impl> m_impl;
};

}  // namespace strata
