#pragma once
// The resolved workspace: every project with its fully merged targets, as the
// config layer produces it and every later layer reads it. Plain data only.

#include <filesystem>
#include <map>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "util/result.h"

namespace strata {

// One entry of an "inputs" list, in Nx's vocabulary.
struct InputSpec {
  enum class Kind {
    k_fileset,            // "{projectRoot}/**/*", {"fileset": ...}; may be negated with "!"
    k_named,              // "production", "^production", {"input": ..., "dependencies": true}
    k_runtime,            // {"runtime": "node --version"}: the command's output is hashed
    k_env,                // {"env": "NODE_ENV"}
    k_external,           // {"externalDependencies": [...]}
    k_dependent_outputs,  // {"dependentTasksOutputFiles": "**/*.d.ts", "transitive": true}
  };
  Kind kind = Kind::k_fileset;
  std::string value;                   // glob, input name, command, or variable name
  bool dependencies = false;           // "^name": taken from the project's dependencies
  bool negated = false;                // "!{projectRoot}/**/*.spec.ts"
  bool transitive = false;             // for k_dependent_outputs
  std::vector<std::string> externals;  // for k_external
};

// One entry of "dependsOn".
struct DependsOn {
  std::string target;                 // may hold a glob such as "build-*"
  bool dependencies = false;          // "^build" or {"dependencies": true}
  std::vector<std::string> projects;  // {"projects": [...]}; empty: self or deps
  bool forward_params = false;        // {"params": "forward"}
};

// A target after inference, target defaults and project.json are merged.
// Targets Strata runs itself are normalised to the run-commands form:
// `executor` is "nx:run-commands" or "nx:noop", and `options` holds
// `command` or `commands`, `cwd`, `parallel`, `env`, `args`. Any other
// executor ("@nx/js:tsc") is kept as declared, with its options, and runs
// through the workspace's own Nx (tasks/command.h).
struct Target {
  std::string name;
  std::string executor = "nx:run-commands";
  nlohmann::json options = nlohmann::json::object();
  std::map<std::string, nlohmann::json> configurations;
  std::string default_configuration;
  std::vector<DependsOn> depends_on;
  std::optional<std::vector<InputSpec>> inputs;  // unset: the "default" named input
  std::vector<std::string> outputs;  // may hold {projectRoot}, {workspaceRoot}, {options.x}
  bool cache = false;
  SourceLoc loc;           // where the target was declared, for error messages
  SourceLoc executor_loc;  // where a foreign executor was named, else unset
};

enum class ProjectOrigin { k_project_json, k_package_json, k_pyproject };

struct Project {
  std::string name;
  std::string root;          // relative to the workspace root; "." for the root project
  std::string source_root;   // relative to the workspace root
  std::string project_type;  // "application" or "library"
  std::vector<std::string> tags;
  std::vector<std::string> implicit_dependencies;  // "!name" removes an edge
  std::map<std::string, std::vector<InputSpec>> named_inputs;
  std::map<std::string, Target> targets;
  std::vector<ProjectOrigin> origins;
  std::string config_file;  // the file that declared the project, relative to root
  // Names by which other projects refer to this one: the npm package name
  // and/or the Python distribution and import package names.
  std::string package_name;
  std::vector<std::string> python_packages;  // top-level import names
  // Names of packages this project declares as dependencies (package.json
  // dependencies/devDependencies/peerDependencies, PEP 621 dependencies);
  // those naming a workspace project become edges.
  std::vector<std::string> package_dependencies;
  // Directories, relative to the workspace root, searched for #include.
  std::vector<std::string> include_dirs;
  std::string language;  // "python", "typescript", "cpp" or "" when unknown
};

struct WorkspaceConfig {
  std::string config_file;  // "nx.json", "strata.json" or "" when there is none
  std::map<std::string, nlohmann::json> target_defaults;  // raw, as declared
  std::map<std::string, std::vector<InputSpec>> named_inputs;
  int parallel = 0;  // 0: one task per core
  std::string cache_directory = ".strata/cache";
  // "maxCacheSize" as written ("10GB", "500MB", bytes); "" for no limit.
  // Parsed by the cache (parse_size), which evicts past it after a run.
  std::string max_cache_size;
  std::string default_base = "main";
  // Root "implicitDependencies": a file or glob mapped to the projects a
  // change to it affects ("*" for all).
  std::map<std::string, std::vector<std::string>> implicit_dependencies;
  std::vector<std::string> package_globs;  // package.json / pnpm workspaces
  // Files whose change affects every project: root config files, lockfiles.
  std::vector<std::string> global_files;
  // Whether JavaScript/TypeScript imports make graph edges, as Nx decides
  // for its JS plugin ("analyzeSourceFiles"); see config/root_config.cc.
  // Python and C++ sources are always read. Boundary checks read every
  // source whatever this says.
  bool analyze_js_sources = true;
};

struct Workspace {
  std::filesystem::path root;  // absolute
  WorkspaceConfig config;
  std::vector<Project> projects;  // sorted by name

  const Project* find(std::string_view name) const;
  std::vector<std::string> project_names() const;
  // "unknown project 'x'" with a did-you-mean hint.
  Error unknown_project(std::string_view name) const;
};

}  // namespace strata
