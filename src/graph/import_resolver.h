#pragma once
// Maps a raw import of a source file to the workspace project it refers to:
// Python modules by import package name (longest match), TypeScript
// specifiers by tsconfig path alias, npm package name or relative path, and
// C/C++ includes by the including file's directory and projects' include
// directories. Built once, then read-only and safe to share across threads.

#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "graph/import_ref.h"
#include "graph/project_roots.h"
#include "graph/source_scan.h"
#include "graph/ts_paths.h"
#include "model/workspace.h"

namespace strata {

class ImportResolver {
 public:
  // `files`: every workspace file, sorted. `cpp_projects`: indices of
  // projects that hold C/C++ sources (they get default include dirs).
  ImportResolver(const Workspace& ws, const std::vector<std::string>& files,
                 const ProjectRoots& roots, TsPaths ts_paths, const std::vector<int>& cpp_projects);

  // Index into ws.projects of the project `imp` (found in `file`, owned by
  // project `from`) refers to, or -1 for none (external, builtin, unknown).
  int resolve(std::string_view file, int from, SourceLanguage lang, const ImportRef& imp) const;

  // The include directories used for project `i`, relative to the root.
  std::vector<std::string> include_dirs(int i) const;

 private:
  struct Hash {
    using is_transparent = void;
    size_t operator()(std::string_view s) const { return std::hash<std::string_view>{}(s); }
  };
  using Map = std::unordered_map<std::string, int, Hash, std::equal_to<>>;
  struct Include {
    int project = -1;
    bool ambiguous = false;
  };

  int resolve_python(std::string_view module) const;
  int resolve_ts(std::string_view file, int from, std::string_view spec) const;
  int resolve_cpp(std::string_view file, int from, const ImportRef& imp) const;
  int owner_of_candidates(const std::vector<std::string>& candidates) const;
  bool exists(std::string_view path) const;
  void index_includes(const std::vector<int>& cpp_projects);

  const Workspace& m_ws;
  const std::vector<std::string>& m_files;
  const ProjectRoots& m_roots;
  TsPaths m_ts_paths;
  Map m_python;  // import package ("acme" or "acme.billing") -> project
  size_t m_python_max_segments = 1;
  Map m_npm;  // package name -> project
  std::unordered_map<std::string, Include, Hash, std::equal_to<>> m_includes;
  std::vector<std::vector<std::string>> m_include_dirs;  // per project
};

}  // namespace strata
