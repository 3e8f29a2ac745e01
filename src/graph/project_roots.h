#pragma once
// The project owning any path: the one whose root is the deepest directory
// containing it, or the root project "." when no other does. One hash
// lookup per directory level, so it stays fast with thousands of projects.

#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "model/workspace.h"

namespace strata {

// "a/./b/../c" -> "a/c"; "" for the root itself; "../x" (outside) -> "..".
std::string normalize_path(std::string_view path);

class ProjectRoots {
 public:
  explicit ProjectRoots(const std::vector<Project>& projects);

  // Index into the projects given to the constructor, or -1 when none.
  int owner(std::string_view path) const;
  // owner(path) when the owner of its ancestor directory, the first
  // `known_len` characters of `path`, is already known to be `known_owner`:
  // only the levels below that directory are looked up.
  int owner_below(std::string_view path, size_t known_len, int known_owner) const;

 private:
  struct Hash {
    using is_transparent = void;
    size_t operator()(std::string_view s) const { return std::hash<std::string_view>{}(s); }
  };
  std::unordered_map<std::string, int, Hash, std::equal_to<>> m_by_root;
  int m_root_project = -1;
};

}  // namespace strata
