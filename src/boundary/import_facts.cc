// Resolution runs on the thread pool into per-file slots, as the project
// graph does, then the slots are concatenated in source order so the result
// does not depend on scheduling.

#include "boundary/import_facts.h"

#include "graph/import_resolver.h"
#include "graph/project_roots.h"
#include "graph/source_scan.h"
#include "util/thread_pool.h"

namespace strata {

namespace {

std::string_view npm_package(std::string_view spec) {
  size_t slash = spec.find('/');
  if (spec.starts_with("@") && slash != std::string_view::npos) slash = spec.find('/', slash + 1);
  return spec.substr(0, slash);
}

std::string_view header_package(std::string_view spec) {
  size_t slash = spec.find('/');
  if (slash != std::string_view::npos) return spec.substr(0, slash);
  return spec.substr(0, spec.rfind('.'));
}

}  // namespace

std::string external_package(std::string_view file, const ImportRef& imp) {
  std::string_view spec = imp.spec;
  switch (source_language(file)) {
    case SourceLanguage::k_python:
      return std::string(spec.substr(0, spec.find('.')));
    case SourceLanguage::k_typescript:
      if (spec.starts_with(".") || spec.starts_with("/")) return {};
      return std::string(npm_package(spec));
    case SourceLanguage::k_cpp:
      return std::string(header_package(spec));
    case SourceLanguage::k_none:
      break;
  }
  return {};
}

std::vector<ImportFact> resolve_import_facts(const Workspace& ws, const GraphInputs& in) {
  static const std::vector<std::string> k_no_files;
  const auto& files = in.files ? *in.files : k_no_files;
  ProjectRoots roots(ws.projects);
  ImportResolver resolver(ws, files, roots, in.ts_paths, projects_with_cpp(ws, in));
  std::vector<std::vector<ImportFact>> slots(in.sources.size());
  parallel_for(in.sources.size(), [&](size_t i) {
    const SourceImports& s = in.sources[i];
    SourceLanguage lang = source_language(s.file);
    for (const auto& imp : s.imports) {
      int t = resolver.resolve(s.file, s.project, lang, imp);
      if (t == s.project) continue;
      ImportFact f{s.file, imp.line, s.project, t, imp.spec, {}};
      if (t < 0 && (f.external = external_package(s.file, imp)).empty()) continue;
      slots[i].push_back(std::move(f));
    }
  });
  std::vector<ImportFact> out;
  for (auto& slot : slots)
    for (auto& f : slot) out.push_back(std::move(f));
  return out;
}

}  // namespace strata
