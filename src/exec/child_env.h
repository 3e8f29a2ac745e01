#pragma once
// The environment a task's commands run in: the inherited one, the target's
// `env` over it, and PATH with the local node_modules/.bin folders first so
// package.json scripts find their tools without `npm run`.

#include <map>
#include <string>
#include <string_view>
#include <vector>

namespace strata {

// "KEY=VALUE" strings, one per variable, in the order posix_spawn wants.
// `inherited` is an environ-style array (null-terminated); `extra` wins over
// it; PATH gains "<cwd>/node_modules/.bin" and
// "<workspace_root>/node_modules/.bin" in front (once when they coincide).
// FORCE_COLOR, CI and the rest pass through untouched.
std::vector<std::string> build_child_env(const char* const* inherited,
                                         const std::map<std::string, std::string>& extra,
                                         std::string_view cwd,
                                         std::string_view workspace_root);

// The PATH value with the node_modules/.bin folders of `cwd` and
// `workspace_root` put before `path`.
std::string prepend_node_bins(std::string_view path, std::string_view cwd,
                              std::string_view workspace_root);

}  // namespace strata
