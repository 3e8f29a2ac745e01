#pragma once
// What to tell a user whose task names an executor Strata cannot run
// without Nx: the packages to install, or a shell command doing the same
// job for the common executors.

#include <nlohmann/json.hpp>
#include <string>

namespace strata {

// "npm install -D nx @nx/js, or use a shell command instead: "build": {
// "command": "tsc -p libs/a/tsconfig.lib.json" }".
std::string executor_hint(const std::string& executor, const std::string& target,
                          const nlohmann::json& options, const std::string& root);

}  // namespace strata
