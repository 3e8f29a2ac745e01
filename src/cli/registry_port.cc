#include "cli/registry_port.h"

#include <cstdlib>

#include "cli/command.h"
#include "config/loader.h"

namespace strata::cli {

namespace fs = std::filesystem;

namespace {

std::string env_or(const char* name, std::string fallback) {
  const char* v = std::getenv(name);
  return v && *v ? std::string(v) : fallback;
}

Result<fs::path> workspace_root() {
  std::error_code ec;
  fs::path start =
      global_options().cwd.empty() ? fs::current_path(ec) : fs::path(global_options().cwd);
  return find_workspace_root(fs::absolute(start, ec));
}

}  // namespace

Result<OpenRegistry> open_registry(const std::string& registry_url) {
  auto root = workspace_root();
  if (!root) return root.error();
  OpenRegistry r;
  r.root = *root;
  std::error_code ec;
  std::string url =
      registry_url.empty()
          ? env_or("STRATA_REGISTRY_URL", "sqlite:" + (*root / ".strata/registry.sqlite").string())
          : registry_url;
  if (url.starts_with("sqlite:")) fs::create_directories(*root / ".strata", ec);
  auto db = db::open_database(url);
  if (!db) return db.error();
  r.db = std::move(*db);
  fs::path artifacts =
      env_or("STRATA_REGISTRY_ARTIFACTS", (*root / ".strata/registry/artifacts").string());
  r.registry = std::make_unique<registry::ModelRegistry>(*r.db, registry::ArtifactStore(artifacts));
  if (auto st = r.registry->open(); !st) return st.error();
  return r;
}

bool registry_configured(const std::string& url) {
  if (!url.empty() || !env_or("STRATA_REGISTRY_URL", "").empty()) return true;
  auto root = workspace_root();
  std::error_code ec;
  return root && fs::exists(*root / ".strata/registry.sqlite", ec);
}

}  // namespace strata::cli
