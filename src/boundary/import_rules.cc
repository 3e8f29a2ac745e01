// Messages name the rule in the words of the config that set it, and every
// hint says what to import instead or where the code belongs. Like Nx, a
// dependency breaks at most one depConstraints rule per constraint.

#include "boundary/import_rules.h"

#include <algorithm>
#include <deque>

#include "graph/declared_deps.h"

namespace strata {

namespace {

std::string join(const std::vector<std::string>& items, const char* sep = ", ") {
  std::string s;
  for (const auto& i : items) s += (s.empty() ? "" : sep) + i;
  return s;
}

std::string quoted(const std::vector<std::string>& tags) {
  std::string s;
  for (const auto& t : tags) s += (s.empty() ? "\"" : ", \"") + t + "\"";
  return s.empty() ? "(none)" : s;
}

bool contains(const std::vector<std::string>& v, const std::string& s) {
  return std::find(v.begin(), v.end(), s) != v.end();
}

// An external import matches a pattern by its package or its full text, so
// "fastapi" bans "fastapi.routing" and "@angular/*" bans "@angular/core".
bool external_matches(const std::string& pattern, const ImportFact& f) {
  return name_matches(pattern, f.external) || name_matches(pattern, f.spec);
}

bool constraint_applies(const DepConstraint& c, const std::vector<std::string>& tags) {
  if (c.combo)
    return std::all_of(c.source_tags.begin(), c.source_tags.end(),
                       [&](const std::string& t) { return has_tag(tags, t); });
  return has_tag(tags, c.source_tags.front());
}

bool any_tag(const std::vector<std::string>& tags, const std::vector<std::string>& patterns) {
  return std::any_of(patterns.begin(), patterns.end(),
                     [&](const std::string& p) { return has_tag(tags, p); });
}

}  // namespace

ImportRules::ImportRules(const Workspace& ws, const BoundaryRules& rules,
                         const std::vector<std::vector<int>>& deps)
    : m_ws(ws), m_rules(rules), m_deps(deps), m_info(ws.projects.size()) {
  for (size_t i = 0; i < ws.projects.size(); ++i) {
    const auto& tags = ws.projects[i].tags;
    m_info[i].context = tag_value(tags, "context");
    m_info[i].layer = tag_value(tags, "layer");
    if (!m_info[i].context.empty()) m_by_context[m_info[i].context].push_back(static_cast<int>(i));
    for (size_t c = 0; c < rules.dep_constraints.size(); ++c)
      if (constraint_applies(rules.dep_constraints[c], tags)) m_info[i].constraints.push_back(c);
  }
}

void ImportRules::check(const ImportFact& f, std::vector<Violation>& out) const {
  if (f.to >= 0) {
    check_layers(f, out);
    check_constraints(f, out);
  } else {
    check_banned_external(f, out);
    check_external_constraints(f, out);
  }
}

Violation ImportRules::make(const ImportFact& f, BoundaryRule rule, std::string message,
                            std::string hint) const {
  Violation v;
  v.rule = rule;
  v.file = std::string(f.file);
  v.line = f.line;
  v.importer = name(f.from);
  v.imported = f.to >= 0 ? name(f.to) : f.external;
  v.spec = std::string(f.spec);
  v.message = std::move(message);
  v.hint = std::move(hint);
  return v;
}

std::string ImportRules::allowed_text(const std::string& layer) const {
  auto it = m_rules.layers.find(layer);
  return it == m_rules.layers.end() || it->second.empty() ? "nothing" : join(it->second);
}

void ImportRules::check_layers(const ImportFact& f, std::vector<Violation>& out) const {
  const ProjectInfo& src = m_info[f.from];
  const ProjectInfo& dst = m_info[f.to];
  if (src.context.empty() || dst.context.empty()) return;
  if (src.context == dst.context)
    check_same_context(f, out);
  else
    check_other_context(f, out);
}

bool ImportRules::layer_allows(const std::string& from, const std::string& to) const {
  auto it = m_rules.layers.find(from);
  return from.empty() || it == m_rules.layers.end() || contains(it->second, to);
}

void ImportRules::check_same_context(const ImportFact& f, std::vector<Violation>& out) const {
  const std::string& from = m_info[f.from].layer;
  const std::string& to = m_info[f.to].layer;
  if (to.empty() || to == from || layer_allows(from, to)) return;
  out.push_back(make(
      f, BoundaryRule::k_layer,
      "layer rule: " + from + " may not import " + to + " (allowed: " + allowed_text(from) + ")",
      "move this code into a layer that may use " + to + ", or have " + to +
          " implement an interface that " + from + " declares"));
}

void ImportRules::check_other_context(const ImportFact& f, std::vector<Violation>& out) const {
  const ProjectInfo& src = m_info[f.from];
  const ProjectInfo& dst = m_info[f.to];
  const std::string& pub = m_rules.public_layer;
  if (dst.layer != pub) {
    std::string hint =
        "import what " + src.context + " needs from " + dst.context + "'s " + pub + " layer";
    if (auto it = m_by_context.find(dst.context); it != m_by_context.end())
      for (int p : it->second)
        if (m_info[p].layer == pub) hint += " (" + name(p) + ")";
    out.push_back(make(f, BoundaryRule::k_public_layer,
                       "context rule: context " + src.context + " may import context " +
                           dst.context + " only through its " + pub + " layer, not " +
                           (dst.layer.empty() ? "an untagged project" : dst.layer),
                       hint + ", or expose it there"));
  } else if (!layer_allows(src.layer, pub)) {
    out.push_back(
        make(f, BoundaryRule::k_layer,
             "layer rule: " + src.layer + " may not import another context's " + pub +
                 " (allowed: " + allowed_text(src.layer) + ")",
             "call " + dst.context + " from the application or infrastructure layer instead"));
  }
}

void ImportRules::check_banned_external(const ImportFact& f, std::vector<Violation>& out) const {
  const std::string& layer = m_info[f.from].layer;
  auto it = m_rules.banned_externals.find(layer);
  if (layer.empty() || it == m_rules.banned_externals.end()) return;
  for (const auto& pattern : it->second) {
    if (!external_matches(pattern, f)) continue;
    out.push_back(make(f, BoundaryRule::k_banned_external,
                       "banned external: " + layer + " must not import " + f.external +
                           (pattern == f.external ? "" : " (banned by \"" + pattern + "\")"),
                       "keep frameworks and I/O out of " + layer + ": use " + f.external +
                           " in infrastructure behind an interface " + layer + " declares"));
    return;
  }
}

void ImportRules::check_constraints(const ImportFact& f, std::vector<Violation>& out) const {
  if (m_rules.dep_constraints.empty()) return;
  const ProjectInfo& src = m_info[f.from];
  const auto& target_tags = m_ws.projects[f.to].tags;
  if (src.constraints.empty()) {
    out.push_back(
        make(f, BoundaryRule::k_no_constraint,
             "tag constraint: a project without tags matching at least one constraint cannot "
             "depend on any project (tags of " +
                 name(f.from) + ": " + quoted(m_ws.projects[f.from].tags) + ")",
             "tag the project, or add {\"sourceTag\": \"*\", \"onlyDependOnLibsWithTags\": "
             "[\"*\"]} to boundaries.depConstraints"));
    return;
  }
  for (size_t c : src.constraints) {
    const DepConstraint& dc = m_rules.dep_constraints[c];
    if (dc.only_tags && !any_tag(target_tags, *dc.only_tags)) {
      out.push_back(make(f, BoundaryRule::k_only_tags,
                         "tag constraint: projects tagged " + dc.source_label() +
                             " may only depend on projects tagged " + quoted(*dc.only_tags),
                         name(f.to) + " has tags " + quoted(target_tags) + " (constraint at " +
                             dc.loc.str() + ")"));
      continue;
    }
    std::vector<int> path;
    if (!dc.not_tags.empty() && not_tags_path(c, f.to, path)) {
      std::vector<std::string> names;
      for (int p : path) names.push_back(name(p));
      std::string via = path.size() > 1 ? " (via " + join(names, " → ") + ")" : "";
      out.push_back(make(f, BoundaryRule::k_not_tags,
                         "tag constraint: projects tagged " + dc.source_label() +
                             " must not depend on projects tagged " + quoted(dc.not_tags) + via,
                         name(path.back()) + " has tags " +
                             quoted(m_ws.projects[path.back()].tags) + " (constraint at " +
                             dc.loc.str() + ")"));
    }
  }
}

// Breadth-first from `target` (itself included) to the nearest project that
// carries one of the constraint's banned tags: the shortest path to show.
bool ImportRules::not_tags_path(size_t c, int target, std::vector<int>& path) const {
  auto [it, fresh] = m_not_tags_memo.try_emplace({c, target});
  if (fresh) {
    const auto& banned = m_rules.dep_constraints[c].not_tags;
    std::vector<int> parent(m_ws.projects.size(), -2);
    std::deque<int> queue{target};
    parent[target] = -1;
    while (!queue.empty()) {
      int p = queue.front();
      queue.pop_front();
      if (any_tag(m_ws.projects[p].tags, banned)) {
        std::vector<int> found;
        for (int q = p; q != -1; q = parent[q]) found.push_back(q);
        std::reverse(found.begin(), found.end());
        it->second = std::move(found);
        break;
      }
      if (static_cast<size_t>(p) < m_deps.size())
        for (int d : m_deps[p])
          if (parent[d] == -2) parent[d] = p, queue.push_back(d);
    }
  }
  if (!it->second) return false;
  path = *it->second;
  return true;
}

void ImportRules::check_external_constraints(const ImportFact& f,
                                             std::vector<Violation>& out) const {
  for (size_t c : m_info[f.from].constraints) {
    const DepConstraint& dc = m_rules.dep_constraints[c];
    auto banned = std::find_if(dc.banned_externals.begin(), dc.banned_externals.end(),
                               [&](const std::string& p) { return external_matches(p, f); });
    bool not_allowed = dc.allowed_externals &&
                       std::none_of(dc.allowed_externals->begin(), dc.allowed_externals->end(),
                                    [&](const std::string& p) { return external_matches(p, f); });
    if (banned == dc.banned_externals.end() && !not_allowed) continue;
    std::string why = banned != dc.banned_externals.end()
                          ? "imports of \"" + *banned + "\" are banned"
                          : "only " + quoted(*dc.allowed_externals) + " are allowed";
    out.push_back(make(f, BoundaryRule::k_banned_import,
                       "tag constraint: projects tagged " + dc.source_label() + " may not import " +
                           f.external + ": " + why,
                       "move the use of " + f.external + " to a project the constraint at " +
                           dc.loc.str() + " allows it in"));
    return;
  }
}

}  // namespace strata
