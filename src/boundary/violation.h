#pragma once
// One broken boundary rule, located at the import that breaks it.

#include <compare>
#include <cstdint>
#include <string>
#include <vector>

namespace strata {

enum class BoundaryRule : uint8_t {
  k_layer,            // a layer imports a layer its rules do not allow
  k_public_layer,     // a context imports another context past its public layer
  k_banned_external,  // a layer imports a banned external package (bannedExternals)
  k_only_tags,        // depConstraints onlyDependOnLibsWithTags
  k_not_tags,         // depConstraints notDependOnLibsWithTags (also transitively)
  k_no_constraint,    // depConstraints given, but none matches the importing project
  k_banned_import,    // depConstraints bannedExternalImports / allowedExternalImports
  k_project_cycle,    // projects depend on each other in a cycle
  k_context_cycle,    // contexts depend on each other in a cycle
};

// "layer", "public-layer", "banned-external", "only-tags", "not-tags",
// "no-constraint", "banned-import", "project-cycle", "context-cycle".
const char* boundary_rule_name(BoundaryRule r);
bool parse_boundary_rule(std::string_view name, BoundaryRule& out);

// One edge of a cycle, with the import (or declaration) that makes it.
struct CycleEdge {
  std::string from, to;
  std::string file;
  uint32_t line = 0;  // 0: a declared dependency, `file` is the config file
};

struct Violation {
  BoundaryRule rule = BoundaryRule::k_layer;
  std::string file;  // relative to the workspace root
  uint32_t line = 0;
  std::string importer;  // project (context, for context cycles)
  std::string imported;  // project, external package, or context
  std::string spec;      // the import as written, "" for cycles
  std::string message;   // which rule is broken, in words
  std::string hint;
  std::vector<CycleEdge> cycle;  // cycles only: every edge, first to last
  bool frozen = false;           // matched by the baseline

  // What the baseline stores: rule, file, importer, imported — no line, so
  // edits above an import do not un-freeze it. A cycle has no file and is
  // keyed by its path ("a → b → a" as `imported`).
  struct Key {
    std::string rule, file, importer, imported;
    auto operator<=>(const Key&) const = default;
  };
  Key key() const;
};

// "a → b → c → a" for a cycle's edges.
std::string cycle_path(const std::vector<CycleEdge>& cycle);

}  // namespace strata
