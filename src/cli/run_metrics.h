#pragma once
// The task runner's side of the performance monitor: each run's tasks go
// to `.strata/metrics.db` in one batch at the end; `--shard` reads back
// the durations to balance with and the scheduler the estimates to order by.

#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include "exec/run_summary.h"
#include "model/workspace.h"
#include "tasks/task_graph.h"

namespace strata::cli {

// Appends one row per task that ran or was restored (not skipped or never
// started). A failure to write is a warning: measurements never fail a
// build. STRATA_METRICS=0 turns recording off.
void record_run_metrics(const Workspace& ws, const TaskGraph& graph, const RunSummary& summary,
                        int64_t started_ms);

// Median duration of each task id's recent executed runs; empty without
// a metrics database.
std::map<std::string, int64_t> recorded_durations(const Workspace& ws);

// What each task of `graph` is expected to cost, for the scheduler to start
// the longest remaining path first: the durations earlier runs recorded
// (median of the measured for a task never measured), or empty (every task
// costs 1) when there is no history or when at most `parallel` tasks run,
// as then the order cannot matter and a cached run should not pay for it.
std::vector<int64_t> expected_costs(const Workspace& ws, const TaskGraph& graph, size_t parallel);

}  // namespace strata::cli
