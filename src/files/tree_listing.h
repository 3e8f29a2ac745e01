#pragma once
// The last walk's list of files, kept with the stats of what decides it.
//
// Adding, removing or renaming a file changes its directory's stat, so
// while every listed directory, every .gitignore read, every symlink the
// walk left out and .git/info/exclude have the stats they had, the walk
// would list the same files. Then FileIndex::restat stats those files again
// (on all cores) instead of reading every directory and matching every name
// against the ignore rules: the same index, stats and fingerprint as a walk,
// at a fraction of the cost. git's untracked cache rests on the same fact.
//
// Recorded after a walk only when none of those paths changed within
// k_racy_window_ns of it, so an equal stat later means an unchanged path.
// Format: docs/formats/tree-listing.md.

#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "files/file_index.h"
#include "util/hash.h"

namespace strata {

inline constexpr uint32_t k_tree_listing_version = 1;

struct TreeListing {
  std::vector<std::string> dirs;     // FileIndex::dirs()
  std::vector<std::string> watched;  // FileIndex::watched()
  std::vector<std::string> files;    // FileIndex::files()
  Digest stamps;                     // of dirs, watched and .git/info/exclude
};

// The listing of a fresh walk of `root`, stamped; nullopt when a path that
// decides it changed within k_racy_window_ns before `walk_start_ns` (by
// default the walk's own start) or later, or the index was not made by a
// walk.
std::optional<TreeListing> listing_of(const std::filesystem::path& root, const FileIndex& index);
std::optional<TreeListing> listing_of(const std::filesystem::path& root, const FileIndex& index,
                                      int64_t walk_start_ns);

// Whether the directories and watched paths still have their stats.
bool listing_holds(const std::filesystem::path& root, const TreeListing& listing);

std::string encode_tree_listing(const TreeListing& listing);
std::optional<TreeListing> decode_tree_listing(std::string_view bytes);

// .strata/tree-listing of `root`; nullopt when absent, damaged or of
// another version. Saving ignores failures (the listing only saves time).
std::optional<TreeListing> load_tree_listing(const std::filesystem::path& root);
void save_tree_listing(const std::filesystem::path& root, const TreeListing& listing);

}  // namespace strata
