#pragma once
// The workspace's files, found by one walk of the tree that honours
// .gitignore files, and the project that owns each of them.

#include <filesystem>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "files/stat_cache.h"
#include "model/workspace.h"
#include "util/hash.h"
#include "util/result.h"

namespace strata {

class FileIndex {
 public:
  // Walks `root`, skipping .git, node_modules, .strata, and every path
  // ignored by a .gitignore (root and nested), by .git/info/exclude, or by
  // `extra_ignores` (gitignore-style patterns relative to root, which take
  // precedence over the others, like git's command-line excludes).
  // Symlinks to files are listed; symlinks to directories are not followed.
  static Result<FileIndex> scan(const std::filesystem::path& root,
                                const std::vector<std::string>& extra_ignores = {});
  // What scan() gives when the tree's listing is known to be `files`,
  // `dirs` and `watched` still (files/tree_listing.h checked their stamps):
  // every file is stat'ed again, on all cores, and no directory is read.
  // nullopt when a file is gone or no longer a regular file: scan then.
  static std::optional<FileIndex> restat(const std::filesystem::path& root,
                                         std::vector<std::string> files,
                                         std::vector<std::string> dirs,
                                         std::vector<std::string> watched);

  // Every file, relative to root with '/' separators, sorted.
  const std::vector<std::string>& files() const { return m_files; }
  // The stat of each file taken during the walk, parallel to files() (empty
  // for an index not made by scan). Good until the workspace changes: the
  // import scan and the file hasher use it instead of stat'ing again.
  const std::vector<FileStat>& stats() const { return m_stats; }
  // The walk-time stat of a listed file; nullptr for any other path.
  const FileStat* stat_of(std::string_view path) const;
  // Every directory the walk listed ("." for the root), sorted; empty for
  // an index not made by scan. Adding, removing or renaming a file changes
  // its directory's stat, which is what files/tree_shape.h relies on.
  const std::vector<std::string>& dirs() const { return m_dirs; }
  // The .gitignore files the walk read and the symlinks it left out, sorted.
  const std::vector<std::string>& watched() const { return m_watched; }
  // The wall clock just before the walk, in ns.
  int64_t scan_start_ns() const { return m_scan_start_ns; }
  // A digest of every listed path with its walk-time stat: equal
  // fingerprints mean the same files with the same stats (size, inode,
  // mtime, ctime), which is what snapshots derived from them are keyed on.
  Digest fingerprint() const;
  // True when some file changed so close to the walk (k_racy_window_ns)
  // that a further edit in the same timestamp granule could leave its stat
  // unchanged: nothing keyed on the fingerprint may be stored then.
  bool has_racy_files() const;

  // Assigns each file to the project whose root is the deepest directory
  // containing it (the root project "." owns what no other project does).
  void assign_owners(const std::vector<Project>& projects);
  // Files owned by `project`, sorted; empty for an unknown project.
  const std::vector<std::string>& project_files(std::string_view project) const;
  // The owner of any path, listed or not (deleted files too); "" if none.
  std::string owner(std::string_view path) const;

 private:
  // Adds the root's nx.json and strata.json when the walk ignored them.
  void keep_root_configuration(int root_fd);
  // Index into m_roots of the project owning `path`, or -1.
  long owner_index(std::string_view path) const;

  std::vector<std::string> m_files;
  std::vector<FileStat> m_stats;                             // parallel to m_files, or empty
  std::vector<std::string> m_dirs;                           // listed directories, sorted
  std::vector<std::string> m_watched;                        // see watched()
  int64_t m_scan_start_ns = 0;                               // wall clock just before the walk
  std::vector<std::pair<std::string, std::string>> m_roots;  // (root, project), sorted by root
  std::vector<std::pair<std::string, std::vector<std::string>>> m_by_project;  // sorted by name
};

}  // namespace strata
