#pragma once
// Opening the workspace's model registry, shared by `strata model` and
// `strata serve`: the database is the URL given, else STRATA_REGISTRY_URL,
// else .strata/registry.sqlite; artefacts go to STRATA_REGISTRY_ARTIFACTS,
// else .strata/registry/artifacts.

#include <filesystem>
#include <memory>
#include <string>

#include "db/database.h"
#include "registry/model_registry.h"
#include "util/result.h"

namespace strata::cli {

struct OpenRegistry {
  std::filesystem::path root;
  std::unique_ptr<db::DatabaseManager> db;
  std::unique_ptr<registry::ModelRegistry> registry;
};

// `url` empty: STRATA_REGISTRY_URL, else the workspace's SQLite file.
Result<OpenRegistry> open_registry(const std::string& url);

// Whether a registry is configured (`url`, STRATA_REGISTRY_URL) or the
// workspace holds one already; creates nothing.
bool registry_configured(const std::string& url);

}  // namespace strata::cli
