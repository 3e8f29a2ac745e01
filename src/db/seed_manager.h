#pragma once
// The SeedManager port: named seed scenarios (SQL files, or JSON/CSV
// fixtures per table) applied to a database and tracked by path and
// checksum in `strata_seed_history`, so a seed that changed after it was
// applied is noticed. Seeder implements it over any DatabaseManager.

#include <filesystem>
#include <string>
#include <vector>

#include "db/database.h"

namespace strata::db {

enum class SeedKind { k_sql, k_json, k_csv };

struct SeedFile {
  std::filesystem::path path;
  std::string tracked_path;  // relative to the workspace root, '/' separators
  SeedKind kind = SeedKind::k_sql;
  std::string text;  // line endings normalised
  std::string checksum;
};

enum class SeedOutcome { k_applied, k_unchanged, k_reapplied };
const char* seed_outcome_name(SeedOutcome o);

struct SeedResult {
  SeedFile file;
  SeedOutcome outcome = SeedOutcome::k_applied;
  int64_t duration_ms = 0;
};

struct SeedOptions {
  bool force = false;    // apply changed seeds again instead of refusing
  bool dry_run = false;  // report, change nothing
};

class SeedManager {
 public:
  virtual ~SeedManager() = default;
  // The scenario names available.
  virtual std::vector<std::string> scenarios() const = 0;
  // The files of one scenario, in the order they apply.
  virtual Result<std::vector<SeedFile>> files(const std::string& scenario) const = 0;
  virtual Result<std::vector<SeedResult>> seed(const std::string& scenario,
                                               const SeedOptions& opts) = 0;
};

}  // namespace strata::db
