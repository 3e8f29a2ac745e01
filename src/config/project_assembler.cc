#include "config/project_assembler.h"

#include <algorithm>
#include <set>

#include "config/python_names.h"
#include "config/target_convert.h"
#include "util/glob.h"
#include "util/suggest.h"

namespace strata {

namespace {

using nlohmann::json;
using Sources = std::vector<const ProjectSource*>;

// The files under `root` in the sorted list, as an index range.
std::pair<size_t, size_t> files_under(const std::vector<std::string>& files,
                                      const std::string& root) {
  if (root == ".") return {0, files.size()};
  std::string prefix = root + "/";
  auto lo = std::lower_bound(files.begin(), files.end(), prefix);
  auto hi = lo;
  while (hi != files.end() && hi->compare(0, prefix.size(), prefix) == 0) ++hi;
  return {static_cast<size_t>(lo - files.begin()), static_cast<size_t>(hi - files.begin())};
}

std::string extension(std::string_view path) {
  size_t dot = path.rfind('.');
  size_t slash = path.rfind('/');
  if (dot == std::string_view::npos || (slash != std::string_view::npos && dot < slash)) return {};
  return std::string(path.substr(dot + 1));
}

std::string detect_language(const std::vector<std::string>& files,
                            std::pair<size_t, size_t> range) {
  static const std::set<std::string> py = {"py", "pyi"};
  static const std::set<std::string> ts = {"ts", "tsx", "js", "jsx", "mjs", "cjs", "mts", "cts"};
  static const std::set<std::string> cpp = {"c", "cc", "cpp", "cxx", "h", "hh", "hpp", "hxx"};
  size_t n_py = 0, n_ts = 0, n_cpp = 0;
  for (size_t i = range.first; i < range.second; ++i) {
    std::string ext = extension(files[i]);
    n_py += py.count(ext);
    n_ts += ts.count(ext);
    n_cpp += cpp.count(ext);
  }
  if (n_py == 0 && n_ts == 0 && n_cpp == 0) return {};
  if (n_cpp >= n_py && n_cpp >= n_ts) return "cpp";
  return n_py >= n_ts ? "python" : "typescript";
}

std::string join(const std::string& root, std::string_view rel) {
  return normalize_root(root == "." ? std::string(rel) : root + "/" + std::string(rel));
}

// Top-level import packages: <root>/<pkg>/__init__.py or <root>/src/<pkg>/__init__.py.
void find_python_packages(const std::vector<std::string>& files, std::pair<size_t, size_t> range,
                          const std::string& root, std::vector<std::string>& out) {
  size_t skip = root == "." ? 0 : root.size() + 1;
  for (size_t i = range.first; i < range.second; ++i) {
    std::string_view rel = std::string_view(files[i]).substr(skip);
    if (rel.rfind("src/", 0) == 0) rel.remove_prefix(4);
    size_t slash = rel.find('/');
    if (slash == std::string_view::npos || rel.substr(slash + 1) != "__init__.py") continue;
    std::string_view name = rel.substr(0, slash);
    if (name != "tests" && name != "test") out.emplace_back(name);
  }
}

void default_include_dirs(const std::vector<std::string>& files, Project& p) {
  for (const char* dir : {"include", "src"}) {
    auto sub = files_under(files, join(p.root, dir));
    if (sub.first != sub.second) p.include_dirs.push_back(join(p.root, dir));
  }
  p.include_dirs.push_back(p.root);
}

template <typename T, typename F>
std::optional<T> most_specific(const Sources& sources, F field) {
  for (auto it = sources.rbegin(); it != sources.rend(); ++it)
    if (const auto& v = field(**it); v) return *v;
  return std::nullopt;
}

void append_unique(std::vector<std::string>& into, const std::vector<std::string>& from) {
  for (const auto& s : from)
    if (std::find(into.begin(), into.end(), s) == into.end()) into.push_back(s);
}

void choose_name(const Sources& sources, AssembledProject& out) {
  const ProjectSource* by = nullptr;
  for (auto it = sources.rbegin(); it != sources.rend() && !by; ++it)
    if ((*it)->explicit_name) by = *it;
  for (auto it = sources.rbegin(); it != sources.rend() && !by; ++it)
    if ((*it)->fallback_name) by = *it;
  if (by) {
    out.project.name = by->explicit_name ? *by->explicit_name : *by->fallback_name;
    out.name_loc = by->file->loc(by->name_pointer);
  } else {
    out.project.name = sources.back()->dir;
    out.name_loc = {sources.back()->file->path()};
  }
}

void read_scalars(const Sources& sources, Project& p) {
  p.root = normalize_root(most_specific<std::string>(sources, [](const ProjectSource& s) {
                            return s.root;
                          }).value_or(sources.back()->dir));
  p.source_root = normalize_root(most_specific<std::string>(sources, [](const ProjectSource& s) {
                                   return s.source_root;
                                 }).value_or(p.root));
  bool package = false;
  for (const auto* s : sources) {
    append_unique(p.tags, s->tags);
    append_unique(p.implicit_dependencies, s->implicit_dependencies);
    append_unique(p.package_dependencies, s->package_dependencies);
    p.origins.push_back(s->origin);
    if (!s->package_name.empty() && p.package_name.empty()) p.package_name = s->package_name;
    if (s->origin == ProjectOrigin::k_package_json && !s->package_name.empty())
      p.package_name = s->package_name;  // the npm name wins over a Python one
    package |= s->origin != ProjectOrigin::k_project_json;
  }
  std::sort(p.package_dependencies.begin(), p.package_dependencies.end());
  p.project_type = most_specific<std::string>(sources, [](const ProjectSource& s) {
                     return s.project_type;
                   }).value_or(package ? "library" : "");
  p.config_file = sources.back()->file->path();
}

void read_named_inputs(const Sources& sources, const RootConfig& root, Project& p,
                       std::vector<std::string>& names, Diagnostics& diags) {
  p.named_inputs = root.config.named_inputs;
  // "default" always exists in Nx ({projectRoot}/**/*, see
  // cache/input_expander.cc), so inputs may name it without declaring it.
  std::set<std::string> known{"default"};
  for (const auto& [n, v] : root.config.named_inputs) known.insert(n);
  for (const auto* s : sources)
    if (s->named_inputs)
      for (const auto& [n, v] : s->named_inputs->items()) known.insert(n);
  names.assign(known.begin(), known.end());
  auto is_named = [&](std::string_view n) { return known.count(std::string(n)) > 0; };
  for (const auto* s : sources) {
    if (!s->named_inputs) continue;
    for (const auto& [name, list] : s->named_inputs->items()) {
      std::string ptr = json_pointer_append(s->named_inputs_pointer, name);
      p.named_inputs[name] = parse_inputs(list, is_named, [&](size_t i, const std::string& in) {
        diags.error(Error("named input '" + name + "' refers to unknown named input '" + in + "'",
                          s->file->loc(json_pointer_append(ptr, std::to_string(i)))));
      });
    }
  }
}

bool script_included(const ProjectSource& s, const std::string& script) {
  if (!s.included_scripts) return true;
  return std::find(s.included_scripts->begin(), s.included_scripts->end(), script) !=
         s.included_scripts->end();
}

// Targets Nx's plugins infer are inferred layers, as in Nx: the project's
// files and targetDefaults override them. They come from no file here. Nx's
// graph already merged the package.json scripts, so its layer goes on top
// of theirs.
void merge_plugin_targets(std::map<std::string, MergedTarget>& merged, const RootConfig& root,
                          const std::string& project_root) {
  if (!root.inferred_targets) return;
  auto it = root.inferred_targets->find(project_root);
  if (it == root.inferred_targets->end() || !it->second.is_object()) return;
  for (const auto& [name, t] : it->second.items())
    if (t.is_object()) merge_layer(merged[name], t, {TargetLayer::Kind::k_inferred, nullptr, {}});
}

std::map<std::string, MergedTarget> merge_targets(const Sources& sources, const RootConfig& root,
                                                  const std::string& project_root) {
  std::map<std::string, MergedTarget> merged;
  for (const auto* s : sources) {
    for (const auto& [name, command] : s->scripts) {
      if (!script_included(*s, name)) continue;
      json layer = {{"executor", "nx:run-script"}, {"options", {{"script", name}}}};
      merge_layer(merged[name], layer,
                  {TargetLayer::Kind::k_inferred, s->file, json_pointer_append("/scripts", name)});
    }
  }
  merge_plugin_targets(merged, root, project_root);
  for (const auto* s : sources) {
    if (!s->targets) continue;
    for (const auto& [name, t] : s->targets->items())
      merge_layer(
          merged[name], t,
          {TargetLayer::Kind::k_explicit, s->file, json_pointer_append(s->targets_pointer, name)});
  }
  const auto& defaults = root.config.target_defaults;
  for (auto& [name, t] : merged) {
    std::string key = find_target_defaults_key(defaults, name, t.executor());
    if (!key.empty())
      apply_target_defaults(t, defaults.at(key),
                            {TargetLayer::Kind::k_defaults, root.file.get(),
                             json_pointer_append("/targetDefaults", key)});
    const auto& ops = root.cacheable_operations;
    if (!t.value.contains("cache") && std::find(ops.begin(), ops.end(), name) != ops.end())
      t.value["cache"] = true;
  }
  return merged;
}

void build_targets(const Sources& sources, const RootConfig& root,
                   const std::vector<std::string>& names, Project& p, Diagnostics& diags) {
  TargetContext ctx;
  ctx.project = p.name;
  ctx.root = p.root;
  ctx.scripts = nullptr;
  for (const auto* s : sources)
    if (s->origin == ProjectOrigin::k_package_json) ctx.scripts = &s->scripts;
  ctx.named_input_names = names;
  ctx.is_named_input = [&names](std::string_view n) {
    return std::binary_search(names.begin(), names.end(), n);
  };
  for (auto& [name, merged] : merge_targets(sources, root, p.root)) {
    auto t = convert_target(name, merged, ctx, diags);
    if (!t) continue;
    // A target only a plugin declared points at the project's file.
    if (!t->loc.known()) t->loc = {p.config_file};
    if (!t->executor_loc.known() && !is_native_executor(t->executor)) t->executor_loc = t->loc;
    p.targets.emplace(name, std::move(*t));
  }
}

// The target a same-project dependsOn entry names, or "" for entries that
// may legitimately match nothing (globs, ^deps, other projects).
std::string same_project_target(const json& entry) {
  std::string target;
  if (entry.is_string()) {
    target = entry.get<std::string>();
  } else if (entry.is_object() && entry.value("target", json()).is_string() &&
             !entry.contains("projects") && !entry.contains("dependencies")) {
    target = entry["target"].get<std::string>();
  }
  if (target.empty() || target[0] == '^' || is_glob(target) ||
      target.find(':') != std::string::npos)
    return {};
  return target;
}

// An unknown target in a project's own dependsOn used to be dropped in
// silence. Only the project's files are checked: targetDefaults name
// targets that many projects lack, and Nx skips those by design.
void warn_unknown_depends_on(const Sources& sources, const Project& p, Diagnostics& diags) {
  std::vector<std::string> names;
  for (const auto& [name, t] : p.targets) names.push_back(name);
  for (const auto* s : sources) {
    if (!s->targets) continue;
    for (const auto& [name, t] : s->targets->items()) {
      auto deps = t.find("dependsOn");
      if (deps == t.end() || !deps->is_array()) continue;
      std::string at =
          json_pointer_append(json_pointer_append(s->targets_pointer, name), "dependsOn");
      for (size_t i = 0; i < deps->size(); ++i) {
        std::string target = same_project_target((*deps)[i]);
        if (target.empty() || p.targets.count(target)) continue;
        diags.warn(Error("dependsOn of '" + p.name + ":" + name + "' names target '" + target +
                             "', which project '" + p.name + "' does not have (ignored)",
                         s->file->loc(json_pointer_append(at, std::to_string(i))),
                         did_you_mean(target, names)));
      }
    }
  }
}

void detect_from_files(const Sources& sources, const std::vector<std::string>& files, Project& p) {
  auto declared_lang =
      most_specific<std::string>(sources, [](const ProjectSource& s) { return s.language; });
  auto range = p.root == "." ? std::pair<size_t, size_t>{0, 0} : files_under(files, p.root);
  if (declared_lang) {
    p.language = *declared_lang;
  } else {
    for (const auto* s : sources) {
      if (s->origin == ProjectOrigin::k_pyproject) p.language = "python";
      if (s->origin == ProjectOrigin::k_package_json && p.language.empty())
        p.language = "typescript";
    }
    if (p.language.empty()) p.language = detect_language(files, range);
  }
  auto include_dirs = most_specific<std::vector<std::string>>(
      sources, [](const ProjectSource& s) { return s.include_dirs; });
  if (include_dirs) {
    for (const auto& d : *include_dirs) p.include_dirs.push_back(join(p.root, d));
  } else if (p.language == "cpp") {
    default_include_dirs(files, p);
  }
  if (p.language != "python") return;
  for (const auto* s : sources)
    if (!s->import_name.empty()) p.python_packages.push_back(s->import_name);
  find_python_packages(files, range, p.root, p.python_packages);
  std::sort(p.python_packages.begin(), p.python_packages.end());
  p.python_packages.erase(std::unique(p.python_packages.begin(), p.python_packages.end()),
                          p.python_packages.end());
}

}  // namespace

std::string normalize_root(std::string_view path) {
  while (path.rfind("./", 0) == 0) path.remove_prefix(2);
  while (!path.empty() && path.back() == '/') path.remove_suffix(1);
  if (path.empty() || path == ".") return ".";
  return std::string(path);
}

AssembledProject assemble_project(const Sources& sources, const RootConfig& root,
                                  const std::vector<std::string>& files, Diagnostics& diags) {
  AssembledProject out;
  Project& p = out.project;
  choose_name(sources, out);
  read_scalars(sources, p);
  std::vector<std::string> names;
  read_named_inputs(sources, root, p, names, diags);
  build_targets(sources, root, names, p, diags);
  warn_unknown_depends_on(sources, p, diags);
  detect_from_files(sources, files, p);
  return out;
}

}  // namespace strata
