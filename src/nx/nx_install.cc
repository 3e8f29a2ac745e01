#include "nx/nx_install.h"

#include <nlohmann/json.hpp>

#include "util/fs.h"

namespace strata {

namespace fs = std::filesystem;

namespace {

// Single quotes for /bin/sh: everything literal, a quote itself closed,
// escaped and reopened.
std::string sh_quoted(const std::string& s) {
  std::string out = "'";
  for (char c : s) {
    if (c == '\'') {
      out += "'\\''";
    } else {
      out += c;
    }
  }
  return out + "'";
}

// package.json "bin" is a string or an object of command names.
std::string bin_entry(const nlohmann::json& pkg) {
  auto bin = pkg.find("bin");
  if (bin == pkg.end()) return {};
  if (bin->is_string()) return bin->get<std::string>();
  if (bin->is_object() && bin->contains("nx") && (*bin)["nx"].is_string())
    return (*bin)["nx"].get<std::string>();
  return {};
}

}  // namespace

std::optional<NxInstall> find_nx(const fs::path& root) {
  fs::path dir = root / "node_modules" / "nx";
  auto text = read_file(dir / "package.json");
  if (!text) return std::nullopt;
  auto pkg = nlohmann::json::parse(*text, nullptr, false);
  if (!pkg.is_object()) return std::nullopt;
  std::string entry = bin_entry(pkg);
  if (entry.empty()) entry = "bin/nx.js";
  NxInstall nx;
  nx.script = (dir / entry).lexically_normal().string();
  if (pkg.contains("version") && pkg["version"].is_string()) nx.version = pkg["version"];
  std::error_code ec;
  if (!fs::is_regular_file(nx.script, ec)) return std::nullopt;
  return nx;
}

std::map<std::string, std::string> nx_environment(const fs::path& root) {
  return {
      {"NX_DAEMON", "false"},
      {"NX_NO_CLOUD", "true"},
      {"NX_TUI", "false"},
      {"NX_INTERACTIVE", "false"},
      {"NX_SKIP_NX_CACHE", "true"},
      {"NX_SKIP_LOG_GROUPING", "true"},
      {"NX_WORKSPACE_DATA_DIRECTORY", (root / ".strata" / "nx" / "workspace-data").string()},
  };
}

std::string nx_run_command(const NxInstall& nx, const std::string& project,
                           const std::string& target, const std::string& configuration,
                           const std::vector<std::string>& args) {
  std::string task = project + ":" + target;
  if (!configuration.empty()) task += ":" + configuration;
  std::string run = "node " + sh_quoted(nx.script) + " run " + sh_quoted(task) +
                    " --excludeTaskDependencies --skipNxCache --skipRemoteCache --skipSync";
  for (const auto& a : args) run += " " + sh_quoted(a);
  return "d=$(mktemp -d \"${TMPDIR:-/tmp}/strata-nx.XXXXXX\") || exit 1; "
         "NX_CACHE_DIRECTORY=\"$d\" " +
         run + "; s=$?; rm -rf \"$d\"; exit $s";
}

std::string executor_package(const std::string& executor) {
  std::string package = executor.substr(0, executor.find(':'));
  if (package.empty() || package[0] == '.' || package[0] == '/') return {};
  return package;
}

}  // namespace strata
