// Loading runs in four steps: the root configuration; choosing candidate
// files from the file list (every project.json and pyproject.toml, and the
// package.json files the package manager's workspaces name or that sit
// beside a project.json); reading and checking each candidate in parallel,
// each into its own diagnostics; then merging each directory's files into a
// project, again in parallel. Diagnostics are merged in file order so the
// output is the same on every run, and duplicates (a bad targetDefaults
// entry seen by every project) are reported once.

#include "config/loader.h"

#include <algorithm>
#include <set>

#include "config/project_assembler.h"
#include "config/project_source.h"
#include "config/root_config.h"
#include "util/fs.h"
#include "util/glob.h"
#include "util/json_limits.h"
#include "util/thread_pool.h"

namespace strata {

namespace {

namespace fs = std::filesystem;

struct Candidate {
  std::string path;
  ProjectOrigin origin;
};

std::string_view base_name(std::string_view path) {
  size_t slash = path.rfind('/');
  return slash == std::string_view::npos ? path : path.substr(slash + 1);
}

bool has_file(const std::vector<std::string>& files, const std::string& path) {
  return std::binary_search(files.begin(), files.end(), path);
}

// Package-manager globs name directories; "./a/*/", "a/*/package.json"
// and "a/*" all mean the same.
class PackageMatcher {
 public:
  explicit PackageMatcher(const std::vector<std::string>& globs) {
    for (std::string g : globs) {
      bool negate = !g.empty() && g[0] == '!';
      if (negate) g.erase(0, 1);
      if (g.size() >= 13 && g.compare(g.size() - 13, 13, "/package.json") == 0)
        g.resize(g.size() - 13);
      g = normalize_root(g);
      (negate ? m_exclude : m_include).push_back(g);
    }
  }
  bool matches(const std::string& dir) const {
    auto hit = [&](const std::string& g) { return glob_match(g, dir); };
    return std::any_of(m_include.begin(), m_include.end(), hit) &&
           std::none_of(m_exclude.begin(), m_exclude.end(), hit);
  }

 private:
  std::vector<std::string> m_include, m_exclude;
};

std::vector<Candidate> find_candidates(const std::vector<std::string>& files,
                                       const WorkspaceConfig& cfg) {
  PackageMatcher packages(cfg.package_globs);
  std::vector<Candidate> out;
  for (const auto& f : files) {
    std::string_view base = base_name(f);
    if (base == "project.json") {
      out.push_back({f, ProjectOrigin::k_project_json});
    } else if (base == "pyproject.toml") {
      out.push_back({f, ProjectOrigin::k_pyproject});
    } else if (base == "package.json") {
      std::string dir = parent_dir(f);
      std::string beside = dir == "." ? "project.json" : dir + "/project.json";
      if (dir == "." || packages.matches(dir) || has_file(files, beside))
        out.push_back({f, ProjectOrigin::k_package_json});
    }
  }
  return out;
}

ProjectSource read_source(ConfigFile& file, ProjectOrigin origin) {
  switch (origin) {
    case ProjectOrigin::k_project_json:
      return read_project_json(file);
    case ProjectOrigin::k_package_json:
      return read_package_json(file);
    case ProjectOrigin::k_pyproject:
      return read_pyproject(file);
  }
  return {};
}

int precedence(ProjectOrigin o) {
  switch (o) {
    case ProjectOrigin::k_pyproject:
      return 0;
    case ProjectOrigin::k_package_json:
      return 1;
    case ProjectOrigin::k_project_json:
      return 2;
  }
  return 0;
}

// The files of one load, parsed, with the sources read from them.
struct ParsedFiles {
  std::vector<std::unique_ptr<ConfigFile>> owned;
  std::vector<ConfigFile*> files;
  std::vector<ProjectSource> sources;  // parallel to `files`; origin set
  // One byte per file, not vector<bool>: its packed bits cannot be written
  // from several threads at once.
  std::vector<char> usable;
};

ParsedFiles parse_candidates(const fs::path& root, const std::vector<Candidate>& candidates,
                             RootConfig& rc) {
  ParsedFiles pf;
  size_t n = candidates.size();
  pf.owned.resize(n);
  pf.files.resize(n);
  pf.sources.resize(n);
  pf.usable.assign(n, false);
  parallel_for(n, [&](size_t i) {
    const Candidate& c = candidates[i];
    if (c.path == "package.json" && rc.package_json) {
      pf.files[i] = rc.package_json.get();
    } else {
      pf.owned[i] = load_config_file(root, c.path);
      pf.files[i] = pf.owned[i].get();
    }
    if (!pf.files[i]->ok()) return;
    pf.sources[i] = read_source(*pf.files[i], c.origin);
    pf.usable[i] = true;
  });
  return pf;
}

using Group = std::vector<const ProjectSource*>;

// The root directory is a project when it has a project.json or its own
// project configuration, or when it is a single-package repository.
bool root_is_project(const Group& g, bool other_projects, const RootConfig& rc) {
  for (const auto* s : g)
    if (s->has_project_config) return true;
  return !other_projects && !rc.has_package_workspaces && rc.config.package_globs.empty();
}

std::vector<Group> group_by_directory(const ParsedFiles& pf, const RootConfig& rc) {
  std::vector<const ProjectSource*> usable;
  for (size_t i = 0; i < pf.sources.size(); ++i)
    if (pf.usable[i]) usable.push_back(&pf.sources[i]);
  std::stable_sort(usable.begin(), usable.end(),
                   [](const ProjectSource* a, const ProjectSource* b) {
                     if (a->dir != b->dir) return a->dir < b->dir;
                     return precedence(a->origin) < precedence(b->origin);
                   });
  std::vector<Group> groups;
  for (const auto* s : usable) {
    if (groups.empty() || groups.back().front()->dir != s->dir) groups.emplace_back();
    groups.back().push_back(s);
  }
  auto root = std::find_if(groups.begin(), groups.end(),
                           [](const Group& g) { return g.front()->dir == "."; });
  if (root != groups.end() && !root_is_project(*root, groups.size() > 1, rc)) groups.erase(root);
  return groups;
}

// Appends `from` to `out`, skipping problems already reported.
void merge_unique(const Diagnostics& from, Diagnostics& out, std::set<std::string>& seen) {
  for (const auto& d : from.items()) {
    if (!seen.insert(d.error.str() + '\n' + d.error.hint).second) continue;
    if (d.severity == Severity::k_error) {
      out.error(d.error);
    } else {
      out.warn(d.error);
    }
  }
}

void reject_duplicates(std::vector<AssembledProject>& projects, Diagnostics& diags) {
  std::stable_sort(projects.begin(), projects.end(),
                   [](const AssembledProject& a, const AssembledProject& b) {
                     return a.project.name < b.project.name;
                   });
  std::vector<AssembledProject> kept;
  kept.reserve(projects.size());
  for (auto& p : projects) {
    if (!kept.empty() && kept.back().project.name == p.project.name) {
      diags.error(Error("project name '" + p.project.name + "' is used by both " +
                            kept.back().project.config_file + " and " + p.project.config_file,
                        p.name_loc, "give one of them a different \"name\""));
      continue;
    }
    kept.push_back(std::move(p));
  }
  projects = std::move(kept);
}

// Runs before any configuration is read, so it keeps to the same limits;
// a file it cannot read is reported later, when it is loaded.
bool package_json_has_workspaces(const fs::path& dir) {
  auto text = read_file(dir / "package.json", k_config_max_bytes, "configuration files");
  if (!text) return false;
  nlohmann::json j;
  if (parse_json_bounded(*text, /*comments=*/true, j)) return false;
  return j.is_object() && j.contains("workspaces");
}

}  // namespace

Result<fs::path> find_workspace_root(const fs::path& start) {
  std::error_code ec;
  fs::path dir = fs::weakly_canonical(start, ec);
  if (ec) dir = start;
  using Test = bool (*)(const fs::path&);
  const Test tests[] = {[](const fs::path& d) {
                          std::error_code e;
                          return fs::exists(d / "strata.json", e) || fs::exists(d / "nx.json", e);
                        },
                        [](const fs::path& d) {
                          std::error_code e;
                          return fs::exists(d / "pnpm-workspace.yaml", e) ||
                                 package_json_has_workspaces(d);
                        },
                        [](const fs::path& d) {
                          std::error_code e;
                          return fs::exists(d / ".git", e);
                        }};
  for (Test test : tests)
    for (fs::path d = dir;; d = d.parent_path()) {
      if (test(d)) return d;
      if (d == d.root_path() || d.parent_path() == d) break;
    }
  return Error("no workspace found at or above " + start.string(), {},
               "create strata.json at the repository root (\"{}\" is enough)");
}

Result<Workspace> load_workspace(const fs::path& root, const FileIndex& files, Diagnostics& diags,
                                 const InferredTargets* inferred) {
  return load_workspace_from_files(root, files.files(), diags, inferred);
}

Result<Workspace> load_workspace_from_files(const fs::path& root,
                                            const std::vector<std::string>& files,
                                            Diagnostics& diags, const InferredTargets* inferred) {
  RootConfig rc = read_root_config(root, files, diags, inferred);
  std::vector<Candidate> candidates = find_candidates(files, rc.config);
  ParsedFiles pf = parse_candidates(root, candidates, rc);
  std::vector<Group> groups = group_by_directory(pf, rc);

  std::vector<AssembledProject> assembled(groups.size());
  std::vector<Diagnostics> group_diags(groups.size());
  parallel_for(groups.size(), [&](size_t i) {
    assembled[i] = assemble_project(groups[i], rc, files, group_diags[i]);
  });

  std::set<std::string> seen;
  for (auto* f : pf.files) merge_unique(f->diags(), diags, seen);
  for (const auto& d : group_diags) merge_unique(d, diags, seen);
  reject_duplicates(assembled, diags);

  Workspace ws;
  ws.root = root;
  ws.config = std::move(rc.config);
  ws.projects.reserve(assembled.size());
  for (auto& a : assembled) ws.projects.push_back(std::move(a.project));
  // Freeing 10,000 parsed documents is a noticeable share of a load.
  parallel_for(pf.owned.size(), [&](size_t i) { pf.owned[i].reset(); });
  if (diags.has_errors()) return diags.first_error();
  return ws;
}

}  // namespace strata
