#pragma once
// A short list of paths whose stats stand for a whole-tree fingerprint.
//
// Some results depend only on which files exist and on the contents of a
// few of them: the project graph of a workspace that reads no sources
// depends on its configuration files and the tree's listing. Adding,
// removing or renaming a file changes its directory's stat, so the stats of
// every listed directory plus those few files tell whether such a result
// still holds, at a fraction of a full walk's cost (no directory is read
// and no other file is stat'ed). This is git's untracked cache idea.
//
// A shape is only recorded when none of its stats is racy (changed within
// k_racy_window_ns of the walk it belongs to), so an equal stat later means
// an unchanged path. Format: docs/formats/tree-shape.md.

#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "util/hash.h"
#include "util/result.h"

namespace strata {

inline constexpr uint32_t k_tree_shape_version = 1;

struct TreeShape {
  Digest fingerprint;              // what the shape stands for (cli/context.cc)
  std::vector<std::string> dirs;   // relative to the root, "." for the root
  std::vector<std::string> files;  // relative to the root, or absolute
  Digest stamps;                   // stamp_paths(root, dirs and files); empty: not yet
};

// A digest of the stat (inode, size, mtime, ctime; or "absent") of every
// path, relative ones taken from `root`, in order. `newest_ns`, when given,
// gets the latest mtime or ctime among them.
Digest stamp_paths(const std::filesystem::path& root, const std::vector<std::string>& dirs,
                   const std::vector<std::string>& files, int64_t* newest_ns = nullptr);

// Stamps `shape`'s paths now into shape.stamps; false (shape unchanged)
// when one of them changed within k_racy_window_ns before `walk_start_ns`
// or later, so its stat could not tell a further change apart.
bool record_stamps(const std::filesystem::path& root, TreeShape& shape, int64_t walk_start_ns);

// Whether `path` (relative to `root`, or absolute) changed within
// k_racy_window_ns before `walk_start_ns` or later; false when absent.
bool changed_since(const std::filesystem::path& root, const std::string& path,
                   int64_t walk_start_ns);

// Whether every path of `shape` still has the stat it was recorded with;
// false for a shape not stamped yet.
bool shape_holds(const std::filesystem::path& root, const TreeShape& shape);

std::string encode_tree_shape(const TreeShape& shape);
std::optional<TreeShape> decode_tree_shape(std::string_view bytes);

// .strata/tree-shape of `root`: nullopt when absent, damaged or of another
// version; saving ignores failures (the shape only saves time).
std::optional<TreeShape> load_tree_shape(const std::filesystem::path& root);
void save_tree_shape(const std::filesystem::path& root, const TreeShape& shape);
void remove_tree_shape(const std::filesystem::path& root);

}  // namespace strata
