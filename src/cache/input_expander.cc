// Expansion is a depth-first walk over named inputs with a stack of the
// names being expanded, so a cycle is reported with its path instead of
// recursing forever. Filesets are rewritten to workspace-relative globs here,
// once per expansion, and compiled into GlobSets.

#include "cache/input_expander.h"

#include <algorithm>

#include "util/suggest.h"

namespace strata {

namespace {

constexpr std::string_view k_project_token = "{projectRoot}";
constexpr std::string_view k_workspace_token = "{workspaceRoot}";

InputSpec named_spec(InputSpec::Kind kind, std::string value, bool dependencies) {
  InputSpec s;
  s.kind = kind;
  s.value = std::move(value);
  s.dependencies = dependencies;
  return s;
}

const std::vector<InputSpec>& builtin_default() {
  static const std::vector<InputSpec> def{
      named_spec(InputSpec::Kind::k_fileset, "{projectRoot}/**/*", false)};
  return def;
}

const std::vector<InputSpec>* find_named(const Workspace& ws, const Project& p,
                                         const std::string& name) {
  if (auto it = p.named_inputs.find(name); it != p.named_inputs.end()) return &it->second;
  if (auto it = ws.config.named_inputs.find(name); it != ws.config.named_inputs.end())
    return &it->second;
  return name == "default" ? &builtin_default() : nullptr;
}

std::vector<std::string> named_input_names(const Workspace& ws, const Project& p) {
  std::vector<std::string> names{"default"};
  for (const auto& [n, _] : ws.config.named_inputs) names.push_back(n);
  for (const auto& [n, _] : p.named_inputs) names.push_back(n);
  return names;
}

class Expander {
 public:
  Expander(const Workspace& ws, const Project& p, const SourceLoc& loc)
      : m_ws(ws), m_p(p), m_loc(loc) {}

  Status add_all(const std::vector<InputSpec>& inputs, bool top_level) {
    for (const auto& in : inputs) {
      Status s = add(in, top_level);
      if (!s) return s;
    }
    return ok_status();
  }

  Status add_named(const std::string& name) {
    if (std::find(m_stack.begin(), m_stack.end(), name) != m_stack.end()) {
      std::string path;
      for (const auto& n : m_stack) path += n + " -> ";
      return Error("named input cycle: " + path + name, m_loc, "remove one of these references");
    }
    const auto* def = find_named(m_ws, m_p, name);
    if (!def) {
      std::string hint = did_you_mean(name, named_input_names(m_ws, m_p));
      return Error("unknown named input '" + name + "' in project '" + m_p.name + "'", m_loc,
                   hint.empty() ? "define it under \"namedInputs\"" : hint);
    }
    m_stack.push_back(name);
    Status s = add_all(*def, false);
    m_stack.pop_back();
    return s;
  }

  ExpandedInputs take() { return std::move(m_out); }

 private:
  Status add(const InputSpec& in, bool top_level) {
    switch (in.kind) {
      case InputSpec::Kind::k_fileset:
        // A file set of the dependencies ("^{projectRoot}/x", {"fileset",
        // "dependencies": true}) is hashed as their whole default input:
        // more than Nx hashes, never less, so a hit is never stale.
        if (in.dependencies) {
          if (!in.negated) add_dependency_input("default");
        } else {
          add_fileset(in);
        }
        break;
      case InputSpec::Kind::k_named:
        return add_named_ref(in, top_level);
      case InputSpec::Kind::k_runtime:
        m_out.runtime.push_back(in.value);
        break;
      case InputSpec::Kind::k_env:
        m_out.env.push_back(in.value);
        break;
      case InputSpec::Kind::k_external:
        m_out.externals.insert(m_out.externals.end(), in.externals.begin(), in.externals.end());
        break;
      case InputSpec::Kind::k_dependent_outputs:
        m_out.dependent_outputs.emplace_back(in.value, in.transitive);
        break;
    }
    return ok_status();
  }

  Status add_named_ref(const InputSpec& in, bool top_level) {
    if (!in.dependencies) return add_named(in.value);
    if (!top_level)
      return Error("named input '" + m_stack.back() + "' refers to '^" + in.value +
                       "'; named inputs cannot refer to dependencies",
                   m_loc, "list '^" + in.value + "' in the target's \"inputs\" instead");
    add_dependency_input(in.value);
    return ok_status();
  }

  // Each name once: hashing a dependency's input twice adds nothing.
  void add_dependency_input(const std::string& name) {
    auto& deps = m_out.dependency_inputs;
    if (std::find(deps.begin(), deps.end(), name) == deps.end()) deps.push_back(name);
  }

  void add_fileset(const InputSpec& in) {
    std::string_view v = in.value;
    bool negated = in.negated;
    if (v.starts_with('!')) {
      negated = true;
      v.remove_prefix(1);
    }
    bool workspace = v.starts_with(k_workspace_token);
    std::string glob;
    if (workspace) {
      glob = v.substr(k_workspace_token.size());
    } else if (v.starts_with(k_project_token)) {
      glob = (m_p.root == "." ? "" : m_p.root) + std::string(v.substr(k_project_token.size()));
    } else {
      glob = v;  // as Nx: matched against the project's files as written
    }
    if (glob.starts_with('/')) glob.erase(0, 1);
    if (glob.starts_with("./")) glob.erase(0, 2);
    (negated ? m_out.negations : workspace ? m_out.workspace_globs : m_out.project_globs).add(glob);
    m_out.fileset_key += (negated ? "!" : workspace ? "w:" : "p:") + glob + '\n';
  }

  const Workspace& m_ws;
  const Project& m_p;
  const SourceLoc& m_loc;
  std::vector<std::string> m_stack;
  ExpandedInputs m_out;
};

}  // namespace

std::vector<InputSpec> target_inputs(const Target& target) {
  if (target.inputs) return *target.inputs;
  return {named_spec(InputSpec::Kind::k_named, "default", false),
          named_spec(InputSpec::Kind::k_named, "default", true)};
}

Result<ExpandedInputs> expand_inputs(const Workspace& ws, const Project& project,
                                     const std::vector<InputSpec>& inputs, const SourceLoc& loc) {
  Expander e(ws, project, loc);
  Status s = e.add_all(inputs, true);
  if (!s) return s.error();
  return e.take();
}

Result<ExpandedInputs> expand_named_input(const Workspace& ws, const Project& project,
                                          const std::string& name, const SourceLoc& loc) {
  Expander e(ws, project, loc);
  Status s = e.add_named(name);
  if (!s) return s.error();
  return e.take();
}

}  // namespace strata
