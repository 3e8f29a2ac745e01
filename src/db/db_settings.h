#pragma once
// Where the database and its files are: from flags, then
// STRATA_DATABASE_URL, then strata.json's "db" object
// ({"url", "migrations", "seeds"}), then the layout on disk (Supabase's
// supabase/migrations and supabase/seed.sql, and the local database that
// supabase/config.toml describes), then Strata's defaults (db/migrations,
// db/seeds, a SQLite file at .strata/dev.sqlite).

#include <filesystem>
#include <string>

#include "util/result.h"

namespace strata::db {

struct DbFlags {
  std::string url;
  std::string migrations;
  std::string seeds;
};

struct DbSettings {
  std::filesystem::path root;
  std::string url;
  std::filesystem::path migrations;
  std::filesystem::path seeds;  // a directory of scenarios, or one .sql file
};

// Relative paths (and relative SQLite URLs) resolve against `root`.
Result<DbSettings> resolve_db_settings(const std::filesystem::path& root, const DbFlags& flags);

}  // namespace strata::db
