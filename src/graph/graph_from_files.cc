// The graph of a workspace on disk: the FileIndex says which files each
// project owns; the sources among them are scanned (through the persistent
// import cache) and handed to the plain-data builder. Kept apart from
// project_graph.cc so the builder links without the file index.

#include "graph/project_graph.h"
#include "graph/source_scan.h"
#include "util/profile.h"

namespace strata {

Result<ProjectGraph> build_project_graph(const Workspace& ws, const FileIndex& files,
                                         Diagnostics& diags) {
  GraphInputs in;
  in.files = &files.files();
  const bool js = ws.config.analyze_js_sources;
  if (js) in.ts_paths = TsPaths::load(ws.root, diags);
  std::vector<std::string_view> paths;
  std::vector<std::optional<FileStat>> stamps;
  for (size_t i = 0; i < ws.projects.size(); ++i) {
    for (const auto& f : files.project_files(ws.projects[i].name)) {
      SourceLanguage lang = source_language(f);
      if (lang == SourceLanguage::k_none || (lang == SourceLanguage::k_typescript && !js)) continue;
      in.sources.push_back({f, static_cast<int>(i), {}});
      paths.push_back(f);
      // The walk stat'ed every file moments ago; no need to ask again.
      const FileStat* st = files.stat_of(f);
      stamps.push_back(st ? std::optional<FileStat>(*st) : std::nullopt);
    }
  }
  ProfilePhase scan("  import scan");
  auto imports = scan_source_files(ws.root, paths, stamps, ws.root / ".strata" / "imports-cache");
  for (size_t i = 0; i < imports.size(); ++i) in.sources[i].imports = std::move(imports[i]);
  scan.stop();
  ProfilePhase build("  graph build");
  return build_project_graph(ws, in, diags);
}

}  // namespace strata
