#include "nx/executor_hint.h"

#include "nx/nx_install.h"

namespace strata {

namespace {

using nlohmann::json;

std::string option_or(const json& options, const char* key, const std::string& fallback) {
  auto it = options.find(key);
  return it != options.end() && it->is_string() ? it->get<std::string>() : fallback;
}

// Commands equivalent to the common Nx executors.
std::string equivalent_command(std::string executor, const json& options, const std::string& root) {
  if (executor.rfind("@nrwl/", 0) == 0) executor = "@nx/" + executor.substr(6);
  if (executor == "@nx/js:tsc")
    return "tsc -p " + option_or(options, "tsConfig", root + "/tsconfig.lib.json");
  if (executor == "@nx/jest:jest")
    return "jest --config " + option_or(options, "jestConfig", root + "/jest.config.ts");
  if (executor == "@nx/eslint:lint" || executor == "@nx/linter:eslint") return "eslint " + root;
  if (executor == "@nx/vite:build") return "vite build " + root;
  if (executor == "@nx/vite:test") return "vitest run --root " + root;
  if (executor == "@nx/vite:dev-server") return "vite " + root;
  if (executor == "@nx/webpack:webpack")
    return "webpack --config " + option_or(options, "webpackConfig", root + "/webpack.config.js");
  if (executor == "@nx/esbuild:esbuild")
    return "esbuild " + option_or(options, "main", root + "/src/index.ts") + " --bundle";
  return {};
}

}  // namespace

std::string executor_hint(const std::string& executor, const std::string& target,
                          const json& options, const std::string& root) {
  std::string package = executor_package(executor);
  std::string install = "npm install -D nx";
  if (!package.empty() && package != "nx") install += " " + package;
  std::string command =
      equivalent_command(executor, options.is_object() ? options : json::object(), root);
  if (command.empty()) command = "<the shell command that " + executor + " ran>";
  return install + ", or use a shell command instead: \"" + target + "\": { \"command\": \"" +
         command + "\" }";
}

}  // namespace strata
