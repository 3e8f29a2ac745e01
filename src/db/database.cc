#include "db/database.h"

#include <fmt/format.h>

#include <algorithm>
#include <cctype>
#include <cstdlib>

#include "db/pg_database.h"
#include "db/sqlite_database.h"
#include "util/redact.h"
#include "util/suggest.h"

namespace strata::db {

const char* backend_name(Backend b) { return b == Backend::k_postgres ? "postgres" : "sqlite"; }

int QueryResult::column(std::string_view name) const {
  for (size_t i = 0; i < columns.size(); ++i)
    if (columns[i] == name) return static_cast<int>(i);
  return -1;
}

Backend backend_of(std::string_view url) {
  if (url.starts_with("postgres://") || url.starts_with("postgresql://") ||
      is_keyword_conninfo(url))
    return Backend::k_postgres;
  return Backend::k_sqlite;
}

std::string_view url_scheme(std::string_view url) {
  size_t sep = url.find("://");
  if (sep == std::string_view::npos || sep == 0) return {};
  std::string_view scheme = url.substr(0, sep);
  if (!std::isalpha(static_cast<unsigned char>(scheme[0]))) return {};
  for (char c : scheme)
    if (!std::isalnum(static_cast<unsigned char>(c)) && c != '+' && c != '-' && c != '.') return {};
  return scheme;
}

bool is_keyword_conninfo(std::string_view url) {
  // libpq's connection keywords; a string opening with one of them and '='
  // is a keyword/value string ("host=db dbname=app"), not a file name.
  static constexpr std::string_view k_keywords[] = {"host",
                                                    "hostaddr",
                                                    "port",
                                                    "dbname",
                                                    "user",
                                                    "password",
                                                    "passfile",
                                                    "connect_timeout",
                                                    "client_encoding",
                                                    "options",
                                                    "application_name",
                                                    "sslmode",
                                                    "sslcert",
                                                    "sslkey",
                                                    "sslrootcert",
                                                    "service",
                                                    "target_session_attrs"};
  while (!url.empty() && url.front() == ' ') url.remove_prefix(1);
  size_t eq = url.find('=');
  if (eq == std::string_view::npos) return false;
  std::string_view key = url.substr(0, eq);
  while (!key.empty() && key.back() == ' ') key.remove_suffix(1);
  return std::find(std::begin(k_keywords), std::end(k_keywords), key) != std::end(k_keywords);
}

Status check_database_url(std::string_view url) {
  std::string_view scheme = url_scheme(url);
  if (scheme == "postgres" || scheme == "postgresql") {
    // libpq splits the authority at the first '@', so "user:pa@ss@host"
    // would connect to host "ss@host" and print that password fragment.
    std::string_view rest = url.substr(scheme.size() + 3);
    std::string_view authority = rest.substr(0, rest.find_first_of("/?#"));
    if (std::count(authority.begin(), authority.end(), '@') > 1)
      return Error("the URL's user name or password holds an unencoded '@'", {},
                   "percent-encode it as %40: postgres://user:pa%40ss@host/db");
  }
  if (scheme.empty() || scheme == "postgres" || scheme == "postgresql" || scheme == "sqlite")
    return ok_status();
  std::string supported =
      "supported: postgres://..., postgresql://..., 'host=... dbname=...', sqlite:PATH or a file "
      "path";
  std::string hint = did_you_mean(scheme, {"postgres", "postgresql", "sqlite"});
  if (hint.empty() &&
      (scheme == "mysql" || scheme == "mariadb" || scheme == "mssql" || scheme == "sqlserver"))
    hint = "Strata's databases are PostgreSQL and SQLite";
  return Error(fmt::format("unknown database URL scheme '{}://'", scheme), {},
               (hint.empty() ? "" : hint + " ") + "(" + supported + ")");
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

std::string redact_url(std::string_view url) { return redact_secrets(url); }

Result<std::unique_ptr<DatabaseManager>> open_database(std::string_view given) {
  std::string url = database_url_or_env(given);
  if (url.empty())
    return Error("no database given", {},
                 "pass --url, set STRATA_DATABASE_URL, or set db.url in strata.json");
  if (auto st = check_database_url(url); !st) return st.error();
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
