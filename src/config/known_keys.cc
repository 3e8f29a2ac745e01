#include "config/known_keys.h"

namespace strata {

// Checked against the nx.json and project.json schemas Nx publishes
// (node_modules/nx/schemas/*.json) and its configuration types, which
// accept a few keys the schemas leave out.
const std::vector<std::string>& known_root_config_keys() {
  static const std::vector<std::string> keys = {
      "$schema", "affected", "analytics", "cacheDirectory", "cli", "conformance", "defaultBase",
      "defaultProject", "extends", "generators", "implicitDependencies", "installation",
      "maxCacheSize", "migrate", "namedInputs", "neverConnectToCloud", "npmScope",
      "nxCloudAccessToken", "nxCloudEncryptionKey", "nxCloudId", "nxCloudUrl", "owners", "parallel",
      "plugins", "pluginsConfig", "release", "sync", "targetDefaults", "tasksRunnerOptions", "tui",
      "useDaemonProcess", "useInferencePlugins", "useLegacyCache", "workspaceLayout",
      // Strata extensions: globs of project directories (see docs/config.md),
      // the rules of `strata check boundaries` (docs/commands/check.md), and
      // the database URL, migrations and seeds (docs/commands/db.md).
      "workspaces", "boundaries", "db",
      // The shared remote cache (docs/config.md, docs/formats/remote-cache.md)
      // and the allow-list of strata audit (docs/commands/audit.md).
      "remoteCache", "audit",
      // The base images and user of generated Dockerfiles (docs/containers.md).
      "images"};
  return keys;
}

const std::vector<std::string>& known_project_json_keys() {
  static const std::vector<std::string> keys = {
      "$schema", "name", "root", "sourceRoot", "projectType", "tags", "implicitDependencies",
      "namedInputs", "targets", "generators", "metadata", "release", "owners",
      // Kept by Nx for Angular CLI compatibility and written by its Angular
      // generators: the component selector prefix and i18n settings.
      "prefix", "i18n",
      // Strata extensions.
      "language", "includeDirs"};
  return keys;
}

const std::vector<std::string>& known_package_nx_keys() {
  static const std::vector<std::string> keys = {
      "name",        "root",    "sourceRoot",      "projectType", "tags",    "implicitDependencies",
      "namedInputs", "targets", "includedScripts", "metadata",    "release", "language",
      "includeDirs"};
  return keys;
}

const std::vector<std::string>& known_pyproject_strata_keys() {
  static const std::vector<std::string> keys = {
      "name",        "sourceRoot", "projectType", "tags",       "implicitDependencies",
      "namedInputs", "targets",    "language",    "includeDirs"};
  return keys;
}

const std::vector<std::string>& known_target_keys() {
  static const std::vector<std::string> keys = {
      "executor",       "command",     "options",    "configurations", "defaultConfiguration",
      "dependsOn",      "inputs",      "outputs",    "cache",          "metadata",
      "syncGenerators", "parallelism", "continuous", "readyWhen",      "ultracache"};
  return keys;
}

const std::vector<std::string>& known_depends_on_keys() {
  static const std::vector<std::string> keys = {"target",  "projects", "dependencies", "params",
                                                "options", "inputs",   "waitFor"};
  return keys;
}

const std::vector<std::string>& run_commands_option_keys() {
  static const std::vector<std::string> keys = {
      "command", "commands",     "color",   "parallel",       "readyWhen",
      "cwd",     "args",         "envFile", "__unparsed__",   "env",
      "usePty",  "streamOutput", "verbose", "forwardAllArgs", "tty",
      "prefix",  "prefixColor",  "bgColor", "description",    "script"};
  return keys;
}

}  // namespace strata
