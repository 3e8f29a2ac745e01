#pragma once
// Per-run cache counts for `strata cache info`: how many cacheable tasks the
// last runs looked up and where their hits came from. Kept in
// .strata/cache-stats, the last k_hit_stats_runs runs, in the format of
// docs/formats/remote-cache.md.

#include <cstdint>
#include <filesystem>
#include <vector>

#include "util/result.h"

namespace strata::remote {

inline constexpr uint32_t k_hit_stats_version = 1;
inline constexpr size_t k_hit_stats_runs = 20;

struct RunCounts {
  int64_t time_ms = 0;   // when the run ended
  uint64_t lookups = 0;  // cacheable tasks looked up
  uint64_t local_hits = 0;
  uint64_t remote_hits = 0;
  uint64_t uploads = 0;
  bool remote = false;  // a remote cache was configured
  bool remote_unavailable = false;

  friend bool operator==(const RunCounts&, const RunCounts&) = default;
};

struct HitRates {
  size_t runs = 0;
  uint64_t lookups = 0, local_hits = 0, remote_hits = 0;
  double local() const { return lookups ? double(local_hits) / double(lookups) : 0; }
  double remote() const { return lookups ? double(remote_hits) / double(lookups) : 0; }
};

std::filesystem::path hit_stats_path(const std::filesystem::path& root);
// Oldest first; a missing file is no runs, a damaged one an Error.
Result<std::vector<RunCounts>> load_hit_stats(const std::filesystem::path& file);
// Appends `run`, keeping the newest k_hit_stats_runs.
Status record_hit_stats(const std::filesystem::path& file, const RunCounts& run);
HitRates hit_rates(const std::vector<RunCounts>& runs);

}  // namespace strata::remote
