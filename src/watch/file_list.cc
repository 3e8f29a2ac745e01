#include "watch/file_list.h"

#include <set>

namespace strata {

std::vector<std::string> changed_files(const FileList& before, const FileList& after) {
  std::vector<std::string> out;
  size_t i = 0, j = 0;
  const auto& a = before.files;
  const auto& b = after.files;
  // A list without stats (never scanned) compares by name only.
  auto same_stat = [&](size_t x, size_t y) {
    return x >= before.stats.size() || y >= after.stats.size() || before.stats[x] == after.stats[y];
  };
  while (i < a.size() || j < b.size()) {
    if (j == b.size() || (i < a.size() && a[i] < b[j])) {
      out.push_back(a[i++]);  // removed
    } else if (i == a.size() || b[j] < a[i]) {
      out.push_back(b[j++]);  // added
    } else {
      if (!same_stat(i, j)) out.push_back(a[i]);
      ++i;
      ++j;
    }
  }
  return out;
}

std::vector<std::string> directories_of(const std::vector<std::string>& files) {
  std::set<std::string> dirs{""};
  for (const auto& f : files) {
    size_t slash = f.rfind('/');
    while (slash != std::string::npos && slash > 0) {
      // Ancestors of an inserted directory are already there.
      if (!dirs.insert(f.substr(0, slash)).second) break;
      slash = f.rfind('/', slash - 1);
    }
  }
  return {dirs.begin(), dirs.end()};
}

}  // namespace strata
