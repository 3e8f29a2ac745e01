#pragma once
// The performance monitor's store: one row per measured run (a task, a test
// run, an image build, a deployment, an inference batch) in
// `.strata/metrics.db`, SQLite, schema versioned by PRAGMA user_version.
// Writers batch their rows into one transaction; readers select by
// project, target and time. Format: docs/formats/metrics-db.md.

#include <cstdint>
#include <filesystem>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "util/result.h"

struct sqlite3;

namespace strata::monitor {

// 2: inference batches (batch_size, duration_us); 3: per-task estimates.
// Older files migrate.
inline constexpr int k_metrics_schema_version = 4;

// What was measured: the seed's PerformanceMonitor kinds, plus plain tasks.
// Layers that measure something new add a kind here (stored as its name).
enum class RecordKind { k_task, k_build, k_test, k_deployment, k_inference };

std::string_view to_string(RecordKind kind);
std::optional<RecordKind> parse_record_kind(std::string_view name);
// The kind of a task run, from its target's name: "build*" builds, "test*"
// and "e2e*" tests, "deploy*" deployments, anything else a task.
RecordKind kind_of_target(std::string_view target);

struct Sample {
  RecordKind kind = RecordKind::k_task;
  std::string subject;  // a task id ("web:build"), a model, a service
  std::string project;  // "" when not a task
  std::string target;
  int64_t started_ms = 0;  // Unix time
  int64_t duration_ms = 0;
  std::string outcome;  // "success", "failure", "skipped", "cancelled"
  std::string cache;    // "local", "remote" (hits), "miss", "" (not cached)
  std::string run_id;   // groups the rows of one command
  // Inference batches (subject "MODEL:VERSION", project the model, target
  // the version): the rows the batch carried and its time in microseconds
  // (batches often take less than a millisecond). 0 for other kinds.
  int64_t batch_size = 0;
  int64_t duration_us = 0;
};

struct SampleQuery {
  std::string project;  // "" for all
  std::string target;
  int64_t since_ms = 0;
};

class MetricsStore {
 public:
  ~MetricsStore();
  MetricsStore(MetricsStore&&) noexcept;
  MetricsStore& operator=(MetricsStore&&) = delete;
  MetricsStore(const MetricsStore&) = delete;

  // Opens (creating it and its directory when `create`) and migrates the
  // database. A newer schema than this build knows is an error; a damaged
  // file is moved aside (with a warning) and a new one started.
  static Result<MetricsStore> open(const std::filesystem::path& path, bool create = true);

  // Appends all rows in one transaction: a run costs one commit.
  Status append(const std::vector<Sample>& samples);
  // Matching rows, oldest first.
  Result<std::vector<Sample>> select(const SampleQuery& query) const;
  // Per subject: the median duration of its last `last` runs that executed
  // (succeeded and were not cache hits). What --shard balances with.
  Result<std::map<std::string, int64_t>> recent_medians(size_t last = 10) const;
  // Per subject: its expected duration in ms, moved by every run that
  // executed it (not a cache hit). What the scheduler orders a run by; one
  // row per task, so reading it costs the same after a thousand runs.
  Result<std::unordered_map<std::string, int64_t>> estimates() const;

 private:
  explicit MetricsStore(sqlite3* db, std::filesystem::path path);
  static Result<MetricsStore> open_once(const std::filesystem::path& path, bool create);
  Status exec(const char* sql) const;
  Status migrate();
  bool update_estimates(const std::vector<Sample>& samples);

  sqlite3* m_db = nullptr;
  std::filesystem::path m_path;
};

// `.strata/metrics.db` of a workspace.
std::filesystem::path metrics_path(const std::filesystem::path& workspace_root);

}  // namespace strata::monitor
