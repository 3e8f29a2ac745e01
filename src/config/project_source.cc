// Readers for the three project files. The project-level keys are the same
// in project.json, package.json's "nx" object and pyproject's
// [tool.strata] table, so one function reads them from any of the three,
// given the pointer of the object that holds them.

#include "config/project_source.h"

#include <algorithm>

#include "config/known_keys.h"
#include "config/python_names.h"
#include "config/target_schema.h"
#include "util/suggest.h"

namespace strata {

namespace {

using nlohmann::json;

std::string at(std::string_view pointer, std::string_view key) {
  return json_pointer_append(pointer, key);
}

void read_language(ConfigFile& file, const json& obj, std::string_view pointer,
                   ProjectSource& src) {
  auto lang = file.get_string(obj, pointer, "language");
  if (!lang) return;
  const auto& known = known_languages();
  if (std::find(known.begin(), known.end(), *lang) == known.end()) {
    file.error(at(pointer, "language"), "unknown language '" + *lang + "'",
               did_you_mean(*lang, known).empty() ? "use python, typescript or cpp"
                                                  : did_you_mean(*lang, known));
    return;
  }
  src.language = lang;
}

// Reads the keys shared by project.json, package.json "nx" and [tool.strata].
void read_project_keys(ConfigFile& file, json& obj, std::string_view pointer, ProjectSource& src) {
  if (auto name = file.get_string(obj, pointer, "name")) {
    src.explicit_name = name;
    src.name_pointer = at(pointer, "name");
  }
  src.root = file.get_string(obj, pointer, "root");
  src.source_root = file.get_string(obj, pointer, "sourceRoot");
  src.project_type = file.get_string(obj, pointer, "projectType");
  if (src.project_type && *src.project_type != "application" && *src.project_type != "library") {
    file.error(at(pointer, "projectType"), "'projectType' must be \"application\" or \"library\"");
    src.project_type.reset();
  }
  src.tags = file.get_strings(obj, pointer, "tags").value_or(std::vector<std::string>{});
  src.implicit_dependencies =
      file.get_strings(obj, pointer, "implicitDependencies").value_or(std::vector<std::string>{});
  src.include_dirs = file.get_strings(obj, pointer, "includeDirs");
  read_language(file, obj, pointer, src);
  if (file.get_object(obj, pointer, "namedInputs")) {
    src.named_inputs_pointer = at(pointer, "namedInputs");
    validate_named_inputs(file, obj["namedInputs"], src.named_inputs_pointer);
    src.named_inputs = &obj["namedInputs"];
  }
  if (file.get_object(obj, pointer, "targets")) {
    src.targets_pointer = at(pointer, "targets");
    validate_targets(file, obj["targets"], src.targets_pointer);
    src.targets = &obj["targets"];
  }
}

void add_dependency_names(const json& deps, std::vector<std::string>& out) {
  if (!deps.is_object()) return;
  for (const auto& [name, version] : deps.items()) out.push_back(name);
}

void sort_unique(std::vector<std::string>& v) {
  std::sort(v.begin(), v.end());
  v.erase(std::unique(v.begin(), v.end()), v.end());
}

void read_scripts(ConfigFile& file, const json& root, ProjectSource& src) {
  const json* scripts = file.get_object(root, "", "scripts");
  if (!scripts) return;
  for (const auto& [name, command] : scripts->items()) {
    if (command.is_string()) {
      src.scripts.emplace(name, command.get<std::string>());
    } else {
      file.error(at("/scripts", name), "script '" + name + "' must be a string");
    }
  }
}

void add_requirements(const json& list, std::vector<std::string>& out) {
  if (!list.is_array()) return;
  for (const auto& r : list)
    if (r.is_string())
      if (auto n = pep508_name(r.get<std::string>()); !n.empty())
        out.push_back(normalize_distribution_name(n));
}

void read_pep621(ConfigFile& file, const json& root, ProjectSource& src) {
  const json* project = file.get_object(root, "", "project");
  if (!project) return;
  if (auto name = file.get_string(*project, "/project", "name")) {
    src.fallback_name = name;
    src.name_pointer = "/project/name";
  }
  if (project->contains("dependencies") && !(*project)["dependencies"].is_array())
    file.error("/project/dependencies", "'dependencies' must be an array of requirement strings");
  add_requirements(project->value("dependencies", json()), src.package_dependencies);
  if (auto opt = project->find("optional-dependencies"); opt != project->end() && opt->is_object())
    for (const auto& [extra, list] : opt->items()) add_requirements(list, src.package_dependencies);
}

void read_poetry(ConfigFile& file, const json& root, ProjectSource& src) {
  auto tool = root.find("tool");
  if (tool == root.end() || !tool->is_object() || !tool->contains("poetry")) return;
  const json& poetry = (*tool)["poetry"];
  // json::value() throws on a non-object: a hand-written `poetry = "x"` or
  // `[tool.poetry.group] dev = 5` is skipped like any other stray value.
  if (!poetry.is_object()) return;
  if (!src.fallback_name && poetry.contains("name") && poetry["name"].is_string()) {
    src.fallback_name = poetry["name"].get<std::string>();
    src.name_pointer = "/tool/poetry/name";
  }
  auto add_table = [&](const json& t) {
    if (!t.is_object()) return;
    for (const auto& [name, spec] : t.items())
      if (name != "python") src.package_dependencies.push_back(normalize_distribution_name(name));
  };
  add_table(poetry.value("dependencies", json()));
  add_table(poetry.value("dev-dependencies", json()));
  if (auto groups = poetry.find("group"); groups != poetry.end() && groups->is_object())
    for (const auto& [g, body] : groups->items())
      if (body.is_object()) add_table(body.value("dependencies", json()));
}

}  // namespace

const std::vector<std::string>& known_languages() {
  static const std::vector<std::string> langs = {"python", "typescript", "cpp"};
  return langs;
}

ProjectSource read_project_json(ConfigFile& file) {
  ProjectSource src;
  src.origin = ProjectOrigin::k_project_json;
  src.file = &file;
  src.dir = parent_dir(file.path());
  json& root = file.mutable_root();
  if (!root.is_object()) {
    file.error("", "project.json must hold a JSON object");
    return src;
  }
  file.check_keys(root, "", known_project_json_keys(), "project.json");
  read_project_keys(file, root, "", src);
  src.has_project_config = true;
  return src;
}

std::vector<std::string> package_json_workspaces(ConfigFile& file) {
  const json& root = file.root();
  auto it = root.find("workspaces");
  if (it == root.end()) return {};
  if (it->is_object()) {
    if (auto globs = file.get_strings(*it, "/workspaces", "packages")) return *globs;
    return {};
  }
  if (auto globs = file.get_strings(root, "", "workspaces")) return *globs;
  return {};
}

ProjectSource read_package_json(ConfigFile& file) {
  ProjectSource src;
  src.origin = ProjectOrigin::k_package_json;
  src.file = &file;
  src.dir = parent_dir(file.path());
  json& root = file.mutable_root();
  if (!root.is_object()) {
    file.error("", "package.json must hold a JSON object");
    return src;
  }
  if (auto name = file.get_string(root, "", "name")) {
    src.fallback_name = name;
    src.package_name = *name;
    src.name_pointer = "/name";
  }
  read_scripts(file, root, src);
  src.has_workspaces = root.contains("workspaces");
  for (const char* key :
       {"dependencies", "devDependencies", "peerDependencies", "optionalDependencies"})
    if (file.get_object(root, "", key)) add_dependency_names(root[key], src.package_dependencies);
  sort_unique(src.package_dependencies);
  if (file.get_object(root, "", "nx")) {
    json& nx = root["nx"];
    file.check_keys(nx, "/nx", known_package_nx_keys(), "package.json \"nx\"");
    read_project_keys(file, nx, "/nx", src);
    src.included_scripts = file.get_strings(nx, "/nx", "includedScripts");
    src.has_project_config = true;
  }
  return src;
}

ProjectSource read_pyproject(ConfigFile& file) {
  ProjectSource src;
  src.origin = ProjectOrigin::k_pyproject;
  src.file = &file;
  src.dir = parent_dir(file.path());
  json& root = file.mutable_root();
  read_pep621(file, root, src);
  read_poetry(file, root, src);
  if (auto groups = root.find("dependency-groups"); groups != root.end() && groups->is_object())
    for (const auto& [g, list] : groups->items()) add_requirements(list, src.package_dependencies);
  sort_unique(src.package_dependencies);
  if (src.fallback_name) {
    src.package_name = normalize_distribution_name(*src.fallback_name);
    src.import_name = import_name_of(*src.fallback_name);
  }
  auto tool = root.find("tool");
  if (tool != root.end() && tool->is_object() && tool->contains("strata")) {
    if (!(*tool)["strata"].is_object()) {
      file.error("/tool/strata", "[tool.strata] must be a table");
      return src;
    }
    json& strata = (*tool)["strata"];
    file.check_keys(strata, "/tool/strata", known_pyproject_strata_keys(), "[tool.strata]");
    read_project_keys(file, strata, "/tool/strata", src);
    src.has_project_config = true;
  }
  return src;
}

}  // namespace strata
