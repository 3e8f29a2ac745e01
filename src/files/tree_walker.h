#pragma once
// The directory walk behind FileIndex::scan: every file below a root that
// no ignore rule excludes, sorted, on a bounded pool of threads.

#include <string>
#include <string_view>
#include <vector>

#include "files/gitignore.h"
#include "files/stat_cache.h"

namespace strata {

// Names never listed nor entered, whatever the ignore files say.
bool always_skipped_name(std::string_view name);

// The contents of a small file relative to a directory; "" when absent.
std::string read_file_at(int dir_fd, const char* name);

// Lists the files below the directory open as `root_fd`, relative to it
// with '/' separators and byte-wise sorted. Rules are applied as git does:
// `overrides` first, then each directory's .gitignore from the deepest up,
// then `fallback` (.git/info/exclude). Symlinks to files are listed,
// symlinks to directories are not followed; unreadable directories are
// skipped. `threads` 0 means one per core.
std::vector<std::string> walk_tree(int root_fd, const IgnoreList& overrides,
                                   const IgnoreList& fallback, size_t threads = 0);

// The same walk, also stat'ing every listed file (following symlinks)
// relative to its directory's descriptor, which is the cheapest lookup
// there is: `stats` comes back parallel to the returned files. A file that
// vanishes between listing and stat is left out. `dirs`, when given, gets
// every directory listed, sorted: "." for the root, then relative paths;
// `watched` the other paths whose stat decides the listing: every
// .gitignore read and every symlink left out (to a directory, or dangling).
std::vector<std::string> walk_tree_with_stats(int root_fd, const IgnoreList& overrides,
                                              const IgnoreList& fallback,
                                              std::vector<FileStat>& stats, size_t threads = 0,
                                              std::vector<std::string>* dirs = nullptr,
                                              std::vector<std::string>* watched = nullptr);

}  // namespace strata
