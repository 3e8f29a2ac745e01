#pragma once
// Glob matching in the dialect Nx and gitignore users expect: `*` and `?`
// stay within one path segment, `**` spans segments, `[abc]` classes, and
// `{a,b}` alternatives.

#include <string>
#include <string_view>
#include <vector>

namespace strata {

bool glob_match(std::string_view pattern, std::string_view path);
// True when the pattern has any glob syntax at all.
bool is_glob(std::string_view pattern);
// Expands `{a,b}` alternatives into plain patterns.
std::vector<std::string> expand_braces(std::string_view pattern);

}  // namespace strata
