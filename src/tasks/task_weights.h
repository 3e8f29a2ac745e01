#pragma once
// A task graph's expected cost per task, from durations recorded by earlier
// runs (task id -> milliseconds). Shared by the scheduler's ordering and
// --shard's balancing, so both read a history the same way.

#include <algorithm>
#include <cstdint>
#include <vector>

#include "tasks/task_graph.h"

namespace strata {

// A task never measured weighs the median of those that were (a new task is
// assumed typical, not free); with nothing measured every task weighs 1, so
// the order falls back to counting tasks. `measured` says which case held.
template <class Durations>
std::vector<int64_t> weights_from_durations(const TaskGraph& g, const Durations& durations_ms,
                                            bool* measured = nullptr) {
  std::vector<int64_t> w(g.tasks.size(), 0);
  std::vector<int64_t> known;
  for (size_t i = 0; i < g.tasks.size(); ++i)
    if (auto it = durations_ms.find(g.tasks[i].id); it != durations_ms.end())
      known.push_back(w[i] = std::max<int64_t>(it->second, 1));
  if (measured) *measured = !known.empty();
  int64_t fallback = 1;
  if (!known.empty()) {
    std::nth_element(known.begin(), known.begin() + known.size() / 2, known.end());
    fallback = known[known.size() / 2];
  }
  for (int64_t& x : w)
    if (x == 0) x = fallback;
  return w;
}

}  // namespace strata
