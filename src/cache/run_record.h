#pragma once
// The last run of each task: its hash and the full input list, kept so that
// `strata explain` can say exactly what changed since. One small file per
// task id under <cache dir>/runs/, named by a digest of the id (ids may hold
// '/' and ':'). Format: docs/formats/cache-entry.md, "Run records".

#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>

#include "cache/hash_input.h"
#include "util/result.h"

namespace strata {

inline constexpr const char* k_run_records_dir = "runs";
inline constexpr uint32_t k_run_record_version = 2;  // 2: environment values by digest only

struct RunRecord {
  std::string task_id;
  int64_t time_ms = 0;  // when the task was hashed for that run
  TaskHash hash;
};

class RunRecords {
 public:
  explicit RunRecords(const std::filesystem::path& cache_dir);

  std::string path_for(const std::string& task_id) const;
  // Replaces the record of `task_id`, atomically.
  Status save(const std::string& task_id, const TaskHash& hash);
  // nullopt when there is none; a damaged or other-version record is
  // reported with print_warning and ignored.
  std::optional<RunRecord> load(const std::string& task_id) const;
  // True when the record of `task_id` is intact and holds `hash`: what a
  // cached run asks before deciding not to rewrite it. Reads the file once
  // and checks its checksum, but parses no JSON.
  bool holds(const std::string& task_id, const Digest& hash) const;

 private:
  std::filesystem::path m_dir;
};

// The on-disk text of a record, and its parser (exposed for tests).
std::string encode_run_record(const RunRecord& record);
Result<RunRecord> decode_run_record(std::string_view text);

}  // namespace strata
