// Sharding is a pure function of the task graph and the durations, so N
// machines that load the same workspace agree on who runs what without
// talking to each other.
//
// Units of work are the graph's weakly connected parts: a chain kept
// together never waits on another machine. A part heavier than a fair
// share (total / N) with more than one final task (a task nothing else
// depends on) is cut into the dependency closures of its final tasks, each
// task owned by the first closure that reaches it. The units are then
// dealt out heaviest first to the lightest shard (longest processing time
// first), ties broken by graph order, never by anything of the machine.

#include "tasks/shard.h"

#include <algorithm>
#include <charconv>
#include <numeric>

#include "tasks/task_weights.h"
#include "util/hash.h"

namespace strata {

namespace {

bool parse_count(std::string_view s, size_t& out) {
  if (s.empty() || s.size() > 6) return false;
  auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), out);
  return ec == std::errc() && end == s.data() + s.size();
}

struct Unit {
  std::vector<size_t> tasks;  // graph order
  int64_t weight = 0;
};

size_t find_root(std::vector<size_t>& parent, size_t i) {
  while (parent[i] != i) i = parent[i] = parent[parent[i]];
  return i;
}

// Weakly connected parts, each in graph order, ordered by their first task.
std::vector<std::vector<size_t>> components(const TaskGraph& g) {
  std::vector<size_t> parent(g.tasks.size());
  std::iota(parent.begin(), parent.end(), 0);
  for (size_t i = 0; i < g.tasks.size(); ++i)
    for (size_t d : g.tasks[i].deps) parent[find_root(parent, i)] = find_root(parent, d);
  std::map<size_t, size_t> slot;  // root -> index in parts
  std::vector<std::vector<size_t>> parts;
  for (size_t i = 0; i < g.tasks.size(); ++i) {
    auto [it, added] = slot.emplace(find_root(parent, i), parts.size());
    if (added) parts.emplace_back();
    parts[it->second].push_back(i);
  }
  return parts;
}

// Cuts a part into the closures of its final tasks (see the file comment).
std::vector<std::vector<size_t>> cut_at_final_tasks(const TaskGraph& g,
                                                    const std::vector<size_t>& part) {
  std::vector<bool> has_dependent(g.tasks.size(), false);
  for (size_t t : part)
    for (size_t d : g.tasks[t].deps) has_dependent[d] = true;
  std::vector<bool> claimed(g.tasks.size(), false);
  std::vector<std::vector<size_t>> pieces;
  for (size_t sink : part) {
    if (has_dependent[sink]) continue;
    std::vector<size_t> piece, stack{sink};
    claimed[sink] = true;
    while (!stack.empty()) {
      size_t t = stack.back();
      stack.pop_back();
      piece.push_back(t);
      for (size_t d : g.tasks[t].deps)
        if (!claimed[d]) claimed[d] = true, stack.push_back(d);
    }
    std::sort(piece.begin(), piece.end());
    pieces.push_back(std::move(piece));
  }
  return pieces;
}

std::vector<Unit> units_of(const TaskGraph& g, const std::vector<int64_t>& w, size_t count) {
  int64_t total = std::accumulate(w.begin(), w.end(), int64_t{0});
  auto weigh = [&](std::vector<size_t> tasks) {
    Unit u{std::move(tasks), 0};
    for (size_t t : u.tasks) u.weight += w[t];
    return u;
  };
  std::vector<Unit> units;
  for (auto& part : components(g)) {
    Unit u = weigh(std::move(part));
    if (count > 1 && u.weight * static_cast<int64_t>(count) > total) {
      auto pieces = cut_at_final_tasks(g, u.tasks);
      if (pieces.size() > 1) {
        for (auto& p : pieces) units.push_back(weigh(std::move(p)));
        continue;
      }
    }
    units.push_back(std::move(u));
  }
  return units;
}

}  // namespace

Result<ShardSpec> parse_shard(std::string_view text) {
  const Error bad("--shard " + std::string(text) +
                  ": expected K/N with 1 <= K <= N, for example 1/4");
  size_t slash = text.find('/');
  if (slash == std::string_view::npos) return bad;
  ShardSpec s;
  if (!parse_count(text.substr(0, slash), s.index) || !parse_count(text.substr(slash + 1), s.count))
    return bad;
  if (s.count == 0 || s.index == 0 || s.index > s.count) return bad;
  return s;
}

ShardPlan plan_shards(const TaskGraph& g, size_t count,
                      const std::map<std::string, int64_t>& durations_ms) {
  ShardPlan plan;
  count = std::max<size_t>(count, 1);
  plan.owner.assign(g.tasks.size(), 0);
  plan.load.assign(count, 0);
  std::vector<int64_t> w = weights_from_durations(g, durations_ms, &plan.by_duration);
  std::vector<Unit> units = units_of(g, w, count);
  std::stable_sort(units.begin(), units.end(), [](const Unit& a, const Unit& b) {
    if (a.weight != b.weight) return a.weight > b.weight;
    return a.tasks.front() < b.tasks.front();
  });
  for (const Unit& u : units) {
    size_t lightest = std::min_element(plan.load.begin(), plan.load.end()) - plan.load.begin();
    plan.load[lightest] += u.weight;
    for (size_t t : u.tasks) plan.owner[t] = lightest;
  }
  Hasher h;
  for (size_t i = 0; i < g.tasks.size(); ++i)
    h.add("task", g.tasks[i].id).add("shard", plan.owner[i]);
  plan.fingerprint = h.finish().hex().substr(0, 12);
  return plan;
}

TaskGraph shard_graph(const TaskGraph& g, const ShardPlan& plan, size_t index) {
  std::vector<bool> keep(g.tasks.size(), false);
  // Graph order puts dependencies first, so walking backwards reaches every
  // dependency after the tasks that need it.
  for (size_t i = g.tasks.size(); i-- > 0;) {
    if (plan.owner[i] == index) keep[i] = true;
    if (keep[i])
      for (size_t d : g.tasks[i].deps) keep[d] = true;
  }
  TaskGraph out;
  std::vector<size_t> position(g.tasks.size(), SIZE_MAX);
  for (size_t i = 0; i < g.tasks.size(); ++i) {
    if (!keep[i]) continue;
    position[i] = out.tasks.size();
    Task t = g.tasks[i];
    for (size_t& d : t.deps) d = position[d];
    out.index[t.id] = out.tasks.size();
    out.tasks.push_back(std::move(t));
  }
  for (size_t r : g.requested)
    if (plan.owner[r] == index) out.requested.push_back(position[r]);
  for (const auto& note : g.ignored)
    if (out.index.count(note.first)) out.ignored.push_back(note);
  return out;
}

}  // namespace strata
