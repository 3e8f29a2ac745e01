#pragma once
// Selects projects by the patterns of -p/--projects and --exclude: exact
// names, globs over names ("libs-*"), directory globs ("libs/**") and tags
// ("tag:scope:shared"), as Nx accepts them.

#include <string>
#include <vector>

#include "model/workspace.h"
#include "util/result.h"

namespace strata::cli {

// Projects of `ws` matching any of `include` (all when empty) and none of
// `exclude`, sorted. A plain name that matches nothing is an error with a
// did-you-mean hint.
Result<std::vector<std::string>> select_projects(const Workspace& ws,
                                                 const std::vector<std::string>& include,
                                                 const std::vector<std::string>& exclude);

// Splits "a,b" lists given to options into single entries (the shell and
// CLI11 already split at spaces); the commas of a `{a,b}` glob group stay.
std::vector<std::string> split_list(const std::vector<std::string>& items);

}  // namespace strata::cli
