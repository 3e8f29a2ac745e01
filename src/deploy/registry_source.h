#pragma once
// RegistrySource: the serve layer's ModelSource port over the model
// registry, so `strata serve iris@production` serves the version the
// registry's alias names right now, and a reload after a promote or a
// rollback swaps to the alias's new holder. A version's artefacts are
// re-hashed once before they are first served (registered files are
// immutable; a changed byte is refused rather than served).

#include <set>
#include <string>

#include "registry/model_registry.h"
#include "serve/model_source.h"
#include "util/mutex.h"

namespace strata::deploy {

class RegistrySource final : public serve::ModelSource {
 public:
  explicit RegistrySource(registry::ModelRegistry& registry) : m_registry(registry) {}

  // "" is the latest registered version, "3" version 3, "@production" the
  // alias's holder now. Thread-safe: reloads from the signal thread and the
  // admin endpoint take turns on the registry's one database connection.
  Result<serve::ResolvedModel> resolve(const std::string& name,
                                       const std::string& alias_or_version) override;

 private:
  Result<registry::ModelVersion> lookup(const std::string& name,
                                        const std::string& alias_or_version) REQUIRES(m_mutex);

  registry::ModelRegistry& m_registry;
  Mutex m_mutex;
  std::set<std::string> m_verified GUARDED_BY(m_mutex);  // artefact digests
};

}  // namespace strata::deploy
