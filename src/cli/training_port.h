#pragma once
// ml::TrainingPort over the scheduler and the task cache: a model target is
// an ordinary task run, so a training key is a task hash and a restore is a
// cache hit (local or remote). What the last run of each task hashed (its
// run record) tells a skip (same key as last time) from a restore.

#include <string>
#include <vector>

#include "cli/context.h"
#include "ml/pipeline.h"

namespace strata::cli {

class TaskTrainingPort final : public ml::TrainingPort {
 public:
  // `quiet_stdout`: task output goes to stderr (stdout carries JSON).
  TaskTrainingPort(const Context& ctx, bool skip_cache, bool quiet_stdout)
      : m_ctx(ctx), m_skip_cache(skip_cache), m_quiet_stdout(quiet_stdout) {}

  Result<std::vector<ml::TargetOutcome>> run(const std::vector<std::string>& models,
                                             const std::string& target) override;
  std::string last_key(const std::string& model, const std::string& target) override;

 private:
  const Context& m_ctx;
  bool m_skip_cache;
  bool m_quiet_stdout;
  bool m_first_run = true;  // the walk's stats describe the files until a run
};

// The workspace's projects tagged type:model.
std::vector<ml::ModelProject> model_projects(const Workspace& ws);

}  // namespace strata::cli
