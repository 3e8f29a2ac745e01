#pragma once
// Migration files on disk: `<version>_<name>.sql` with an optional
// `<version>_<name>.down.sql`, the version being a 14-digit UTC timestamp or
// any number (Supabase's supabase/migrations/ layout works as is).

#include <filesystem>
#include <string>
#include <vector>

#include "util/result.h"

namespace strata::db {

struct MigrationFile {
  std::string version;  // digits, compared as a number
  std::string name;
  std::filesystem::path path;       // the up file
  std::filesystem::path down_path;  // empty when there is none
  std::string sql;                  // line endings normalised
  std::string checksum;             // of `sql`
  bool no_transaction = false;      // first line is `-- strata:no-transaction`
};

// Whether version `a` sorts before `b` (numerically; leading zeros ignored).
bool version_less(const std::string& a, const std::string& b);

// The migrations in `dir`, in version order. A missing directory is no
// migrations. Misnamed .sql files and duplicate versions are errors naming
// the file.
Result<std::vector<MigrationFile>> scan_migrations(const std::filesystem::path& dir);

// The checksum recorded for a migration: XXH3-128 of the normalised text.
std::string sql_checksum(std::string_view normalized_sql);

// The path for a new migration `name` in `dir`: the current UTC time as
// version, or one past the newest existing version when that is larger.
Result<std::filesystem::path> new_migration_path(const std::filesystem::path& dir,
                                                 const std::string& name);

}  // namespace strata::db
