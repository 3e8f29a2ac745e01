#include "graph/declared_deps.h"

#include <algorithm>
#include <unordered_map>

#include "util/suggest.h"

namespace strata {

namespace {

using NameMap = std::unordered_map<std::string, int>;

bool is_python_project(const Project& p) {
  return p.language == "python" || !p.python_packages.empty() ||
         std::find(p.origins.begin(), p.origins.end(), ProjectOrigin::k_pyproject) !=
             p.origins.end();
}

void add_package_edges(const Workspace& ws, size_t i, const NameMap& npm, const NameMap& python,
                       DeclaredEdges& out) {
  for (const auto& dep : ws.projects[i].package_dependencies) {
    int target = -1;
    if (auto hit = npm.find(dep); hit != npm.end())
      target = hit->second;
    else if (auto py = python.find(pep503_name(requirement_name(dep))); py != python.end())
      target = py->second;
    if (target >= 0) out.add[i].push_back({target, DependencyType::k_static});
  }
}

void add_implicit_edges(const Workspace& ws, size_t i, Diagnostics& diags, DeclaredEdges& out) {
  const Project& p = ws.projects[i];
  for (const auto& entry : p.implicit_dependencies) {
    bool negated = entry.starts_with("!");
    std::string_view pattern = std::string_view(entry).substr(negated ? 1 : 0);
    bool glob = pattern.find_first_of("*?") != std::string_view::npos;
    size_t matched = 0;
    for (size_t t = 0; t < ws.projects.size(); ++t) {
      if (glob ? !name_matches(pattern, ws.projects[t].name) : ws.projects[t].name != pattern)
        continue;
      ++matched;
      if (negated)
        out.remove[i].push_back(static_cast<int>(t));
      else
        out.add[i].push_back({static_cast<int>(t), DependencyType::k_implicit});
      if (!glob) break;
    }
    if (matched > 0) continue;
    SourceLoc loc{p.config_file};
    if (glob) {
      diags.warn(Error("implicit dependency pattern '" + entry + "' of project '" + p.name +
                           "' matches no project",
                       loc));
      continue;
    }
    std::string hint = did_you_mean(pattern, ws.project_names());
    if (hint.empty()) hint = "run 'strata show projects' to list them";
    diags.error(Error("project '" + p.name + "' has an unknown implicit dependency '" +
                          std::string(pattern) + "'",
                      loc, hint));
  }
}

}  // namespace

std::string pep503_name(std::string_view name) {
  std::string out;
  out.reserve(name.size());
  for (char c : name) {
    if (c == '-' || c == '_' || c == '.') {
      if (out.empty() || out.back() != '-') out.push_back('-');
    } else {
      out.push_back(c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c);
    }
  }
  return out;
}

std::string_view requirement_name(std::string_view req) {
  size_t b = req.find_first_not_of(" \t");
  if (b == std::string_view::npos) return {};
  size_t e = b;
  auto name_char = [](char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' ||
           c == '_' || c == '.';
  };
  while (e < req.size() && name_char(req[e])) ++e;
  return req.substr(b, e - b);
}

bool name_matches(std::string_view pattern, std::string_view name) {
  // Iterative wildcard match with one backtrack point: linear for one '*'.
  size_t p = 0, n = 0, star = std::string_view::npos, mark = 0;
  while (n < name.size()) {
    if (p < pattern.size() && (pattern[p] == '?' || pattern[p] == name[n])) {
      ++p;
      ++n;
    } else if (p < pattern.size() && pattern[p] == '*') {
      star = p++;
      mark = n;
    } else if (star != std::string_view::npos) {
      p = star + 1;
      n = ++mark;
    } else {
      return false;
    }
  }
  while (p < pattern.size() && pattern[p] == '*') ++p;
  return p == pattern.size();
}

DeclaredEdges declared_edges(const Workspace& ws, Diagnostics& diags) {
  DeclaredEdges out;
  out.add.resize(ws.projects.size());
  out.remove.resize(ws.projects.size());
  NameMap npm, python;
  for (size_t i = 0; i < ws.projects.size(); ++i) {
    const Project& p = ws.projects[i];
    if (p.package_name.empty()) continue;
    npm.emplace(p.package_name, static_cast<int>(i));
    if (is_python_project(p)) python.emplace(pep503_name(p.package_name), static_cast<int>(i));
  }
  for (size_t i = 0; i < ws.projects.size(); ++i) {
    add_package_edges(ws, i, npm, python, out);
    add_implicit_edges(ws, i, diags, out);
  }
  return out;
}

}  // namespace strata
