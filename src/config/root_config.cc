// nx.json is read key by key into WorkspaceConfig. Keys Nx knows but Strata
// does not use are accepted silently (see known_keys.cc), so a workspace can
// switch tools without editing its nx.json. The targets "plugins" infer
// come from the workspace's Nx (see nx/plugin_targets.h); when they were not
// taken from it, "plugins" earns a warning because those targets do not
// exist here.

#include "config/root_config.h"

#include <algorithm>
#include <limits>

#include "config/json_locator.h"
#include "config/known_keys.h"
#include "config/pnpm_workspace.h"
#include "config/project_source.h"
#include "config/target_fields.h"
#include "config/target_schema.h"
#include "util/fs.h"
#include "util/glob.h"
#include "util/json_limits.h"

namespace strata {

namespace {

using nlohmann::json;
namespace fs = std::filesystem;

bool has_file(const std::vector<std::string>& files, std::string_view path) {
  return std::binary_search(files.begin(), files.end(), path,
                            [](std::string_view a, std::string_view b) { return a < b; });
}

void read_target_defaults(ConfigFile& file, json& root, WorkspaceConfig& cfg) {
  if (!file.get_object(root, "", "targetDefaults")) return;
  json& defaults = root["targetDefaults"];
  validate_targets(file, defaults, "/targetDefaults");
  for (auto& [key, value] : defaults.items()) cfg.target_defaults.emplace(key, value);
}

void read_named_inputs(ConfigFile& file, json& root, WorkspaceConfig& cfg) {
  if (!file.get_object(root, "", "namedInputs")) return;
  json& named = root["namedInputs"];
  validate_named_inputs(file, named, "/namedInputs");
  auto is_named = [&](std::string_view n) {
    return n == "default" || named.contains(std::string(n));
  };
  for (auto& [name, list] : named.items()) {
    std::string ptr = json_pointer_append("/namedInputs", name);
    cfg.named_inputs[name] = parse_inputs(list, is_named, [&](size_t i, const std::string& in) {
      file.error(json_pointer_append(ptr, std::to_string(i)),
                 "named input '" + name + "' refers to unknown named input '" + in + "'");
    });
  }
}

void read_implicit_dependencies(ConfigFile& file, json& root, WorkspaceConfig& cfg) {
  const json* deps = file.get_object(root, "", "implicitDependencies");
  if (!deps) return;
  for (const auto& [pattern, value] : deps->items()) {
    std::string ptr = json_pointer_append("/implicitDependencies", pattern);
    if (value.is_string() && value == "*") {
      cfg.implicit_dependencies[pattern] = {"*"};
    } else if (value.is_array() && std::all_of(value.begin(), value.end(),
                                               [](const json& v) { return v.is_string(); })) {
      cfg.implicit_dependencies[pattern] = value.get<std::vector<std::string>>();
    } else {
      file.error(ptr, "an implicit dependency must map to \"*\" or an array of project names",
                 R"(for example "implicitDependencies": {"tsconfig.base.json": "*"})");
    }
  }
}

// "parallel", at the top level or in the legacy runner options: a task
// count that fits an int (read as int64 first, so 10000000000 is refused
// rather than truncated to some other count).
void read_parallel(ConfigFile& file, const json& obj, const std::string& pointer,
                   WorkspaceConfig& cfg) {
  auto it = obj.find("parallel");
  if (it == obj.end()) return;
  int64_t n = it->is_number_integer() ? it->get<int64_t>() : -1;
  if (n >= 0 && n <= std::numeric_limits<int>::max()) {
    cfg.parallel = static_cast<int>(n);
  } else {
    file.error(json_pointer_append(pointer, "parallel"),
               "'parallel' must be a number of tasks (0: one per core)");
  }
}

void read_runner_options(ConfigFile& file, json& root, RootConfig& out) {
  auto tro = root.find("tasksRunnerOptions");
  if (tro == root.end() || !tro->is_object()) return;
  auto def = tro->find("default");
  if (def == tro->end() || !def->is_object() || !def->contains("options")) return;
  const json& opts = (*def)["options"];
  const std::string ptr = "/tasksRunnerOptions/default/options";
  if (auto ops = file.get_strings(opts, ptr, "cacheableOperations"))
    out.cacheable_operations = *ops;
  read_parallel(file, opts, ptr, out.config);
  if (auto dir = file.get_string(opts, ptr, "cacheDirectory")) out.config.cache_directory = *dir;
}

// Nx takes a size string ("10GB") or a number of bytes.
void read_max_cache_size(ConfigFile& file, const json& root, WorkspaceConfig& cfg) {
  auto it = root.find("maxCacheSize");
  if (it == root.end()) return;
  if (it->is_string()) {
    cfg.max_cache_size = it->get<std::string>();
  } else if (it->is_number_unsigned()) {
    cfg.max_cache_size = std::to_string(it->get<uint64_t>());
  } else {
    file.error("/maxCacheSize",
               "'maxCacheSize' must be a size such as \"10GB\" or a number of bytes");
  }
}

void read_scalars(ConfigFile& file, json& root, WorkspaceConfig& cfg) {
  read_parallel(file, root, "", cfg);
  if (auto dir = file.get_string(root, "", "cacheDirectory")) cfg.cache_directory = *dir;
  read_max_cache_size(file, root, cfg);
  if (const json* affected = file.get_object(root, "", "affected"))
    if (auto base = file.get_string(*affected, "/affected", "defaultBase"))
      cfg.default_base = *base;
  if (auto base = file.get_string(root, "", "defaultBase")) cfg.default_base = *base;
  if (auto globs = file.get_strings(root, "", "workspaces"))
    cfg.package_globs.insert(cfg.package_globs.end(), globs->begin(), globs->end());
}

void warn_about_plugins(ConfigFile& file, const json& root) {
  auto it = root.find("plugins");
  if (it == root.end() || !it->is_array() || it->empty()) return;
  file.warn("/plugins", "Nx is not installed, so the targets these Nx plugins infer do not exist",
            "install Nx and the plugins (npm install), or declare those targets in "
            "project.json with \"command\"");
}

void read_nx_json(ConfigFile& file, RootConfig& out) {
  json& root = file.mutable_root();
  if (!root.is_object()) {
    file.error("", file.path() + " must hold a JSON object");
    return;
  }
  file.check_keys(root, "", known_root_config_keys(), file.path());
  read_runner_options(file, root, out);
  read_scalars(file, root, out.config);
  read_target_defaults(file, root, out.config);
  read_named_inputs(file, root, out.config);
  read_implicit_dependencies(file, root, out.config);
  if (!out.inferred_targets) warn_about_plugins(file, root);
}

void read_package_globs(const fs::path& root, const std::vector<std::string>& files,
                        RootConfig& out, Diagnostics& diags) {
  if (has_file(files, "package.json")) {
    out.package_json = load_config_file(root, "package.json");
    if (out.package_json->ok() && out.package_json->root().is_object()) {
      auto globs = package_json_workspaces(*out.package_json);
      out.has_package_workspaces = out.package_json->root().contains("workspaces");
      out.config.package_globs.insert(out.config.package_globs.end(), globs.begin(), globs.end());
    }
  }
  if (has_file(files, "pnpm-workspace.yaml")) {
    auto text = read_file(root / "pnpm-workspace.yaml");
    if (!text) {
      diags.error(Error(text.error().message, {"pnpm-workspace.yaml"}));
      return;
    }
    auto globs = parse_pnpm_packages(*text);
    out.has_package_workspaces = true;
    out.config.package_globs.insert(out.config.package_globs.end(), globs.begin(), globs.end());
  }
}

void collect_global_files(const std::vector<std::string>& files, WorkspaceConfig& cfg) {
  static const char* const k_names[] = {
      "strata.json",   "nx.json",           "package.json",   "tsconfig.base.json",
      "tsconfig.json", "package-lock.json", "pnpm-lock.yaml", "pnpm-workspace.yaml",
      "yarn.lock",     "bun.lockb",         "poetry.lock",    "uv.lock",
      "Pipfile.lock",  "pyproject.toml"};
  for (const char* name : k_names)
    if (has_file(files, name)) cfg.global_files.push_back(name);
  for (const auto& f : files)
    if (f.find('/') == std::string::npos && glob_match("requirements*.txt", f))
      cfg.global_files.push_back(f);
  std::sort(cfg.global_files.begin(), cfg.global_files.end());
}

// Nx's plugin names whose presence in the root package.json makes Nx read
// JavaScript/TypeScript imports when nx.json does not say.
bool depends_on_nx_framework(const json& package_json) {
  static const char* const k_plugins[] = {"@nx/workspace", "@nx/js",      "@nx/node", "@nx/next",
                                          "@nx/react",     "@nx/angular", "@nx/web"};
  for (const char* section : {"dependencies", "devDependencies"}) {
    auto deps = package_json.find(section);
    if (deps == package_json.end() || !deps->is_object()) continue;
    for (const char* name : k_plugins)
      if (deps->contains(name)) return true;
  }
  return false;
}

// Whether JS/TS imports make edges, by Nx's rule, so an Nx workspace gets
// the graph Nx would draw: `pluginsConfig["@nx/js"].analyzeSourceFiles`
// (older name "@nrwl/js"; true when the plugin's entry is there without
// it); with no entry, true only if the root package.json depends on one of
// Nx's framework plugins (a plain npm workspace with nx.json added reads
// package.json dependencies only, as Lerna did). strata.json reads the same
// key but defaults to true: imports are part of Strata's own graph.
void decide_source_analysis(RootConfig& out) {
  if (!out.file || !out.file->ok() || !out.file->root().is_object()) return;
  const json& root = out.file->root();
  const bool nx = out.config.config_file == "nx.json";
  auto plugins = root.find("pluginsConfig");
  if (plugins != root.end() && plugins->is_object()) {
    for (const char* name : {"@nx/js", "@nrwl/js"}) {
      auto entry = plugins->find(name);
      if (entry == plugins->end()) continue;
      if (!entry->is_object()) {
        out.file->error(json_pointer_append("/pluginsConfig", name),
                        std::string("'") + name + "' must be an object",
                        R"(for example "pluginsConfig": {"@nx/js": {"analyzeSourceFiles": true}})");
        return;
      }
      std::string ptr = json_pointer_append("/pluginsConfig", name);
      out.config.analyze_js_sources =
          out.file->get_bool(*entry, ptr, "analyzeSourceFiles").value_or(true);
      return;
    }
  }
  if (!nx) return;
  const bool has_package_json =
      out.package_json && out.package_json->ok() && out.package_json->root().is_object();
  out.config.analyze_js_sources =
      has_package_json && depends_on_nx_framework(out.package_json->root());
}

}  // namespace

std::unique_ptr<ConfigFile> load_config_file(const fs::path& root, const std::string& rel_path) {
  auto text = read_file(root / rel_path, k_config_max_bytes, "configuration files");
  if (!text) return ConfigFile::unreadable(rel_path, text.error());
  bool toml = rel_path.size() >= 5 && rel_path.compare(rel_path.size() - 5, 5, ".toml") == 0;
  return toml ? ConfigFile::from_toml(rel_path, std::move(*text))
              : ConfigFile::from_json(rel_path, std::move(*text));
}

void append_diagnostics(const Diagnostics& from, Diagnostics& out) {
  for (const auto& d : from.items()) {
    if (d.severity == Severity::k_error) {
      out.error(d.error);
    } else {
      out.warn(d.error);
    }
  }
}

RootConfig read_root_config(const fs::path& root, const std::vector<std::string>& files,
                            Diagnostics& diags, const std::map<std::string, json>* inferred) {
  RootConfig out;
  out.inferred_targets = inferred;
  const bool strata = has_file(files, "strata.json");
  const bool nx = has_file(files, "nx.json");
  if (strata || nx) {
    out.config.config_file = strata ? "strata.json" : "nx.json";
    out.file = load_config_file(root, out.config.config_file);
    if (out.file->ok()) read_nx_json(*out.file, out);
  }
  read_package_globs(root, files, out, diags);
  if (out.file) {
    // Needs the root package.json, read just above.
    if (out.file->ok()) decide_source_analysis(out);
    if (strata && nx)
      out.file->warn("", "both strata.json and nx.json exist; nx.json is ignored",
                     "keep one of them");
    append_diagnostics(out.file->diags(), diags);
  }
  collect_global_files(files, out.config);
  return out;
}

}  // namespace strata
