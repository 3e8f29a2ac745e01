#pragma once
// Glob matching in the dialect Nx and gitignore users expect: `*` and `?`
// stay within one path segment, `**` spans segments, `[abc]` classes, and
// `{a,b}` alternatives.

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace strata {

bool glob_match(std::string_view pattern, std::string_view path);
// The same match with the matcher's work counted, one step per (pattern
// position, path position) it tries: what the tests bound, since wall time
// is no test's business.
struct GlobMatch {
  bool hit = false;
  size_t steps = 0;
};
GlobMatch glob_match_counted(std::string_view pattern, std::string_view path);
// True when the pattern has any glob syntax at all.
bool is_glob(std::string_view pattern);
// Expands `{a,b}` alternatives into plain patterns. Past `limit` of them
// (their number is exponential in the groups) it returns the pattern as it
// is: glob_match takes braces in place.
std::vector<std::string> expand_braces(std::string_view pattern, size_t limit = SIZE_MAX);

}  // namespace strata
