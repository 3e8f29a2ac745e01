// The registry adapter of the serve layer's ModelSource port. One
// database connection serves every reload, so resolve() holds a lock for
// the whole lookup; reloads are rare (a signal, a poll, an admin call),
// never on the inference path.

#include "deploy/registry_source.h"

#include <fmt/format.h>

namespace strata::deploy {

Result<registry::ModelVersion> RegistrySource::lookup(const std::string& name,
                                                      const std::string& alias_or_version) {
  if (alias_or_version.empty()) return m_registry.latest(name);
  if (!alias_or_version.starts_with('@')) return m_registry.get(name, alias_or_version);
  std::string alias = alias_or_version.substr(1);
  auto holder = m_registry.holder(name, alias);
  if (!holder) return holder.error();
  if (!*holder)
    return Error(fmt::format("alias '{}' of model '{}' points at no version", alias, name), {},
                 fmt::format("strata model promote {} VERSION --to {}", name, alias))
        .of(ErrorKind::k_not_found);
  return m_registry.get(name, **holder);
}

Result<serve::ResolvedModel> RegistrySource::resolve(const std::string& name,
                                                     const std::string& alias_or_version) {
  MutexLock lock(m_mutex);
  auto version = lookup(name, alias_or_version);
  if (!version) return version.error();
  // Re-hashed once per digest: a poll every few seconds must not read
  // every artefact again, and registered artefacts never change.
  if (!m_verified.contains(version->artifacts_digest)) {
    if (auto st = m_registry.verify(*version); !st)
      return Error(fmt::format("model '{}' version {} is not served: {}", name, version->version,
                               st.error().message),
                   {version->artifacts_path}, "register the model again");
    m_verified.insert(version->artifacts_digest);
  }
  return serve::ResolvedModel{name, version->version, version->artifacts_path};
}

}  // namespace strata::deploy
