#pragma once
// The environment a task's commands run in: the inherited one, the target's
// `env` over it, and PATH with the workspace's tool folders first, so
// commands find their tools without `npm run` or an activated virtualenv:
// the local node_modules/.bin folders, then the root's .venv/bin.

#include <map>
#include <string>
#include <string_view>
#include <vector>

namespace strata {

// "KEY=VALUE" strings, one per variable, in the order posix_spawn wants.
// `inherited` is an environ-style array (null-terminated); `extra` wins over
// it; PATH gains "<cwd>/node_modules/.bin", "<workspace_root>/node_modules/.bin"
// (once when they coincide) and "<workspace_root>/.venv/bin" in front.
// FORCE_COLOR, CI and the rest pass through untouched.
std::vector<std::string> build_child_env(const char* const* inherited,
                                         const std::map<std::string, std::string>& extra,
                                         std::string_view cwd, std::string_view workspace_root);

// The PATH value with the node_modules/.bin folders of `cwd` and
// `workspace_root` and the root's .venv/bin put before `path`. A folder that
// does not exist costs the shell one failed lookup, so none is checked.
std::string prepend_tool_bins(std::string_view path, std::string_view cwd,
                              std::string_view workspace_root);

}  // namespace strata
