#include "model/workspace.h"

#include <algorithm>

#include "util/suggest.h"

namespace strata {

const Project* Workspace::find(std::string_view name) const {
  auto it = std::lower_bound(projects.begin(), projects.end(), name,
                             [](const Project& p, std::string_view n) { return p.name < n; });
  return it != projects.end() && it->name == name ? &*it : nullptr;
}

std::vector<std::string> Workspace::project_names() const {
  std::vector<std::string> names;
  names.reserve(projects.size());
  for (const auto& p : projects) names.push_back(p.name);
  return names;
}

Error Workspace::unknown_project(std::string_view name) const {
  std::string hint = did_you_mean(name, project_names());
  if (hint.empty()) hint = "run 'strata show projects' to list them";
  return Error("unknown project '" + std::string(name) + "'", {}, hint);
}

}  // namespace strata
