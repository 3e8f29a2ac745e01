// dlopen with RTLD_LOCAL: a plugin's copies of Strata's own code (each
// module links the layers it needs statically) bind to themselves, not to
// the binary's, so a module is self-contained and the binary exports
// nothing. RTLD_NOW: a missing symbol is an error at load, with the
// plugin's name, not a crash in the middle of a command.

#include "util/plugin.h"

#include <dlfcn.h>
#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <system_error>
#include <vector>

#include "util/profile.h"

namespace strata {

namespace fs = std::filesystem;

namespace {

fs::path binary_dir() {
  std::error_code ec;
  fs::path self = fs::read_symlink("/proc/self/exe", ec);
  return ec ? fs::path() : self.parent_path();
}

std::vector<fs::path> search_dirs() {
  std::vector<fs::path> dirs;
  if (const char* env = std::getenv("STRATA_PLUGIN_PATH"); env && *env) dirs.emplace_back(env);
  fs::path bin = binary_dir();
  if (!bin.empty()) {
    dirs.push_back(bin);
    dirs.push_back(bin.parent_path() / "lib" / "strata");
  }
  return dirs;
}

}  // namespace

Result<void*> Plugin::raw_entry(const char* symbol) const {
  dlerror();
  void* p = dlsym(m_handle, symbol);
  if (!p)
    return Error("plugin " + m_path + " has no entry point '" + symbol + "'", {},
                 "rebuild Strata: the binary and its plugins must come from one build");
  return p;
}

Result<Plugin> load_plugin(std::string_view name) {
  ProfilePhase phase("load plugin");
  const std::string file = "strata-" + std::string(name) + ".so";
  std::string looked;
  for (const fs::path& dir : search_dirs()) {
    fs::path candidate = dir / file;
    looked += (looked.empty() ? "" : ", ") + dir.string();
    if (access(candidate.c_str(), R_OK) != 0) continue;
    if (void* handle = dlopen(candidate.c_str(), RTLD_NOW | RTLD_LOCAL))
      return Plugin(handle, std::string(name), candidate.string());
    const char* why = dlerror();
    return Error("cannot load plugin " + candidate.string() + ": " + (why ? why : "unknown error"),
                 {}, "install the libraries it needs (scripts/install-deps) or rebuild Strata");
  }
  return Error(
      "plugin " + file + " not found (looked in " + looked + ")", {},
      "install it beside the strata binary, in <prefix>/lib/strata, or set STRATA_PLUGIN_PATH");
}

}  // namespace strata
