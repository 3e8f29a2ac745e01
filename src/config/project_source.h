#pragma once
// What one file says about the project in its directory, before the files
// of that directory are merged into one Project. Readers check every value
// and report problems into the file's own diagnostics; the JSON held here
// (targets, named inputs) has been cleaned by target_schema.

#include <map>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

#include "config/config_file.h"
#include "model/workspace.h"

namespace strata {

struct ProjectSource {
  ProjectOrigin origin = ProjectOrigin::k_project_json;
  ConfigFile* file = nullptr;
  std::string dir;  // the file's directory, "." at the root

  // Project-level keys (project.json, package.json "nx", [tool.strata]);
  // `explicit_name` is the name given there, `fallback_name` one from the
  // package metadata (package.json "name", PEP 621 or Poetry name).
  std::optional<std::string> explicit_name, fallback_name;
  std::string name_pointer;  // where the chosen name is written
  std::optional<std::string> root, source_root, project_type, language;
  std::vector<std::string> tags, implicit_dependencies;
  std::optional<std::vector<std::string>> include_dirs;
  const nlohmann::json* named_inputs = nullptr;  // validated object, or null
  std::string named_inputs_pointer;
  const nlohmann::json* targets = nullptr;  // validated object, or null
  std::string targets_pointer;

  // package.json
  std::map<std::string, std::string> scripts;
  std::optional<std::vector<std::string>> included_scripts;
  bool has_workspaces = false;
  // Has project-level configuration of its own ("nx" key, [tool.strata]).
  bool has_project_config = false;

  std::string package_name;  // npm name, or normalised Python distribution name
  std::vector<std::string> package_dependencies;
  std::string import_name;  // Python: the import name the distribution implies
};

// Each reader needs a parsed file (ok()); problems go into the file.
ProjectSource read_project_json(ConfigFile& file);
ProjectSource read_package_json(ConfigFile& file);
ProjectSource read_pyproject(ConfigFile& file);

// The "workspaces" globs of a root package.json: an array or {packages: [...]}.
std::vector<std::string> package_json_workspaces(ConfigFile& file);

// Languages a project may declare.
const std::vector<std::string>& known_languages();

}  // namespace strata
