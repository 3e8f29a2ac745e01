#pragma once
// Test helpers: a workspace built by hand and files given as text, turned
// into the plain inputs of build_project_graph.

#include <algorithm>
#include <map>
#include <string>
#include <vector>

#include "graph/project_graph.h"
#include "graph/project_roots.h"
#include "graph/source_scan.h"

namespace strata::testing {

inline Project project(std::string name, std::string root, std::string language = "") {
  Project p;
  p.name = std::move(name);
  p.root = std::move(root);
  p.source_root = p.root + "/src";
  p.project_type = "library";
  p.language = std::move(language);
  p.config_file = p.root + "/project.json";
  return p;
}

struct GraphFixture {
  Workspace ws;
  std::map<std::string, std::string> contents;  // path -> text
  std::vector<std::string> files;
  TsPaths ts_paths;

  Project& add(Project p) {
    std::string name = p.name;
    ws.projects.push_back(std::move(p));
    std::sort(ws.projects.begin(), ws.projects.end(),
              [](const Project& a, const Project& b) { return a.name < b.name; });
    return *std::find_if(ws.projects.begin(), ws.projects.end(),
                         [&](const Project& x) { return x.name == name; });
  }
  Project& get(const std::string& name) {
    return *std::find_if(ws.projects.begin(), ws.projects.end(),
                         [&](const Project& x) { return x.name == name; });
  }

  Result<ProjectGraph> build(Diagnostics& diags) {
    files.clear();
    for (const auto& [path, text] : contents) files.push_back(path);
    ProjectRoots roots(ws.projects);
    GraphInputs in;
    in.files = &files;
    in.ts_paths = ts_paths;
    for (const auto& path : files) {
      SourceLanguage lang = source_language(path);
      if (lang == SourceLanguage::k_none) continue;
      in.sources.push_back({path, roots.owner(path), scan_imports(lang, contents.at(path))});
    }
    return build_project_graph(ws, in, diags);
  }

  // "a -> b (static)" lines, for compact assertions.
  static std::vector<std::string> edges(const ProjectGraph& g) {
    std::vector<std::string> out;
    for (const auto& [source, deps] : g.dependencies)
      for (const auto& d : deps)
        out.push_back(source + " -> " + d.target + " (" + dependency_type_name(d.type) + ")");
    return out;
  }
};

}  // namespace strata::testing
