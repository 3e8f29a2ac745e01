// A task's inputs are gathered into a flat list of (kind, name, digest) and
// the hash is taken over that list, so what explain prints is by
// construction what the key covers. To stay fast on large graphs everything
// shared between tasks is memoised: expanded inputs per (project, target),
// file selections per (project, filesets), and for "^name" inputs one
// Merkle-style digest per (project, name) over that project's own inputs and
// its dependencies' digests, so a task records one input per direct
// dependency instead of every file of its transitive closure.

#include "cache/task_hasher.h"

#include <sys/utsname.h>

#include <algorithm>
#include <cstdlib>
#include <set>

#include "cache/output_files.h"
#include "cache/output_paths.h"
#include "cache/runtime_input.h"
#include "tasks/command.h"
#include "util/fs.h"
#include "util/glob.h"

namespace strata {

namespace {

constexpr size_t k_max_shown_value = 400;

const char* const k_lockfiles[] = {
    "Cargo.lock", "Pipfile.lock",   "bun.lock",    "bun.lockb", "package-lock.json",
    "pdm.lock",   "pnpm-lock.yaml", "poetry.lock", "uv.lock",   "yarn.lock"};

HashInput value_input(InputKind kind, std::string name, std::string value) {
  Digest d = value_digest(kind, value);
  if (value.size() > k_max_shown_value) value.clear();
  return HashInput{kind, std::move(name), d, std::move(value)};
}

// Environment values may be secrets: the options input keeps each one as
// its digest, so explain and run records show that it changed, never what
// it is. (Nx's run-commands keeps them under "env".)
void redact_env(nlohmann::json& options) {
  auto env = options.find("env");
  if (env == options.end() || !env->is_object()) return;
  for (auto& [name, value] : env->items()) {
    std::string text = value.is_string() ? value.get<std::string>() : value.dump();
    value = "digest:" + value_digest(InputKind::k_env, text).hex();
  }
}

void replace_all(std::string& s, const std::string& from, std::string_view to) {
  if (from.empty()) return;
  for (size_t at = s.find(from); at != std::string::npos; at = s.find(from, at + to.size()))
    s.replace(at, from.size(), to);
}

const std::vector<HashInput>& platform_inputs() {
  static const std::vector<HashInput> inputs = [] {
    struct utsname u{};
    ::uname(&u);
    return std::vector<HashInput>{value_input(InputKind::k_platform, "arch", u.machine),
                                  value_input(InputKind::k_platform, "os", u.sysname)};
  }();
  return inputs;
}

std::string key(std::string_view a, std::string_view b) {
  std::string k(a);
  k += '\0';
  k += b;
  return k;
}

// Sorted, unique union of `files` minus `negations`.
void finish_selection(std::vector<const std::string*>& files, const GlobSet& negations) {
  std::sort(files.begin(), files.end(), [](auto* a, auto* b) { return *a < *b; });
  files.erase(std::unique(files.begin(), files.end(), [](auto* a, auto* b) { return *a == *b; }),
              files.end());
  if (!negations.empty())
    std::erase_if(files, [&](const std::string* f) { return negations.matches(*f); });
}

}  // namespace

TaskHasher::TaskHasher(const Workspace& ws, const ProjectGraph& graph, const FileIndex& files,
                       FileHasher& file_hasher)
    : m_ws(ws), m_graph(graph), m_files(files), m_file_hasher(file_hasher) {
  m_env = [](const std::string& name) -> std::optional<std::string> {
    const char* v = std::getenv(name.c_str());
    return v ? std::optional<std::string>(v) : std::nullopt;
  };
}

TaskHasher::~TaskHasher() = default;

Result<const ExpandedInputs*> TaskHasher::expanded(const Project& p, const Target& t) {
  auto& slot = m_expanded[key(p.name, t.name)];
  if (!slot) {
    auto e = expand_inputs(m_ws, p, target_inputs(t), t.loc);
    if (!e) return e.error();
    slot = std::make_unique<ExpandedInputs>(std::move(*e));
  }
  return slot.get();
}

Result<const ExpandedInputs*> TaskHasher::expanded_named(const Project& p, const std::string& name,
                                                         const SourceLoc& loc) {
  auto& slot = m_expanded[key(p.name, "^" + name)];
  if (!slot) {
    auto e = expand_named_input(m_ws, p, name, loc);
    if (!e) return e.error();
    slot = std::make_unique<ExpandedInputs>(std::move(*e));
  }
  return slot.get();
}

const std::vector<const std::string*>& TaskHasher::select_files(const Project& p,
                                                                const ExpandedInputs& in) {
  auto [it, fresh] = m_selections.try_emplace(key(p.name, in.fileset_key));
  if (!fresh) return it->second;
  auto& out = it->second;
  const auto& own = m_files.project_files(p.name);
  if (in.project_globs.empty() && in.workspace_globs.empty() && !in.negations.empty())
    for (const auto& f : own) out.push_back(&f);  // only negations: all project files, as Nx
  in.project_globs.select(own, out);
  in.workspace_globs.select(m_files.files(), out);
  finish_selection(out, in.negations);
  return out;
}

Result<Digest> TaskHasher::file_digest(const std::string* path) {
  // Keyed by the FileIndex's string, which outlives this hasher: a file
  // shared by many tasks' inputs costs one stat per run, not one per task.
  if (auto it = m_digests.find(path); it != m_digests.end()) return it->second;
  auto d = m_file_hasher.hash(*path);
  if (d) m_digests.emplace(path, *d);
  return d;
}

Result<std::string> TaskHasher::runtime_output(const std::string& command, const SourceLoc& loc) {
  auto it = m_runtime.find(command);
  if (it == m_runtime.end())
    it = m_runtime.emplace(command, run_runtime_input(m_ws.root, command, loc)).first;
  return it->second;
}

HashInput TaskHasher::env_input(const std::string& name) {
  auto v = m_env(name);
  // An unset variable and an empty one must not collide.
  Digest d = v ? value_digest(InputKind::k_env, *v) : Hasher().add("env-unset", name).finish();
  return HashInput{InputKind::k_env, name, d, v ? "" : "(unset)"};
}

Digest TaskHasher::lockfiles_digest() {
  if (m_lockfiles) return *m_lockfiles;
  Hasher h;
  const auto& all = m_files.files();
  for (const char* name : k_lockfiles) {
    if (!std::binary_search(all.begin(), all.end(), std::string(name))) continue;
    auto d = m_file_hasher.hash(name);
    h.add("lockfile", name).add("digest", d ? *d : Digest{});
  }
  m_lockfiles = h.finish();
  return *m_lockfiles;
}

Status TaskHasher::add_self_inputs(const Project& p, const ExpandedInputs& in, const SourceLoc& loc,
                                   std::vector<HashInput>& out) {
  // Pushed in kind order, so normalise_inputs seldom has to sort.
  for (const auto& name : in.env) out.push_back(env_input(name));
  for (const auto& cmd : in.runtime) {
    auto r = runtime_output(cmd, loc);
    if (!r) return r.error();
    out.push_back(value_input(InputKind::k_runtime, cmd, *r));
  }
  const auto& files = select_files(p, in);
  out.reserve(out.size() + files.size());
  for (const std::string* f : files) {
    auto d = file_digest(f);
    if (!d) return d.error();
    out.push_back(HashInput{InputKind::k_file, *f, *d, {}});
  }
  return ok_status();
}

void TaskHasher::add_externals(const ExpandedInputs& in, std::vector<HashInput>& out) {
  for (const auto& ext : in.externals)
    out.push_back(HashInput{InputKind::k_external, ext, lockfiles_digest(), {}});
}

const GraphCycles& TaskHasher::cycles() {
  if (!m_cycles) m_cycles = find_cycles(m_graph);
  return *m_cycles;
}

// A project in a cycle has the same closure as every other project of that
// cycle: their own inputs together, plus the closures of their dependencies
// outside it. Cycles joined into one node this way form an acyclic graph,
// so the recursion ends; a project outside cycles is its own member.
Result<Digest> TaskHasher::closure_digest(const std::string& project, const std::string& name,
                                          const SourceLoc& loc) {
  std::string k = key(project, name);
  if (auto it = m_closures.find(k); it != m_closures.end()) return it->second;
  std::vector<std::string> members{project};
  if (const ProjectCycle* c = cycles().find(project)) members = c->projects;
  std::vector<HashInput> inputs;
  Status s = ok_status();
  for (const auto& m : members) {
    const Project* p = m_ws.find(m);
    auto in = p ? expanded_named(*p, name, loc)
                : Result<const ExpandedInputs*>(Error("unknown project '" + m + "'"));
    if (!in) {
      s = in.error();
      break;
    }
    if (s) s = add_self_inputs(*p, **in, loc, inputs);
    add_externals(**in, inputs);
  }
  for (const auto& m : members)
    for (const auto& dep : m_graph.dependencies_of(m)) {
      if (!s || !m_ws.find(dep) || cycles().is_cycle_edge(m, dep)) continue;
      auto d = closure_digest(dep, name, loc);
      if (!d)
        s = d.error();
      else
        inputs.push_back(HashInput{InputKind::k_dependency_inputs, key(dep, name), *d, {}});
    }
  if (s) normalise_inputs(inputs);
  Result<Digest> result = s ? Result<Digest>(combine_inputs(inputs)) : Result<Digest>(s.error());
  for (const auto& m : members) m_closures.insert_or_assign(key(m, name), result);
  return result;
}

Status TaskHasher::add_dependency_inputs(const Project& p, const ExpandedInputs& in,
                                         const SourceLoc& loc, std::vector<HashInput>& out) {
  for (const auto& name : in.dependency_inputs) {
    for (const auto& dep : m_graph.dependencies_of(p.name)) {
      if (!m_ws.find(dep)) continue;
      auto d = closure_digest(dep, name, loc);
      if (!d) return d.error();
      out.push_back(HashInput{InputKind::k_dependency_inputs, dep + ":" + name, *d, {}});
    }
  }
  return ok_status();
}

Status TaskHasher::add_dependent_outputs(const TaskGraph& graph, size_t index,
                                         const ExpandedInputs& in, std::vector<HashInput>& out) {
  for (const auto& [glob, transitive] : in.dependent_outputs) {
    std::vector<size_t> todo = graph.tasks[index].deps, seen;
    while (!todo.empty()) {
      size_t d = todo.back();
      todo.pop_back();
      if (std::find(seen.begin(), seen.end(), d) != seen.end()) continue;
      seen.push_back(d);
      const Task& dt = graph.tasks[d];
      if (transitive) todo.insert(todo.end(), dt.deps.begin(), dt.deps.end());
      const Project* p = m_ws.find(dt.project);
      const Target& t = p->targets.at(dt.target);
      auto outputs = resolve_outputs(m_ws.root, *p, t, effective_options(t, dt.configuration));
      if (!outputs) return outputs.error();
      auto files = list_output_files(m_ws.root, *outputs);
      if (!files) return files.error();
      for (const auto& f : *files) {
        if (!glob_match(glob, f)) continue;
        auto content = read_file(m_ws.root / f);
        if (!content) return content.error();
        out.push_back(HashInput{InputKind::k_dependent_output, f, hash_bytes(*content), {}});
      }
    }
  }
  return ok_status();
}

void TaskHasher::add_globals(std::vector<HashInput>& out) {
  if (!m_globals) {
    GlobSet globs;
    for (const auto& g : m_ws.config.global_files) globs.add(g);
    std::vector<const std::string*> files;
    globs.select(m_files.files(), files);
    finish_selection(files, GlobSet());
    m_globals.emplace();
    for (const std::string* f : files) {
      auto d = m_file_hasher.hash(*f);
      m_globals->push_back(HashInput{InputKind::k_global, *f, d ? *d : Digest{}, {}});
    }
  }
  out.insert(out.end(), m_globals->begin(), m_globals->end());
}

Status TaskHasher::add_own_inputs(const Project& p, const Target& t, const Task& task,
                                  std::vector<HashInput>& out) {
  std::string root = m_ws.root.string();
  out.push_back(value_input(InputKind::k_executor, "executor", t.executor));
  // An Nx executor is keyed by what Nx is asked to run (executor, options,
  // configuration, arguments), not by where Nx is installed, so its key and
  // `strata explain` need no Nx; running it does (tasks/command.cc).
  if (runs_through_nx(t)) {
    out.push_back(value_input(InputKind::k_command, "nx run", task.id));
  } else if (Status s = add_command_inputs(task, out); !s) {
    return s;
  }
  nlohmann::json effective = effective_options(t, task.configuration);
  redact_env(effective);
  std::string options = effective.dump();
  replace_all(options, root, "{workspaceRoot}");
  out.push_back(value_input(InputKind::k_options, "options", options));
  out.push_back(value_input(InputKind::k_configuration, "configuration", task.configuration));
  out.push_back(value_input(InputKind::k_args, "args", nlohmann::json(task.args).dump()));
  out.push_back(value_input(InputKind::k_outputs, "outputs", nlohmann::json(t.outputs).dump()));
  return ok_status();
}

Status TaskHasher::add_command_inputs(const Task& task, std::vector<HashInput>& out) {
  auto cmd = resolve_command(m_ws, task);
  if (!cmd) return cmd.error();
  std::string root = m_ws.root.string();
  for (size_t i = 0; i < cmd->commands.size(); ++i) {
    std::string c = cmd->commands[i];
    replace_all(c, root, "{workspaceRoot}");  // keys must not depend on the checkout's location
    out.push_back(value_input(InputKind::k_command, "commands[" + std::to_string(i) + "]", c));
  }
  if (!cmd->env.empty()) {
    // Values may be secrets (envFile): recorded by digest only.
    Hasher env;
    for (const auto& [k, v] : cmd->env) env.add("name", k).add("value", v);
    out.push_back(HashInput{InputKind::k_command, "env", env.finish(), {}});
  }
  std::string cwd = relative_to(cmd->cwd, m_ws.root);
  out.push_back(value_input(InputKind::k_cwd, "cwd", cwd.empty() ? cmd->cwd : cwd));
  return ok_status();
}

Status TaskHasher::add_task_inputs(const TaskGraph& graph, size_t index,
                                   const std::vector<Digest>& task_hashes,
                                   std::vector<HashInput>& out) {
  const Task& task = graph.tasks[index];
  const Project* p = m_ws.find(task.project);
  if (!p) return m_ws.unknown_project(task.project);
  auto t = p->targets.find(task.target);
  if (t == p->targets.end())
    return Error("project '" + p->name + "' has no target '" + task.target + "'");
  auto in = expanded(*p, t->second);
  if (!in) return in.error();
  out.push_back(
      value_input(InputKind::k_format, "strata-task-hash", std::to_string(k_task_hash_version)));
  out.insert(out.end(), platform_inputs().begin(), platform_inputs().end());
  Status s = add_own_inputs(*p, t->second, task, out);
  if (s) s = add_self_inputs(*p, **in, t->second.loc, out);
  if (s) s = add_dependency_inputs(*p, **in, t->second.loc, out);
  add_externals(**in, out);
  if (s) s = add_dependent_outputs(graph, index, **in, out);
  if (!s) return s;
  add_globals(out);
  for (size_t d : task.deps)
    out.push_back(HashInput{InputKind::k_task, graph.tasks[d].id, task_hashes.at(d), {}});
  return ok_status();
}

Result<TaskHash> TaskHasher::hash(const TaskGraph& graph, size_t index,
                                  const std::vector<Digest>& task_hashes) {
  TaskHash h;
  Status s = add_task_inputs(graph, index, task_hashes, h.inputs);
  if (!s) return s.error();
  normalise_inputs(h.inputs);
  h.digest = combine_inputs(h.inputs);
  return h;
}

Status TaskHasher::visit_inputs(
    const TaskGraph& graph,
    const std::function<bool(const Project&, const ExpandedInputs&)>& visit) {
  std::set<std::string> visited;  // "project\0name" already visited
  for (const auto& task : graph.tasks) {
    const Project* p = m_ws.find(task.project);
    if (!p || !p->targets.count(task.target)) continue;
    auto t = p->targets.find(task.target);
    auto in = expanded(*p, t->second);
    if (!in) return in.error();
    if (!visit(*p, **in)) return ok_status();
    for (const auto& name : (*in)->dependency_inputs) {
      std::vector<std::string> todo = m_graph.dependencies_of(p->name);
      while (!todo.empty()) {
        std::string dep = std::move(todo.back());
        todo.pop_back();
        const Project* dp = m_ws.find(dep);
        std::string k = key(dep, name);
        if (!dp || !visited.insert(k).second) continue;
        auto din = expanded_named(*dp, name, t->second.loc);
        if (!din) return din.error();
        if (!visit(*dp, **din)) return ok_status();
        for (auto& next : m_graph.dependencies_of(dep)) todo.push_back(std::move(next));
      }
    }
  }
  return ok_status();
}

Result<std::vector<std::string>> TaskHasher::input_files(const TaskGraph& graph) {
  std::vector<const std::string*> all;
  Status s = visit_inputs(graph, [&](const Project& p, const ExpandedInputs& in) {
    const auto& files = select_files(p, in);
    all.insert(all.end(), files.begin(), files.end());
    return true;
  });
  if (!s) return s.error();
  finish_selection(all, GlobSet());
  std::vector<std::string> out;
  out.reserve(all.size());
  for (const std::string* f : all) out.push_back(*f);
  return out;
}

bool TaskHasher::hashes_ahead(const TaskGraph& graph) {
  bool free = true;
  Status s = visit_inputs(graph, [&](const Project&, const ExpandedInputs& in) {
    free = in.runtime.empty() && in.dependent_outputs.empty();
    return free;
  });
  return s && free;
}

Result<std::vector<TaskHash>> TaskHasher::hash_all(const TaskGraph& graph) {
  auto files = input_files(graph);
  if (!files) return files.error();
  m_file_hasher.prefetch(*files);
  std::vector<TaskHash> out;
  std::vector<Digest> digests(graph.tasks.size());
  out.reserve(graph.tasks.size());
  for (size_t i = 0; i < graph.tasks.size(); ++i) {
    auto h = hash(graph, i, digests);
    if (!h)
      return Error(graph.tasks[i].id + ": " + h.error().message, h.error().loc, h.error().hint);
    digests[i] = h->digest;
    out.push_back(std::move(*h));
  }
  return out;
}

}  // namespace strata
