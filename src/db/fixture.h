#pragma once
// Table fixtures for seeds: a JSON array of objects or a CSV file with a
// header row, loaded into the table the file is named after
// (`users.csv`, or `01_users.csv` to order files).

#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include "db/database.h"

namespace strata::db {

struct FixtureRow {
  std::vector<std::string> columns;
  std::vector<std::optional<std::string>> values;
  int line = 0;  // where the row starts in its file (CSV), 0 if unknown
};

// The table a fixture file fills: its stem without a leading "<digits>_".
std::string fixture_table(const std::filesystem::path& file);

// RFC 4180 CSV: the first record names the columns; an empty unquoted
// field is NULL, "" is the empty string.
Result<std::vector<FixtureRow>> parse_csv_fixture(std::string_view text, const std::string& file);
// A JSON array of objects; nested values are stored as JSON text.
Result<std::vector<FixtureRow>> parse_json_fixture(std::string_view text, const std::string& file,
                                                   Backend backend);

// Inserts the rows into `table` (which may be schema-qualified), one
// INSERT per row; errors name the file and the row's line. With `replace`
// (a fixture applied again by `db seed --force`), a row whose primary key
// exists updates that row instead.
Status insert_fixture_rows(DatabaseManager& db, const std::string& table,
                           const std::vector<FixtureRow>& rows, const std::string& file,
                           bool replace = false);

// The primary key's columns of `table`, in key order; empty if it has none.
Result<std::vector<std::string>> primary_key_columns(DatabaseManager& db, const std::string& table);

// "name" with embedded quotes doubled; "a.b" becomes "a"."b".
std::string quote_identifier(std::string_view name);

}  // namespace strata::db
