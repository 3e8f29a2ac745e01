#pragma once
// ModelSource: the port through which the server learns which version of a
// model to serve and where its files are. The repository adapter below
// reads a directory laid out as REPO/NAME/VERSION/strata-model.json; a
// registry adapter (aliases such as `production` kept in the registry's
// database) plugs in behind the same interface.

#include <filesystem>
#include <memory>
#include <string>

#include "util/result.h"

namespace strata::serve {

// What the server was asked to serve: `iris`, `iris@production`, `iris:3`.
struct ModelSpec {
  std::string name;
  std::string alias;    // empty: none
  std::string version;  // empty: none; at most one of alias and version is set

  // The spec as written, for messages.
  std::string str() const;
};

// Parses NAME, NAME@ALIAS or NAME:VERSION.
Result<ModelSpec> parse_model_spec(std::string_view text);

// One exported model version on disk.
struct ResolvedModel {
  std::string name;
  std::string version;
  std::filesystem::path directory;  // holds strata-model.json
};

class ModelSource {
 public:
  virtual ~ModelSource() = default;
  // The version `alias_or_version` names right now: a version ("3"), an
  // alias ("production", "@production"), or empty for the source's default
  // (the repository's latest). Called again on every reload, so an alias
  // that moved resolves to its new version.
  virtual Result<ResolvedModel> resolve(const std::string& name,
                                        const std::string& alias_or_version) = 0;
  // The spec's version or alias, in the form resolve() takes.
  static std::string selector(const ModelSpec& spec) {
    return spec.alias.empty() ? spec.version : "@" + spec.alias;
  }
};

// REPO/NAME/VERSION/strata-model.json. Versions are directory names; the
// default is the highest numeric one. Aliases come from the optional
// REPO/NAME/aliases.json, {"production": "3", ...}; `latest` is built in.
class RepositorySource : public ModelSource {
 public:
  explicit RepositorySource(std::filesystem::path root) : m_root(std::move(root)) {}
  Result<ResolvedModel> resolve(const std::string& name,
                                const std::string& alias_or_version) override;

 private:
  Result<std::string> latest(const std::string& name) const;
  Result<std::string> alias_target(const std::string& name, const std::string& alias) const;
  std::filesystem::path m_root;
};

}  // namespace strata::serve
