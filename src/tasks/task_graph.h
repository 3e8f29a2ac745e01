#pragma once
// Tasks (project:target[:configuration]) and the DAG that "dependsOn"
// resolves them into.

#include <map>
#include <string>
#include <vector>

#include "graph/project_graph.h"
#include "model/workspace.h"

namespace strata {

struct Task {
  std::string id;  // "project:target" or "project:target:configuration"
  std::string project;
  std::string target;
  std::string configuration;      // "" when none
  std::vector<std::string> args;  // extra arguments forwarded to the command
  std::vector<size_t> deps;       // indices into TaskGraph::tasks
};

struct TaskGraph {
  std::vector<Task> tasks;              // topologically sorted: deps come first
  std::map<std::string, size_t> index;  // id -> position in tasks
  std::vector<size_t> requested;        // the tasks asked for, before dependsOn
  // With TaskRequest::ignore_cycles: the dependencies dropped to break
  // cycles, as (task id, id of the task it no longer waits for), in the
  // order they were found.
  std::vector<std::pair<std::string, std::string>> ignored;
};

struct TaskRequest {
  std::vector<std::string> projects;  // run these projects ...
  std::vector<std::string> targets;   // ... for these targets (skipped if absent)
  std::string configuration;          // "" for each target's default
  std::vector<std::string> args;      // forwarded to every requested task
  // `strata run p:t[:c]`: each named project must have each target (and
  // the configuration); otherwise projects without them are skipped and
  // only a target no project has is an error (run-many, affected).
  bool require_targets = false;
  // A cycle among the tasks is an error unless this is set; then each cycle
  // is broken (see break_cycles in task_graph.cc) and the tasks run anyway.
  bool ignore_cycles = false;
};

Result<TaskGraph> build_task_graph(const Workspace& ws, const ProjectGraph& graph,
                                   const TaskRequest& request);

}  // namespace strata
