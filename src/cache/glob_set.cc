#include "cache/glob_set.h"

#include <algorithm>

#include "util/glob.h"

namespace strata {

GlobSet::Glob GlobSet::compile(std::string pattern) {
  Glob g;
  size_t meta = pattern.find_first_of("*?[{");
  g.prefix = pattern.substr(0, meta);
  if (meta == std::string::npos) {
    g.shape = Shape::k_exact;
  } else {
    std::string_view rest = std::string_view(pattern).substr(meta);
    bool at_dir = g.prefix.empty() || g.prefix.back() == '/';
    if (at_dir && (rest == "**" || rest == "**/*")) {
      g.shape = Shape::k_all_under;
    } else if (at_dir && rest.starts_with("**/*") &&
               rest.substr(4).find_first_of("*?[{/") == std::string_view::npos) {
      g.shape = Shape::k_suffix_under;
      g.suffix = rest.substr(4);
    }
  }
  g.pattern = std::move(pattern);
  return g;
}

// Expanding lets each alternative keep its own prefix and shape; past a few
// dozen alternatives (their number doubles with each group) the pattern
// stays whole and the matcher takes its braces in place.
constexpr size_t k_max_alternatives = 64;

void GlobSet::add(std::string_view pattern) {
  for (auto& p : expand_braces(pattern, k_max_alternatives))
    m_globs.push_back(compile(std::move(p)));
}

bool GlobSet::match_one(const Glob& g, std::string_view path) {
  switch (g.shape) {
    case Shape::k_exact:
      return path == g.prefix;
    case Shape::k_all_under:
      return path.size() > g.prefix.size() && path.starts_with(g.prefix);
    case Shape::k_suffix_under:
      return path.size() > g.prefix.size() && path.starts_with(g.prefix) &&
             path.ends_with(g.suffix);
    case Shape::k_general:
      return path.starts_with(g.prefix) && glob_match(g.pattern, path);
  }
  return false;
}

bool GlobSet::matches(std::string_view path) const {
  return std::any_of(m_globs.begin(), m_globs.end(),
                     [&](const Glob& g) { return match_one(g, path); });
}

void GlobSet::select(const std::vector<std::string>& files,
                     std::vector<const std::string*>& out) const {
  for (const auto& g : m_globs) {
    auto it = std::lower_bound(files.begin(), files.end(), g.prefix);
    for (; it != files.end() && it->starts_with(g.prefix); ++it) {
      if (match_one(g, *it)) out.push_back(&*it);
      if (g.shape == Shape::k_exact) break;
    }
  }
}

}  // namespace strata
