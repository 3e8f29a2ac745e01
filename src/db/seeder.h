#pragma once
// SeedManager over a DatabaseManager. Scenarios live in a seeds directory:
// `<dir>/<scenario>.sql` or `<dir>/<scenario>/` holding *.sql, *.json and
// *.csv files applied in name order. A seeds path that is a single .sql
// file (Supabase's supabase/seed.sql) is the scenario "default".

#include <filesystem>

#include "db/seed_manager.h"

namespace strata::db {

class Seeder final : public SeedManager {
 public:
  static constexpr int k_format = 1;

  // `root` is what tracked paths are relative to.
  Seeder(DatabaseManager& db, std::filesystem::path seeds, std::filesystem::path root)
      : m_db(db), m_seeds(std::move(seeds)), m_root(std::move(root)) {}

  std::vector<std::string> scenarios() const override;
  Result<std::vector<SeedFile>> files(const std::string& scenario) const override;
  Result<std::vector<SeedResult>> seed(const std::string& scenario,
                                       const SeedOptions& opts) override;

 private:
  Status ensure_table();
  // `again`: the file was applied before (--force), so fixture rows update
  // the rows with their primary keys instead of colliding with them.
  Status apply(const SeedFile& f, bool again);
  Status record(const SeedFile& f, const std::string& scenario, bool update);
  Result<SeedFile> load(const std::filesystem::path& p) const;
  std::string history_table() const;

  DatabaseManager& m_db;
  std::filesystem::path m_seeds;
  std::filesystem::path m_root;
};

}  // namespace strata::db
