#pragma once
// `--shard K/N`: splits a task graph across N machines so that each task is
// owned by exactly one shard, deterministically from the graph and the
// recorded durations alone (every machine computes the same plan).
// Weakly connected parts of the graph (whole dependency chains) stay on
// one shard; a part heavier than a shard's fair share is cut at its final
// tasks, and a shard then also runs the dependencies its tasks need that
// another shard owns (a remote cache usually serves those).

#include <cstddef>
#include <cstdint>
#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "tasks/task_graph.h"
#include "util/result.h"

namespace strata {

struct ShardSpec {
  size_t index = 1;  // K, 1-based
  size_t count = 1;  // N
};

// "K/N" with 1 <= K <= N; anything else is an error naming the value.
Result<ShardSpec> parse_shard(std::string_view text);

struct ShardPlan {
  std::vector<size_t> owner;  // per task of the graph: its shard, 0-based
  std::vector<int64_t> load;  // per shard: the weight of the tasks it owns
  bool by_duration = false;   // weights were recorded durations, not counts
  std::string fingerprint;    // short digest of `owner`: equal on every machine
};

// Weights are the durations (ms) recorded for task ids; a task without one
// weighs the median of the others. With no durations at all every task
// weighs 1 (balanced by counts).
ShardPlan plan_shards(const TaskGraph& graph, size_t count,
                      const std::map<std::string, int64_t>& durations_ms);

// The tasks shard `index` (0-based) runs: those it owns and, before them,
// every dependency they need. Order, dependencies and the cycle notes are
// kept; `requested` holds the owned tasks that were requested.
TaskGraph shard_graph(const TaskGraph& graph, const ShardPlan& plan, size_t index);

}  // namespace strata
