#include "cli/project_filter.h"

#include <algorithm>

#include "util/glob.h"

namespace strata::cli {

namespace {

bool matches(const Project& p, const std::string& pattern) {
  if (pattern.rfind("tag:", 0) == 0) {
    std::string tag = pattern.substr(4);
    return std::any_of(p.tags.begin(), p.tags.end(),
                       [&](const std::string& t) { return glob_match(tag, t); });
  }
  if (!is_glob(pattern)) return p.name == pattern || p.root == pattern;
  return glob_match(pattern, p.name) || glob_match(pattern, p.root);
}

bool matches_any(const Project& p, const std::vector<std::string>& patterns) {
  return std::any_of(patterns.begin(), patterns.end(),
                     [&](const std::string& pat) { return matches(p, pat); });
}

// The next comma at or after `start` outside any `{a,b}` group, or the end.
size_t next_list_comma(const std::string& item, size_t start) {
  int depth = 0;
  for (size_t i = start; i < item.size(); ++i) {
    if (item[i] == '{') ++depth;
    if (item[i] == '}' && depth > 0) --depth;
    if (item[i] == ',' && depth == 0) return i;
  }
  return item.size();
}

}  // namespace

std::vector<std::string> split_list(const std::vector<std::string>& items) {
  std::vector<std::string> out;
  for (const auto& item : items) {
    size_t start = 0;
    while (start <= item.size()) {
      size_t end = next_list_comma(item, start);
      if (end > start) out.push_back(item.substr(start, end - start));
      start = end + 1;
    }
  }
  return out;
}

Result<std::vector<std::string>> select_projects(const Workspace& ws,
                                                 const std::vector<std::string>& include,
                                                 const std::vector<std::string>& exclude) {
  for (const auto& pattern : include) {
    if (is_glob(pattern) || pattern.rfind("tag:", 0) == 0) continue;
    bool found = std::any_of(ws.projects.begin(), ws.projects.end(),
                             [&](const Project& p) { return matches(p, pattern); });
    if (!found) return ws.unknown_project(pattern);
  }
  std::vector<std::string> out;
  for (const auto& p : ws.projects) {
    if (!include.empty() && !matches_any(p, include)) continue;
    if (matches_any(p, exclude)) continue;
    out.push_back(p.name);
  }
  return out;
}

}  // namespace strata::cli
