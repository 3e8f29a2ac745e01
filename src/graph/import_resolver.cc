// Every lookup is a hash probe or a binary search in the sorted file list;
// nothing here scales with the number of projects per import. C/C++
// includes use an index built once: for each include directory, every file
// below it keyed by its path relative to that directory.

#include "graph/import_resolver.h"

#include <algorithm>

namespace strata {

namespace {

constexpr std::string_view k_ts_suffixes[] = {
    "",           ".ts",         ".tsx",      ".d.ts",      ".js",        ".jsx",
    ".mjs",       ".cjs",        ".mts",      ".cts",       ".json",      "/index.ts",
    "/index.tsx", "/index.d.ts", "/index.js", "/index.jsx", "/index.mjs", "/index.cjs"};

bool is_relative(std::string_view spec) {
  return spec == "." || spec == ".." || spec.starts_with("./") || spec.starts_with("../");
}

std::string_view dir_of(std::string_view file) {
  size_t slash = file.rfind('/');
  return slash == std::string_view::npos ? std::string_view() : file.substr(0, slash);
}

std::string join(std::string_view dir, std::string_view rel) {
  if (dir.empty()) return normalize_path(rel);
  std::string s(dir);
  s.push_back('/');
  s.append(rel);
  return normalize_path(s);
}

// "@scope/name/sub" -> "@scope/name"; "name/sub" -> "name".
std::string_view npm_package_of(std::string_view spec) {
  size_t slash = spec.find('/');
  if (spec.starts_with("@") && slash != std::string_view::npos) slash = spec.find('/', slash + 1);
  return spec.substr(0, slash);
}

size_t segments(std::string_view s) { return std::count(s.begin(), s.end(), '.') + 1; }

}  // namespace

ImportResolver::ImportResolver(const Workspace& ws, const std::vector<std::string>& files,
                               const ProjectRoots& roots, TsPaths ts_paths,
                               const std::vector<int>& cpp_projects)
    : m_ws(ws), m_files(files), m_roots(roots), m_ts_paths(std::move(ts_paths)) {
  for (size_t i = 0; i < ws.projects.size(); ++i) {
    const Project& p = ws.projects[i];
    for (const auto& pkg : p.python_packages) {
      m_python.emplace(pkg, static_cast<int>(i));
      m_python_max_segments = std::max(m_python_max_segments, segments(pkg));
    }
    if (!p.package_name.empty()) m_npm.emplace(p.package_name, static_cast<int>(i));
  }
  index_includes(cpp_projects);
}

std::vector<std::string> ImportResolver::include_dirs(int i) const {
  return i >= 0 && static_cast<size_t>(i) < m_include_dirs.size() ? m_include_dirs[i]
                                                                  : std::vector<std::string>{};
}

bool ImportResolver::exists(std::string_view path) const {
  return std::binary_search(m_files.begin(), m_files.end(), path,
                            [](std::string_view a, std::string_view b) { return a < b; });
}

void ImportResolver::index_includes(const std::vector<int>& cpp_projects) {
  m_include_dirs.resize(m_ws.projects.size());
  for (size_t i = 0; i < m_ws.projects.size(); ++i)
    for (const auto& d : m_ws.projects[i].include_dirs)
      m_include_dirs[i].push_back(normalize_path(d));
  for (int i : cpp_projects) {
    if (!m_include_dirs[i].empty()) continue;
    std::string root = normalize_path(m_ws.projects[i].root);
    for (const char* d : {"include", "src"}) m_include_dirs[i].push_back(join(root, d));
  }
  for (size_t i = 0; i < m_include_dirs.size(); ++i) {
    for (const auto& dir : m_include_dirs[i]) {
      std::string prefix = dir.empty() ? "" : dir + "/";
      auto it = std::lower_bound(m_files.begin(), m_files.end(), prefix);
      for (; it != m_files.end() && it->starts_with(prefix); ++it) {
        std::string key = it->substr(prefix.size());
        int owner = m_roots.owner(*it);
        auto [slot, fresh] = m_includes.try_emplace(std::move(key), Include{owner, false});
        if (!fresh && slot->second.project != owner) slot->second.ambiguous = true;
      }
    }
  }
}

int ImportResolver::resolve(std::string_view file, int from, SourceLanguage lang,
                            const ImportRef& imp) const {
  switch (lang) {
    case SourceLanguage::k_python:
      return resolve_python(imp.spec);
    case SourceLanguage::k_typescript:
      return resolve_ts(file, from, imp.spec);
    case SourceLanguage::k_cpp:
      return resolve_cpp(file, from, imp);
    case SourceLanguage::k_none:
      break;
  }
  return -1;
}

int ImportResolver::resolve_python(std::string_view module) const {
  // Longest match first: "acme.billing.api" tries "acme.billing", then "acme".
  std::vector<size_t> ends;
  for (size_t i = 0; i <= module.size() && ends.size() < m_python_max_segments; ++i)
    if (i == module.size() || module[i] == '.') ends.push_back(i);
  for (auto it = ends.rbegin(); it != ends.rend(); ++it)
    if (auto hit = m_python.find(module.substr(0, *it)); hit != m_python.end()) return hit->second;
  return -1;
}

int ImportResolver::owner_of_candidates(const std::vector<std::string>& candidates) const {
  // Like TypeScript, the first target that exists wins; when none exists
  // (a directory, or a file not yet written) the first target's directory
  // still tells the owner.
  if (candidates.size() > 1)
    for (const auto& c : candidates)
      for (auto suffix : k_ts_suffixes)
        if (exists(c + std::string(suffix))) return m_roots.owner(c);
  if (candidates.empty() || candidates[0] == "..") return -1;
  return m_roots.owner(candidates[0]);
}

int ImportResolver::resolve_ts(std::string_view file, int from, std::string_view spec) const {
  if (spec.starts_with("./") && spec.find("..") == std::string_view::npos && from >= 0) {
    // Below the importing file's own directory, whose owner is `from`.
    std::string_view dir = dir_of(file);
    std::string path = join(dir, spec);
    return m_roots.owner_below(path, dir.size(), from);
  }
  if (is_relative(spec)) {
    std::string path = join(dir_of(file), spec);
    return path == ".." ? -1 : m_roots.owner(path);
  }
  if (!m_ts_paths.empty()) {
    auto targets = m_ts_paths.map(spec);
    if (!targets.empty()) return owner_of_candidates(targets);
  }
  auto hit = m_npm.find(npm_package_of(spec));
  return hit == m_npm.end() ? -1 : hit->second;
}

int ImportResolver::resolve_cpp(std::string_view file, int from, const ImportRef& imp) const {
  if (imp.kind == ImportKind::k_quoted_include) {
    std::string_view dir = dir_of(file);
    std::string local = join(dir, imp.spec);
    bool below = from >= 0 && imp.spec.find("..") == std::string::npos;
    if (local != ".." && exists(local))
      return below ? m_roots.owner_below(local, dir.size(), from) : m_roots.owner(local);
  }
  std::string key = normalize_path(imp.spec);
  auto hit = m_includes.find(key);
  if (hit == m_includes.end()) return -1;
  if (hit->second.ambiguous && from >= 0)
    for (const auto& dir : m_include_dirs[from])
      if (exists(join(dir, key))) return m_roots.owner(join(dir, key));
  return hit->second.project;
}

}  // namespace strata
