#pragma once
// MigrationManager over a DatabaseManager and a directory of migration
// files. Every run holds the database's migration lock, so concurrent
// `strata db migrate` processes apply each migration exactly once.

#include <filesystem>

#include "db/migration_manager.h"

namespace strata::db {

class Migrator final : public MigrationManager {
 public:
  Migrator(DatabaseManager& db, std::filesystem::path dir)
      : m_db(db), m_history(db), m_dir(std::move(dir)) {}

  Result<std::vector<MigrationStatus>> status() override;
  Result<std::vector<MigrationFile>> plan(const MigrateOptions& opts) override;
  Result<std::vector<MigrationFile>> migrate(const MigrateOptions& opts,
                                             MigrationObserver* obs) override;
  Result<std::vector<MigrationFile>> rollback(int steps, bool dry_run,
                                              MigrationObserver* obs) override;
  Result<RepairReport> repair() override;

 private:
  Result<std::vector<MigrationFile>> checked_plan(const std::vector<MigrationFile>& files,
                                                  const MigrateOptions& opts);
  Status apply(const MigrationFile& m, MigrationObserver* obs);
  Status apply_in_transaction(const MigrationFile& m, int64_t& duration_ms);
  Status apply_without_transaction(const MigrationFile& m, int64_t& duration_ms);
  Status run_down(const MigrationFile& m, const std::string& sql);
  // Turns the database's last error into one located in `file`.
  Error located(const Error& e, const std::filesystem::path& file, const std::string& what);

  DatabaseManager& m_db;
  SchemaHistory m_history;
  std::filesystem::path m_dir;
};

}  // namespace strata::db
