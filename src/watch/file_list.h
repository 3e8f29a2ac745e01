#pragma once
// A workspace's files with their stats, as one walk found them, and what
// the watch loop derives from two of them: the files that changed between
// the walks and the directories worth watching.

#include <string>
#include <vector>

#include "files/stat_cache.h"

namespace strata {

struct FileList {
  std::vector<std::string> files;  // relative to the root, sorted
  std::vector<FileStat> stats;     // parallel to files
};

// Files added, removed, or whose stat differs (size, inode, mtime, ctime),
// sorted. Both lists must be sorted.
std::vector<std::string> changed_files(const FileList& before, const FileList& after);

// Every directory holding a listed file, and their ancestors, "" for the
// root (always present); sorted. Ignored directories hold no listed file,
// so they are never watched.
std::vector<std::string> directories_of(const std::vector<std::string>& files);

}  // namespace strata
