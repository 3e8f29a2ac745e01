#include "exec/child_env.h"

namespace strata {

namespace {

std::string bin_dir(std::string_view dir, std::string_view sub = "/node_modules/.bin") {
  std::string s(dir);
  while (s.size() > 1 && s.back() == '/') s.pop_back();
  s += sub;
  return s;
}

}  // namespace

std::string prepend_tool_bins(std::string_view path, std::string_view cwd,
                              std::string_view workspace_root) {
  std::string out;
  if (!cwd.empty()) out = bin_dir(cwd);
  if (!workspace_root.empty()) {
    std::string root_bin = bin_dir(workspace_root);
    if (root_bin != out) out += (out.empty() ? "" : ":") + root_bin;
    // The virtualenv `strata generate` makes for the Python tools.
    out += ":" + bin_dir(workspace_root, "/.venv/bin");
  }
  if (!path.empty()) out += (out.empty() ? "" : ":") + std::string(path);
  return out;
}

std::vector<std::string> build_child_env(const char* const* inherited,
                                         const std::map<std::string, std::string>& extra,
                                         std::string_view cwd, std::string_view workspace_root) {
  // A sorted map keeps the last definition of a name, so `extra` overrides
  // the inherited value and a duplicated inherited name appears once.
  std::map<std::string, std::string, std::less<>> vars;
  for (const char* const* p = inherited; p && *p; ++p) {
    std::string_view entry(*p);
    size_t eq = entry.find('=');
    if (eq == std::string_view::npos || eq == 0) continue;
    vars.insert_or_assign(std::string(entry.substr(0, eq)), std::string(entry.substr(eq + 1)));
  }
  for (const auto& [name, value] : extra) vars.insert_or_assign(name, value);

  auto path = vars.find("PATH");
  std::string_view old_path = path == vars.end() ? std::string_view() : path->second;
  vars.insert_or_assign("PATH", prepend_tool_bins(old_path, cwd, workspace_root));

  std::vector<std::string> out;
  out.reserve(vars.size());
  for (const auto& [name, value] : vars) out.push_back(name + "=" + value);
  return out;
}

}  // namespace strata
