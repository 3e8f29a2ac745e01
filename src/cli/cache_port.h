#pragma once
// Implements the scheduler's TaskPort with the task hasher and the local
// store: a ready task is hashed (its dependencies' hashes are known by
// then), looked up and, on a hit, its outputs restored; a successful miss is
// stored. Every hashed task also leaves a run record for `strata explain`.
// With a remote cache configured, a local miss asks the remote store, and a
// stored entry is uploaded in the background (remote/remote_store.h).
// Tasks are claimed through per-task locks, so two Strata processes never
// run one task into the same outputs at once.

#include <memory>
#include <optional>
#include <vector>

#include "cache/local_store.h"
#include "cache/output_paths.h"
#include "cache/run_record.h"
#include "cache/task_hasher.h"
#include "cache/task_lock.h"
#include "cli/context.h"
#include "exec/task_port.h"
#include "remote/hit_stats.h"
#include "remote/remote_store.h"

namespace strata::cli {

struct CachePolicy {
  bool read = true;   // --skip-cache turns this off: tasks always run
  bool write = true;  // successful runs of cacheable targets are stored
};

class CacheTaskPort : public TaskPort {
 public:
  CacheTaskPort(const Context& ctx, const TaskGraph& graph, FileHasher& file_hasher,
                CachePolicy policy);

  Result<CacheLookup> lookup(size_t task) override;
  Result<ResolvedCommand> command(size_t task) override;
  Status store(size_t task, const TaskOutcome& outcome) override;
  bool try_claim(size_t task) override;
  void release(size_t task) override;
  // The last entry this run stored (a reason to check the cache's size).
  const std::optional<Digest>& last_stored() const { return m_last_stored; }

  const std::vector<Digest>& hashes() const { return m_hashes; }
  // Before the run, when no hash can depend on what a task does
  // (TaskHasher::hashes_ahead) and no restore can write a listed file:
  // takes every hash, then the read-only half of every lookup (the run
  // record, the cache entry, whether the outputs on disk match it) on all
  // cores, so the scheduler's lookups, one at a time on its thread, only
  // write what changed. A fully cached run is then mostly parallel. Once a
  // task's command runs (it may change any file) or a claim had to wait for
  // another process, what was read ahead is not used.
  void look_ahead();
  // After the run: waits (bounded; not at all when `interrupted`) for
  // remote uploads and records this run's hit counts for `strata cache info`.
  void finish(bool interrupted);

 private:
  const Target& target_of(size_t task) const;
  Result<std::vector<OutputPath>> outputs_of(size_t task);
  // True when the walk listed a file at or below one of `outputs`.
  bool outputs_hold_listed_files(const std::vector<OutputPath>& outputs) const;
  // What look_ahead() found for one task.
  struct Ahead {
    std::optional<Result<TaskHash>> hash;
    bool record_checked = false;
    bool record_held = false;
    std::optional<LocalStore::Prefetched> cached;
  };
  bool can_look_ahead();

  const Context& m_ctx;
  const TaskGraph& m_graph;
  FileHasher& m_file_hasher;
  TaskHasher m_hasher;
  LocalStore m_store;
  RunRecords m_records;
  CachePolicy m_policy;
  std::vector<Digest> m_hashes;
  std::vector<std::optional<std::vector<OutputPath>>> m_outputs;
  std::unique_ptr<remote::RemoteStore> m_remote;  // null without a remote cache
  remote::RunCounts m_counts;
  TaskLocks m_locks;
  std::vector<bool> m_said_waiting;
  std::optional<Digest> m_last_stored;
  std::vector<Ahead> m_ahead;  // empty: nothing read ahead
  bool m_ahead_valid = false;
};

}  // namespace strata::cli
