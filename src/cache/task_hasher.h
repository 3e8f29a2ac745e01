#pragma once
// Computes each task's hash, the cache key, from a readable list of inputs
// (see hash_input.h and docs/formats/cache-entry.md for what goes in).
// One TaskHasher serves one run: it memoises expanded inputs, file
// selections, dependency closures and runtime command output. Not
// thread-safe; the expensive part, file digests, runs in parallel inside
// FileHasher::prefetch.

#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <unordered_map>
#include <vector>

#include "cache/hash_input.h"
#include "cache/input_expander.h"
#include "files/file_hasher.h"
#include "files/file_index.h"
#include "graph/cycles.h"
#include "graph/project_graph.h"
#include "model/workspace.h"
#include "tasks/task_graph.h"

namespace strata {

class TaskHasher {
 public:
  // Returns the variable's value, or nullopt when it is not set.
  using EnvLookup = std::function<std::optional<std::string>(const std::string& name)>;

  TaskHasher(const Workspace& ws, const ProjectGraph& graph, const FileIndex& files,
             FileHasher& file_hasher);
  ~TaskHasher();

  // Replaces getenv, for tests.
  void set_env_lookup(EnvLookup lookup) { m_env = std::move(lookup); }

  // Hash of graph.tasks[index]. `task_hashes[d]` must hold the hash of every
  // task d in its deps (they come first in topological order). Run a task's
  // dependencies before hashing it when it uses dependentTasksOutputFiles.
  Result<TaskHash> hash(const TaskGraph& graph, size_t index,
                        const std::vector<Digest>& task_hashes);

  // Hashes every task in order, hashing all the files involved in parallel
  // first. For explain and dry runs.
  Result<std::vector<TaskHash>> hash_all(const TaskGraph& graph);

  // Every workspace-relative file that the inputs of `graph`'s tasks select,
  // sorted: what hash_all prefetches.
  Result<std::vector<std::string>> input_files(const TaskGraph& graph);

  // True when no task's hash can depend on what an earlier task of the run
  // did: no input reads dependencies' outputs (dependentTasksOutputFiles)
  // and none runs a command (runtime), in the tasks' own inputs or the
  // named inputs they take from dependencies. Then every hash can be taken
  // before anything runs. False on an input that does not expand (the
  // error is left for hash() to report).
  bool hashes_ahead(const TaskGraph& graph);

 private:
  Result<const ExpandedInputs*> expanded(const Project& p, const Target& t);
  // Calls `visit` with the expanded inputs of every task and of every named
  // input they take from their dependencies' closures, each once; stops at
  // the first error or when `visit` returns false.
  Status visit_inputs(const TaskGraph& graph,
                      const std::function<bool(const Project&, const ExpandedInputs&)>& visit);
  Result<const ExpandedInputs*> expanded_named(const Project& p, const std::string& name,
                                               const SourceLoc& loc);
  const std::vector<const std::string*>& select_files(const Project& p, const ExpandedInputs& in);
  Status add_task_inputs(const TaskGraph& graph, size_t index,
                         const std::vector<Digest>& task_hashes, std::vector<HashInput>& out);
  Status add_own_inputs(const Project& p, const Target& t, const Task& task,
                        std::vector<HashInput>& out);
  Status add_command_inputs(const Task& task, std::vector<HashInput>& out);
  Status add_self_inputs(const Project& p, const ExpandedInputs& in, const SourceLoc& loc,
                         std::vector<HashInput>& out);
  Status add_dependency_inputs(const Project& p, const ExpandedInputs& in, const SourceLoc& loc,
                               std::vector<HashInput>& out);
  void add_externals(const ExpandedInputs& in, std::vector<HashInput>& out);
  Result<Digest> closure_digest(const std::string& project, const std::string& name,
                                const SourceLoc& loc);
  const GraphCycles& cycles();
  Status add_dependent_outputs(const TaskGraph& graph, size_t index, const ExpandedInputs& in,
                               std::vector<HashInput>& out);
  void add_globals(std::vector<HashInput>& out);
  Result<Digest> file_digest(const std::string* path);
  Result<std::string> runtime_output(const std::string& command, const SourceLoc& loc);
  Digest lockfiles_digest();
  HashInput env_input(const std::string& name);

  const Workspace& m_ws;
  const ProjectGraph& m_graph;
  const FileIndex& m_files;
  FileHasher& m_file_hasher;
  EnvLookup m_env;
  std::map<std::string, std::unique_ptr<ExpandedInputs>>
      m_expanded;  // "project\0target" or "project\0^name"
  std::map<std::string, std::vector<const std::string*>> m_selections;  // "project\0fileset_key"
  std::map<std::string, Result<Digest>> m_closures;                     // "project\0name"
  std::map<std::string, Result<std::string>> m_runtime;                 // command -> stdout
  std::unordered_map<const std::string*, Digest> m_digests;  // FileIndex path -> content digest
  std::optional<std::vector<HashInput>> m_globals;
  std::optional<Digest> m_lockfiles;
  std::optional<GraphCycles> m_cycles;  // of m_graph, found on the first "^name" input
};

}  // namespace strata
