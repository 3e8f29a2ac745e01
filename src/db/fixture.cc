#include "db/fixture.h"

#include <algorithm>
#include <cctype>
#include <nlohmann/json.hpp>

#include "db/sql_text.h"
#include "util/json_limits.h"

namespace strata::db {

std::string fixture_table(const std::filesystem::path& file) {
  std::string stem = file.stem().string();
  size_t digits = 0;
  while (digits < stem.size() && std::isdigit(static_cast<unsigned char>(stem[digits]))) ++digits;
  // "01_.csv" keeps its name: dropping the prefix would leave no table.
  if (digits > 0 && digits + 1 < stem.size() && stem[digits] == '_') return stem.substr(digits + 1);
  return stem;
}

std::string quote_identifier(std::string_view name) {
  std::string out = "\"";
  for (char c : name) {
    if (c == '.')
      out += "\".\"";
    else if (c == '"')
      out += "\"\"";
    else
      out += c;
  }
  return out + "\"";
}

namespace {

struct CsvField {
  std::string text;
  bool quoted = false;
};

// One record starting at `i`; advances `i` and `line` past it.
Result<std::vector<CsvField>> csv_record(std::string_view s, size_t& i, int& line,
                                         const std::string& file) {
  std::vector<CsvField> out(1);
  int start_line = line;
  while (i < s.size()) {
    char c = s[i];
    if (c == '"' && out.back().text.empty() && !out.back().quoted) {
      out.back().quoted = true;
      for (++i;; ++i) {
        if (i >= s.size()) return Error("unterminated quoted field", {file, start_line});
        if (s[i] == '\n') ++line;
        if (s[i] != '"') {
          out.back().text += s[i];
        } else if (i + 1 < s.size() && s[i + 1] == '"') {
          out.back().text += '"';
          ++i;
        } else {
          ++i;
          break;
        }
      }
      continue;
    }
    ++i;
    if (c == ',')
      out.emplace_back();
    else if (c == '\n') {
      ++line;
      break;
    } else if (c != '\r')
      out.back().text += c;
  }
  return out;
}

}  // namespace

Result<std::vector<FixtureRow>> parse_csv_fixture(std::string_view text, const std::string& file) {
  // Spreadsheets start UTF-8 CSV with a byte order mark; it is no part of
  // the first column's name.
  if (text.starts_with("\xEF\xBB\xBF")) text.remove_prefix(3);
  size_t i = 0;
  int line = 1;
  auto header = csv_record(text, i, line, file);
  if (!header) return header.error();
  std::vector<std::string> columns;
  for (auto& f : *header) columns.push_back(f.text);
  if (columns.size() == 1 && columns[0].empty())
    return Error("CSV fixture has no header row", {file, 1});
  std::vector<FixtureRow> rows;
  while (i < text.size()) {
    int row_line = line;
    auto rec = csv_record(text, i, line, file);
    if (!rec) return rec.error();
    if (rec->size() == 1 && rec->front().text.empty() && !rec->front().quoted)
      continue;  // blank line
    if (rec->size() != columns.size())
      return Error("row has " + std::to_string(rec->size()) + " fields, the header has " +
                       std::to_string(columns.size()),
                   {file, row_line});
    FixtureRow row{columns, {}, row_line};
    for (auto& f : *rec)
      row.values.push_back(f.text.empty() && !f.quoted ? std::nullopt
                                                       : std::optional<std::string>(f.text));
    rows.push_back(std::move(row));
  }
  return rows;
}

namespace {

std::optional<std::string> json_value_text(const nlohmann::json& v, Backend backend) {
  if (v.is_null()) return std::nullopt;
  if (v.is_string()) return v.get<std::string>();
  if (v.is_boolean()) {
    bool b = v.get<bool>();
    if (backend == Backend::k_sqlite) return b ? "1" : "0";
    return b ? "true" : "false";
  }
  return v.dump();
}

}  // namespace

Result<std::vector<FixtureRow>> parse_json_fixture(std::string_view text, const std::string& file,
                                                   Backend backend) {
  // Within the size and nesting limits of every JSON reader; numbers out
  // of range are errors at their line, not exceptions.
  auto parsed = parse_json_file_text(file, text, /*comments=*/false);
  if (!parsed) {
    Error e = parsed.error();
    if (e.hint.empty()) e.hint = "a JSON fixture is an array of row objects";
    return e;
  }
  const nlohmann::json& doc = *parsed;
  if (!doc.is_array()) return Error("a JSON fixture must be an array of row objects", {file});
  std::vector<FixtureRow> rows;
  for (size_t n = 0; n < doc.size(); ++n) {
    const auto& obj = doc[n];
    if (!obj.is_object())
      return Error("row " + std::to_string(n + 1) + " is not an object", {file});
    FixtureRow row;
    for (const auto& [k, v] : obj.items()) {
      row.columns.push_back(k);
      row.values.push_back(json_value_text(v, backend));
    }
    rows.push_back(std::move(row));
  }
  return rows;
}

Result<std::vector<std::string>> primary_key_columns(DatabaseManager& db,
                                                     const std::string& table) {
  auto r =
      db.backend() == Backend::k_sqlite
          ? db.query("SELECT name FROM pragma_table_info($1) WHERE pk > 0 ORDER BY pk", {table})
          : db.query(
                "SELECT a.attname FROM pg_index i JOIN pg_attribute a ON a.attrelid = i.indrelid "
                "AND a.attnum = ANY(i.indkey) WHERE i.indrelid = $1::regclass AND i.indisprimary "
                "ORDER BY array_position(i.indkey::int2[], a.attnum)",
                {quote_identifier(table)});
  if (!r) return r.error();
  std::vector<std::string> out;
  for (const auto& row : r->rows) out.push_back(row[0].value_or(""));
  return out;
}

namespace {

// " ON CONFLICT (pk) DO UPDATE SET col = excluded.col, ..." for the row's
// other columns; DO NOTHING when the row holds only key columns.
std::string upsert_clause(const std::vector<std::string>& key,
                          const std::vector<std::string>& columns) {
  std::string target, set;
  for (const auto& k : key) target += (target.empty() ? "" : ", ") + quote_identifier(k);
  for (const auto& c : columns) {
    if (std::find(key.begin(), key.end(), c) != key.end()) continue;
    set += (set.empty() ? "" : ", ") + quote_identifier(c) + " = excluded." + quote_identifier(c);
  }
  return " ON CONFLICT (" + target + ") DO " + (set.empty() ? "NOTHING" : "UPDATE SET " + set);
}

}  // namespace

Status insert_fixture_rows(DatabaseManager& db, const std::string& table,
                           const std::vector<FixtureRow>& rows, const std::string& file,
                           bool replace) {
  std::vector<std::string> key;
  if (replace) {
    auto k = primary_key_columns(db, table);
    if (!k) return k.error();
    key = std::move(*k);
  }
  for (size_t n = 0; n < rows.size(); ++n) {
    const FixtureRow& r = rows[n];
    std::string cols, params;
    for (size_t c = 0; c < r.columns.size(); ++c) {
      if (c) cols += ", ", params += ", ";
      cols += quote_identifier(r.columns[c]);
      params += "$" + std::to_string(c + 1);
    }
    std::string sql =
        "INSERT INTO " + quote_identifier(table) +
        (r.columns.empty() ? " DEFAULT VALUES" : " (" + cols + ") VALUES (" + params + ")");
    if (!key.empty() && !r.columns.empty()) sql += upsert_clause(key, r.columns);
    if (auto st = db.exec(sql, r.values); !st)
      return Error("row " + std::to_string(n + 1) + " into " + table + ": " + st.error().message,
                   {file, r.line}, st.error().hint);
  }
  return ok_status();
}

}  // namespace strata::db
