#pragma once
// A set of globs compiled once and matched against sorted file lists. Each
// pattern keeps its literal directory prefix, so selecting from a sorted
// list is a binary search to the prefix's range plus a cheap test per file;
// the common shapes ("dir/**/*", "dir/**/*.ts", exact paths) never reach the
// backtracking matcher.

#include <string>
#include <string_view>
#include <vector>

namespace strata {

class GlobSet {
 public:
  void add(std::string_view pattern);  // `{a,b}` alternatives are expanded here, up to 64
  bool empty() const { return m_globs.empty(); }
  size_t size() const { return m_globs.size(); }  // compiled globs, after expansion
  bool matches(std::string_view path) const;
  // Appends to `out` the files of sorted `files` matched by any pattern
  // (unsorted, possibly with duplicates when patterns overlap).
  void select(const std::vector<std::string>& files, std::vector<const std::string*>& out) const;

 private:
  enum class Shape { k_exact, k_all_under, k_suffix_under, k_general };
  struct Glob {
    std::string pattern;
    std::string prefix;  // literal text before the first glob character
    std::string suffix;  // for k_suffix_under: the literal ending, e.g. ".ts"
    Shape shape = Shape::k_general;
  };
  static Glob compile(std::string pattern);
  static bool match_one(const Glob& g, std::string_view path);
  std::vector<Glob> m_globs;
};

}  // namespace strata
