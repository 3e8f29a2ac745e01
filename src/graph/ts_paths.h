#pragma once
// TypeScript path aliases ("compilerOptions.paths") from the root
// tsconfig.base.json and tsconfig.json, with targets made relative to the
// workspace root, and TypeScript's rule for picking among them.

#include <filesystem>
#include <string>
#include <string_view>
#include <vector>

#include "util/diagnostics.h"

namespace strata {

class TsPaths {
 public:
  struct Alias {
    std::string pattern;               // "@org/ui" or "@org/ui/*"
    std::vector<std::string> targets;  // relative to the workspace root, may hold one '*'
  };

  // Reads tsconfig.base.json, then tsconfig.json over it, at `root`. A
  // missing file is fine; a malformed one is reported into `diags`.
  static TsPaths load(const std::filesystem::path& root, Diagnostics& diags);
  // `text` is the JSON of a tsconfig at `dir` (relative to the workspace
  // root, "" for the root); comments and trailing commas are allowed.
  static Result<TsPaths> parse(std::string_view text, std::string_view dir,
                               const std::string& file);

  // Adds `other`'s aliases, replacing those with the same pattern.
  void merge(const TsPaths& other);
  // The targets `spec` maps to, best alias first, with '*' substituted;
  // empty when no alias matches. An exact pattern beats a wildcard, and
  // among wildcards the longest prefix wins, as in TypeScript.
  std::vector<std::string> map(std::string_view spec) const;
  bool empty() const { return m_aliases.empty(); }
  const std::vector<Alias>& aliases() const { return m_aliases; }

 private:
  std::vector<Alias> m_aliases;
};

// JSON with comments and trailing commas (tsconfig, JSONC) made plain JSON:
// comments become spaces, so offsets and line numbers stay the same.
std::string strip_jsonc(std::string_view text);

}  // namespace strata
