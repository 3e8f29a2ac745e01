#include "db/database.h"

#include <cstdlib>

#include "db/pg_database.h"
#include "db/sqlite_database.h"

namespace strata::db {

const char* backend_name(Backend b) { return b == Backend::k_postgres ? "postgres" : "sqlite"; }

int QueryResult::column(std::string_view name) const {
  for (size_t i = 0; i < columns.size(); ++i)
    if (columns[i] == name) return static_cast<int>(i);
  return -1;
}

Backend backend_of(std::string_view url) {
  if (url.starts_with("postgres://") || url.starts_with("postgresql://")) return Backend::k_postgres;
  return Backend::k_sqlite;
}

std::string database_url_or_env(std::string_view url) {
  if (!url.empty()) return std::string(url);
  const char* env = std::getenv("STRATA_DATABASE_URL");
  return env ? env : "";
}

std::string sqlite_path_of(std::string_view url) {
  if (url.starts_with("sqlite://")) return std::string(url.substr(9));
  if (url.starts_with("sqlite:")) return std::string(url.substr(7));
  return std::string(url);
}

std::string redact_url(std::string_view url) {
  size_t scheme = url.find("://");
  if (scheme == std::string_view::npos) return std::string(url);
  size_t at = url.find('@', scheme + 3);
  if (at == std::string_view::npos) return std::string(url);
  size_t colon = url.find(':', scheme + 3);
  if (colon == std::string_view::npos || colon > at) return std::string(url);
  return std::string(url.substr(0, colon + 1)) + "***" + std::string(url.substr(at));
}

Result<std::unique_ptr<DatabaseManager>> open_database(std::string_view given) {
  std::string url = database_url_or_env(given);
  if (url.empty())
    return Error("no database given", {}, "pass --url, set STRATA_DATABASE_URL, or set db.url in strata.json");
  if (backend_of(url) == Backend::k_postgres) {
    auto pg = PgDatabase::connect(url);
    if (!pg) return pg.error();
    return std::unique_ptr<DatabaseManager>(std::move(*pg));
  }
  auto lite = SqliteDatabase::open(sqlite_path_of(url));
  if (!lite) return lite.error();
  return std::unique_ptr<DatabaseManager>(std::move(*lite));
}

}  // namespace strata::db
