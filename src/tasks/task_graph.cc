// Builds the task graph with a work list rather than recursion (a ^build
// chain through 10,000 projects must not exhaust the stack): each task is
// created once, keyed by id, and its dependsOn entries are resolved when it
// is taken from the list. The finished graph is ordered by a depth-first
// post-order from the requested tasks, which is deterministic, puts
// dependencies first, and finds cycles on the way.
//
// A cycle among the tasks to run is an error naming it. With
// ignore_cycles it is broken first, the same way whichever of its tasks was
// asked for: inside each strongly connected set of tasks, a depth-first
// walk starts at the task whose id sorts first and takes dependencies in
// id order; every dependency that leads back to a task on the walk's
// current path is dropped. So in a cycle a:build -> b:build -> a:build,
// b:build no longer waits for a:build, and b:build runs first.
//
// Task ids are "project:target", plus ":configuration" only when the
// configuration in effect is not the target's default one, so the id of a
// plain run never changes when a target gains a defaultConfiguration.

#include "tasks/task_graph.h"

#include <algorithm>
#include <deque>
#include <set>

#include "graph/cycles.h"
#include "util/glob.h"
#include "util/suggest.h"

namespace strata {

namespace {

std::vector<std::string> matching_targets(const Project& p, const std::string& pattern) {
  std::vector<std::string> out;
  if (!is_glob(pattern)) {
    if (p.targets.count(pattern)) out.push_back(pattern);
    return out;
  }
  for (const auto& [name, t] : p.targets)
    if (glob_match(pattern, name)) out.push_back(name);
  return out;
}

class Builder {
 public:
  Builder(const Workspace& ws, const ProjectGraph& graph) : m_ws(ws), m_graph(graph) {}

  // The index of the task, created (and queued) if new.
  size_t add(const Project& p, const std::string& target, const std::string& parent_config,
             const std::vector<std::string>& args) {
    const Target& t = p.targets.at(target);
    std::string config =
        t.configurations.count(parent_config) ? parent_config : t.default_configuration;
    std::string id = p.name + ":" + target;
    if (!config.empty() && config != t.default_configuration) id += ":" + config;
    auto [it, inserted] = m_index.emplace(id, m_tasks.size());
    if (!inserted) return it->second;
    m_tasks.push_back(Task{id, p.name, target, config, args, {}});
    m_queue.push_back(it->second);
    return it->second;
  }

  Status expand() {
    while (!m_queue.empty()) {
      size_t i = m_queue.front();
      m_queue.pop_front();
      if (auto s = expand_task(i); !s) return s;
    }
    return ok_status();
  }

  Result<TaskGraph> finish(const std::vector<size_t>& requested);
  std::vector<std::pair<std::string, std::string>> break_cycles();

 private:
  void break_cycle(std::vector<size_t> members, const std::vector<size_t>& component,
                   std::vector<std::pair<size_t, size_t>>& dropped) const;
  bool id_less(size_t a, size_t b) const { return m_tasks[a].id < m_tasks[b].id; }
  Status expand_task(size_t i);
  void add_deps_of(size_t i, const Project& p, const DependsOn& d);
  void through_dependencies(size_t i, const std::string& project, const DependsOn& d,
                            std::set<std::string>& seen);
  Status add_from_projects(size_t i, const Target& target, const DependsOn& d);
  void link(size_t from, const Project& p, const std::string& target, bool forward) {
    const Task& parent = m_tasks[from];
    std::vector<std::string> args = forward ? parent.args : std::vector<std::string>{};
    size_t dep = add(p, target, parent.configuration, args);
    auto& deps = m_tasks[from].deps;
    if (std::find(deps.begin(), deps.end(), dep) == deps.end()) deps.push_back(dep);
  }

  const Workspace& m_ws;
  const ProjectGraph& m_graph;
  std::vector<Task> m_tasks;
  std::map<std::string, size_t> m_index;
  std::deque<size_t> m_queue;
};

Status Builder::expand_task(size_t i) {
  const Project& p = *m_ws.find(m_tasks[i].project);
  const Target& target = p.targets.at(m_tasks[i].target);
  for (const auto& d : target.depends_on) {
    if (!d.projects.empty()) {
      if (auto s = add_from_projects(i, target, d); !s) return s;
    } else if (d.dependencies) {
      std::set<std::string> seen;
      through_dependencies(i, p.name, d, seen);
    } else {
      add_deps_of(i, p, d);
    }
  }
  return ok_status();
}

// Same-project dependency; a glob never matches the target itself.
void Builder::add_deps_of(size_t i, const Project& p, const DependsOn& d) {
  for (const auto& name : matching_targets(p, d.target)) {
    if (is_glob(d.target) && name == m_tasks[i].target) continue;
    link(i, p, name, d.forward_params);
  }
}

// "^target": the target in each direct dependency; a dependency without it
// is passed through to its own dependencies, as Nx does.
void Builder::through_dependencies(size_t i, const std::string& project, const DependsOn& d,
                                   std::set<std::string>& seen) {
  auto it = m_graph.dependencies.find(project);
  if (it == m_graph.dependencies.end()) return;
  for (const auto& edge : it->second) {
    if (!seen.insert(edge.target).second) continue;
    const Project* dep = m_ws.find(edge.target);
    if (!dep) continue;
    auto names = matching_targets(*dep, d.target);
    if (names.empty()) {
      through_dependencies(i, dep->name, d, seen);
      continue;
    }
    for (const auto& name : names) link(i, *dep, name, d.forward_params);
  }
}

Status Builder::add_from_projects(size_t i, const Target& target, const DependsOn& d) {
  for (const auto& pattern : d.projects) {
    if (!is_glob(pattern) && !m_ws.find(pattern)) {
      Error e = m_ws.unknown_project(pattern);
      e.message = "dependsOn of '" + m_tasks[i].id + "' names " + e.message;
      e.loc = target.loc;
      return e;
    }
    for (const auto& p : m_ws.projects) {
      if (is_glob(pattern) ? !glob_match(pattern, p.name) : p.name != pattern) continue;
      for (const auto& name : matching_targets(p, d.target)) {
        if (p.name == m_tasks[i].project && name == m_tasks[i].target) continue;
        link(i, p, name, d.forward_params);
      }
    }
  }
  return ok_status();
}

// The cycle on the walk's stack from `again` to its top, started at the
// task whose id sorts first, so that it reads the same however it was found.
std::string cycle_text(const std::vector<Task>& tasks, const std::vector<size_t>& stack,
                       size_t again) {
  std::vector<size_t> cycle(std::find(stack.begin(), stack.end(), again), stack.end());
  auto first = std::min_element(cycle.begin(), cycle.end(),
                                [&](size_t a, size_t b) { return tasks[a].id < tasks[b].id; });
  std::rotate(cycle.begin(), first, cycle.end());
  std::string out;
  for (size_t t : cycle) out += tasks[t].id + " -> ";
  return out + tasks[cycle.front()].id;
}

Error cycle_error(const std::vector<Task>& tasks, const std::vector<size_t>& stack, size_t again) {
  return Error(
      "task dependency cycle: " + cycle_text(tasks, stack, again), {},
      "break one of these dependencies (a dependsOn entry, or the project dependency behind "
      "a \"^target\"), or pass --ignore-cycles to run these tasks in a fixed order");
}

void Builder::break_cycle(std::vector<size_t> members, const std::vector<size_t>& component,
                          std::vector<std::pair<size_t, size_t>>& dropped) const {
  std::sort(members.begin(), members.end(), [&](size_t a, size_t b) { return id_less(a, b); });
  enum : char { k_new, k_open, k_done };
  std::map<size_t, char> state;
  std::vector<std::pair<size_t, std::vector<size_t>>> stack;  // (task, its deps in the cycle, left)
  auto open = [&](size_t t) {
    std::vector<size_t> deps;
    for (size_t d : m_tasks[t].deps)
      if (component[d] == component[t]) deps.push_back(d);
    // Popped from the back, so sorted in reverse: the smallest id first.
    std::sort(deps.begin(), deps.end(), [&](size_t a, size_t b) { return id_less(b, a); });
    state[t] = k_open;
    stack.push_back({t, std::move(deps)});
  };
  open(members.front());
  while (!stack.empty()) {
    auto& [t, deps] = stack.back();
    if (deps.empty()) {
      state[t] = k_done;
      stack.pop_back();
      continue;
    }
    size_t d = deps.back();
    deps.pop_back();
    if (state[d] == k_open)
      dropped.push_back({t, d});
    else if (state[d] == k_new)
      open(d);
  }
}

std::vector<std::pair<std::string, std::string>> Builder::break_cycles() {
  Adjacency adj(m_tasks.size());
  for (size_t i = 0; i < m_tasks.size(); ++i) adj[i] = m_tasks[i].deps;
  size_t count = 0;
  std::vector<size_t> component = strongly_connected_components(adj, count);
  std::vector<char> cyclic = cyclic_components(adj, component, count);
  std::vector<std::vector<size_t>> members(count);
  for (size_t i = 0; i < m_tasks.size(); ++i)
    if (cyclic[component[i]]) members[component[i]].push_back(i);
  std::vector<std::pair<size_t, size_t>> dropped;
  for (auto& m : members)
    if (!m.empty()) break_cycle(std::move(m), component, dropped);
  std::vector<std::pair<std::string, std::string>> out;
  for (auto [t, d] : dropped) {
    std::erase(m_tasks[t].deps, d);
    out.push_back({m_tasks[t].id, m_tasks[d].id});
  }
  return out;
}

Result<TaskGraph> Builder::finish(const std::vector<size_t>& requested) {
  enum : char { k_new, k_open, k_done };
  std::vector<char> state(m_tasks.size(), k_new);
  std::vector<size_t> order, stack;
  std::vector<size_t> next_dep(m_tasks.size(), 0);
  // Every task is reachable from the requested ones, unless break_cycles
  // dropped the way to it: those follow in the order they were created.
  std::vector<size_t> roots = requested;
  for (size_t i = 0; i < m_tasks.size(); ++i) roots.push_back(i);
  for (size_t root : roots) {
    if (state[root] != k_new) continue;
    stack.push_back(root);
    state[root] = k_open;
    while (!stack.empty()) {
      size_t t = stack.back();
      if (next_dep[t] == m_tasks[t].deps.size()) {
        state[t] = k_done;
        order.push_back(t);
        stack.pop_back();
        continue;
      }
      size_t d = m_tasks[t].deps[next_dep[t]++];
      if (state[d] == k_open) return cycle_error(m_tasks, stack, d);
      if (state[d] == k_new) {
        state[d] = k_open;
        stack.push_back(d);
      }
    }
  }
  std::vector<size_t> position(m_tasks.size());
  for (size_t k = 0; k < order.size(); ++k) position[order[k]] = k;
  TaskGraph g;
  g.tasks.reserve(order.size());
  for (size_t old : order) {
    Task t = std::move(m_tasks[old]);
    for (auto& d : t.deps) d = position[d];
    g.index.emplace(t.id, g.tasks.size());
    g.tasks.push_back(std::move(t));
  }
  for (size_t r : requested) g.requested.push_back(position[r]);
  return g;
}

std::vector<const Project*> requested_projects(const Workspace& ws, const TaskRequest& request,
                                               Error& error) {
  std::vector<const Project*> out;
  if (request.projects.empty()) {
    for (const auto& p : ws.projects) out.push_back(&p);
    return out;
  }
  for (const auto& name : request.projects) {
    const Project* p = ws.find(name);
    if (!p) {
      error = ws.unknown_project(name);
      return {};
    }
    out.push_back(p);
  }
  return out;
}

bool has_target_anywhere(const Workspace& ws, const std::string& target) {
  return std::any_of(ws.projects.begin(), ws.projects.end(),
                     [&](const Project& q) { return q.targets.count(target) > 0; });
}

Error missing_target(const Project& p, const std::string& target) {
  std::vector<std::string> names;
  for (const auto& [n, t] : p.targets) names.push_back(n);
  return Error("project '" + p.name + "' has no target '" + target + "'", {},
               did_you_mean(target, names));
}

Error unknown_target(const Workspace& ws, const std::string& target) {
  std::set<std::string> all;
  for (const auto& p : ws.projects)
    for (const auto& [n, t] : p.targets) all.insert(n);
  std::string hint = did_you_mean(target, {all.begin(), all.end()});
  if (hint.empty()) hint = "run 'strata show projects' to see each project's targets";
  return Error("unknown target '" + target + "': no project has it", {}, hint);
}

// With require_targets, a configuration the target lacks is a mistake;
// otherwise projects without it run their default.
Status check_configuration(const Project& p, const std::string& target, const std::string& config) {
  const Target& t = p.targets.at(target);
  if (config.empty() || t.configurations.count(config)) return ok_status();
  std::vector<std::string> names;
  for (const auto& [n, c] : t.configurations) names.push_back(n);
  return Error("target '" + p.name + ":" + target + "' has no configuration '" + config + "'",
               t.loc, did_you_mean(config, names));
}

}  // namespace

Result<TaskGraph> build_task_graph(const Workspace& ws, const ProjectGraph& graph,
                                   const TaskRequest& request) {
  Error error;
  auto projects = requested_projects(ws, request, error);
  if (!error.message.empty()) return error;
  Builder builder(ws, graph);
  std::vector<size_t> requested;
  for (const auto& target : request.targets) {
    size_t before = requested.size();
    for (const Project* p : projects) {
      if (!p->targets.count(target)) {
        if (request.require_targets) return missing_target(*p, target);
        continue;
      }
      if (request.require_targets)
        if (auto s = check_configuration(*p, target, request.configuration); !s) return s.error();
      requested.push_back(builder.add(*p, target, request.configuration, request.args));
    }
    if (requested.size() == before && !has_target_anywhere(ws, target))
      return unknown_target(ws, target);
  }
  if (auto s = builder.expand(); !s) return s.error();
  std::vector<std::pair<std::string, std::string>> ignored;
  if (request.ignore_cycles) ignored = builder.break_cycles();
  auto g = builder.finish(requested);
  if (g) g->ignored = std::move(ignored);
  return g;
}

}  // namespace strata
