#pragma once
// Gitignore patterns with git's own semantics (wildmatch with WM_PATHNAME):
// comments, blank lines, `!` negation, directory-only `dir/`, patterns with
// a '/' anchored to the file's directory, `**`, classes and `\` escapes.

#include <string>
#include <string_view>
#include <vector>

namespace strata {

// git's wildmatch in pathname mode: `*`, `?` and classes never match '/',
// `**/`, `/**/` and a trailing `/**` span directories, `\x` is a literal x.
bool wildmatch(std::string_view pattern, std::string_view text);

// One line of a .gitignore, parsed.
struct IgnoreRule {
  enum class Kind {
    k_literal,    // no wildcard at all: plain comparison
    k_ends_with,  // "*" followed by a literal: suffix comparison
    k_glob,       // anything else: wildmatch
  };
  std::string pattern;  // without `!`, leading `/` and trailing `/`
  Kind kind = Kind::k_glob;
  bool negated = false;   // "!pattern": re-includes
  bool dir_only = false;  // "pattern/": matches directories only
  bool basename = false;  // no '/' inside: matches the last path segment at any depth
};

enum class IgnoreMatch { k_none, k_ignored, k_included };

// The rules of one ignore file, which apply below the directory `base`.
class IgnoreList {
 public:
  IgnoreList() = default;
  // `base` is the directory relative to the workspace root, "" for the root
  // or with a trailing '/' ("libs/a/").
  IgnoreList(std::string_view text, std::string base);

  void add_line(std::string_view line);
  // The verdict of the last rule matching `rel_path` (relative to the
  // workspace root and inside `base`), or k_none.
  IgnoreMatch match(std::string_view rel_path, bool is_dir) const;

  const std::string& base() const { return m_base; }
  const std::vector<IgnoreRule>& rules() const { return m_rules; }
  bool empty() const { return m_rules.empty(); }

 private:
  std::string m_base;
  std::vector<IgnoreRule> m_rules;
};

}  // namespace strata
