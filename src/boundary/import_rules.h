#pragma once
// The rules judged one import at a time: layers within a context, the
// public layer between contexts, banned externals, and Nx's depConstraints.
// notDependOnLibsWithTags is transitive, as in Nx, so the checker is given
// the project dependency lists to search.

#include <map>
#include <optional>
#include <utility>
#include <vector>

#include "boundary/import_facts.h"
#include "boundary/rules.h"
#include "boundary/violation.h"
#include "model/workspace.h"

namespace strata {

class ImportRules {
 public:
  // `deps[i]`: projects project i depends on (sorted); may cover only the
  // projects being checked, which limits the transitive search to them.
  ImportRules(const Workspace& ws, const BoundaryRules& rules,
              const std::vector<std::vector<int>>& deps);

  // Appends every rule `f` breaks to `out`.
  void check(const ImportFact& f, std::vector<Violation>& out) const;

 private:
  struct ProjectInfo {
    std::string context, layer;
    std::vector<size_t> constraints;  // indices of the depConstraints that apply
  };

  void check_layers(const ImportFact& f, std::vector<Violation>& out) const;
  void check_same_context(const ImportFact& f, std::vector<Violation>& out) const;
  void check_other_context(const ImportFact& f, std::vector<Violation>& out) const;
  // Whether layer `from` may import layer `to`; layers without rules may.
  bool layer_allows(const std::string& from, const std::string& to) const;
  void check_banned_external(const ImportFact& f, std::vector<Violation>& out) const;
  void check_constraints(const ImportFact& f, std::vector<Violation>& out) const;
  void check_external_constraints(const ImportFact& f, std::vector<Violation>& out) const;
  bool not_tags_path(size_t c, int target, std::vector<int>& path) const;
  Violation make(const ImportFact& f, BoundaryRule rule, std::string message,
                 std::string hint) const;
  std::string allowed_text(const std::string& layer) const;
  const std::string& name(int project) const { return m_ws.projects[project].name; }

  const Workspace& m_ws;
  const BoundaryRules& m_rules;
  const std::vector<std::vector<int>>& m_deps;
  std::vector<ProjectInfo> m_info;
  std::map<std::string, std::vector<int>> m_by_context;  // context -> its projects
  // (constraint, target) -> path to a project with a banned tag, if any;
  // filled lazily, so check() is for one thread at a time
  mutable std::map<std::pair<size_t, int>, std::optional<std::vector<int>>> m_not_tags_memo;
};

}  // namespace strata
