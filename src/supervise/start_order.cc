// Kahn's algorithm, picking at each step the first ready node in input
// order, so the order is deterministic and matches the contract's
// "broker, then services, then the monolith" whenever dependencies allow.

#include "supervise/start_order.h"

#include <set>

#include "util/suggest.h"

namespace strata {

namespace {

std::vector<std::string> names_of(const std::vector<StartNode>& nodes) {
  std::vector<std::string> names;
  for (const auto& n : nodes) names.push_back(n.name);
  return names;
}

}  // namespace

Result<std::vector<std::string>> start_order(const std::vector<StartNode>& nodes) {
  std::set<std::string> known;
  // Two of one name (a context called "kafka" beside the broker) would
  // otherwise look like a cycle that names nobody.
  for (const auto& n : nodes)
    if (!known.insert(n.name).second) return Error("two processes are named '" + n.name + "'");
  for (const auto& n : nodes)
    for (const auto& d : n.deps)
      if (!known.count(d)) return Error("'" + n.name + "' depends on unknown process '" + d + "'");
  std::vector<std::string> order;
  std::set<std::string> started;
  while (order.size() < nodes.size()) {
    const StartNode* next = nullptr;
    for (const auto& n : nodes) {
      if (started.count(n.name)) continue;
      bool ready = true;
      for (const auto& d : n.deps) ready = ready && started.count(d);
      if (ready) {
        next = &n;
        break;
      }
    }
    if (!next) {
      std::string rest;
      for (const auto& n : nodes)
        if (!started.count(n.name)) rest += (rest.empty() ? "" : ", ") + n.name;
      return Error("processes depend on each other in a cycle: " + rest);
    }
    started.insert(next->name);
    order.push_back(next->name);
  }
  return order;
}

Result<std::vector<StartNode>> select_with_deps(const std::vector<StartNode>& nodes,
                                                const std::vector<std::string>& only) {
  std::map<std::string, const StartNode*> by_name;
  for (const auto& n : nodes) by_name[n.name] = &n;
  std::set<std::string> wanted;
  std::vector<std::string> todo;
  for (const auto& name : only) {
    if (!by_name.count(name)) {
      std::string hint = did_you_mean(name, names_of(nodes));
      if (hint.empty()) {
        hint = "processes here:";
        for (const auto& n : nodes) hint += " " + n.name;
      }
      return Error("unknown process '" + name + "'", {}, hint);
    }
    todo.push_back(name);
  }
  while (!todo.empty()) {
    std::string name = todo.back();
    todo.pop_back();
    if (!wanted.insert(name).second) continue;
    for (const auto& d : by_name[name]->deps)
      if (by_name.count(d)) todo.push_back(d);
  }
  std::vector<StartNode> out;
  for (const auto& n : nodes)
    if (wanted.count(n.name)) out.push_back(n);
  return out;
}

}  // namespace strata
