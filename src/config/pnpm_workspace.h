#pragma once
// The one thing Strata reads from pnpm-workspace.yaml: its "packages" list.
// Only that small YAML subset is parsed, by hand, rather than taking a YAML
// dependency: a block list ("- 'packages/*'") or a flow list ("['a', 'b']").

#include <string>
#include <string_view>
#include <vector>

namespace strata {

std::vector<std::string> parse_pnpm_packages(std::string_view yaml);

}  // namespace strata
