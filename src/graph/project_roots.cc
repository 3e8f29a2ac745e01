#include "graph/project_roots.h"

namespace strata {

std::string normalize_path(std::string_view path) {
  // One pass: segments are appended to `out`; ".." truncates it back to the
  // previous '/'. Most paths are already normal and are copied once.
  std::string out;
  out.reserve(path.size());
  while (!path.empty()) {
    size_t slash = path.find('/');
    std::string_view seg = path.substr(0, slash);
    path = slash == std::string_view::npos ? std::string_view() : path.substr(slash + 1);
    if (seg.empty() || seg == ".") continue;
    if (seg == "..") {
      if (out.empty()) return "..";
      size_t cut = out.rfind('/');
      out.resize(cut == std::string::npos ? 0 : cut);
      continue;
    }
    if (!out.empty()) out.push_back('/');
    out.append(seg);
  }
  return out;
}

ProjectRoots::ProjectRoots(const std::vector<Project>& projects) {
  m_by_root.reserve(projects.size());
  for (size_t i = 0; i < projects.size(); ++i) {
    std::string root = normalize_path(projects[i].root);
    if (root.empty())
      m_root_project = static_cast<int>(i);
    else
      m_by_root.emplace(std::move(root), static_cast<int>(i));
  }
}

int ProjectRoots::owner_below(std::string_view path, size_t known_len, int known_owner) const {
  while (path.size() > known_len) {
    if (auto it = m_by_root.find(path); it != m_by_root.end()) return it->second;
    size_t slash = path.rfind('/');
    if (slash == std::string_view::npos || slash < known_len) break;
    path = path.substr(0, slash);
  }
  return known_owner;
}

int ProjectRoots::owner(std::string_view path) const {
  while (path.size() > 2 && path.substr(0, 2) == "./") path.remove_prefix(2);
  while (!path.empty() && path.back() == '/') path.remove_suffix(1);
  while (!path.empty()) {
    if (auto it = m_by_root.find(path); it != m_by_root.end()) return it->second;
    size_t slash = path.rfind('/');
    if (slash == std::string_view::npos) break;
    path = path.substr(0, slash);
  }
  return m_root_project;
}

}  // namespace strata
