#pragma once
// The MigrationManager port: what `strata db migrate | rollback | status |
// repair | reset` do, independent of the backend. Migrator implements it
// over any DatabaseManager; backend differences (locks, transactions, error
// positions) live in the DatabaseManager adapters.

#include <chrono>
#include <optional>
#include <string>
#include <vector>

#include "db/migration_file.h"
#include "db/schema_history.h"

namespace strata::db {

// Where a migration stands, file against history.
enum class MigrationState {
  k_pending,       // file, no history row
  k_applied,       // history row, file unchanged
  k_dirty,         // a no-transaction migration started and did not finish
  k_changed,       // applied, but the file changed since (drift)
  k_missing,       // history row whose file is gone
  k_out_of_order,  // pending, but older than an applied migration
};
const char* migration_state_name(MigrationState s);

struct MigrationStatus {
  std::string version;
  std::string name;
  MigrationState state = MigrationState::k_pending;
  std::string file;  // "" for k_missing
  std::optional<HistoryRow> history;
  bool no_transaction = false;
  bool has_down = false;
};

struct MigrateOptions {
  bool dry_run = false;
  bool allow_out_of_order = false;
  std::string target;  // stop after this version ("" = all)
  std::chrono::milliseconds lock_timeout = std::chrono::minutes(10);
};

// Told about each migration as it runs, for progress lines.
class MigrationObserver {
 public:
  virtual ~MigrationObserver() = default;
  virtual void started(const MigrationFile&) {}
  virtual void finished(const MigrationFile&, int64_t duration_ms) {}
};

struct RepairReport {
  std::vector<std::string> dirty_removed;      // versions
  std::vector<std::string> checksums_updated;  // versions
};

class MigrationManager {
 public:
  virtual ~MigrationManager() = default;
  virtual Result<std::vector<MigrationStatus>> status() = 0;
  // The migrations `migrate` would apply, after the same checks.
  virtual Result<std::vector<MigrationFile>> plan(const MigrateOptions& opts) = 0;
  virtual Result<std::vector<MigrationFile>> migrate(const MigrateOptions& opts,
                                                     MigrationObserver* obs) = 0;
  // Runs the down files of the newest `steps` applied migrations.
  virtual Result<std::vector<MigrationFile>> rollback(int steps, bool dry_run,
                                                      MigrationObserver* obs) = 0;
  // Forgets dirty rows and accepts changed files' new checksums.
  virtual Result<RepairReport> repair() = 0;
};

}  // namespace strata::db
