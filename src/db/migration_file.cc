#include "db/migration_file.h"

#include <algorithm>
#include <cctype>
#include <ctime>
#include <map>

#include "db/sql_text.h"
#include "util/fs.h"
#include "util/hash.h"

namespace strata::db {

namespace fs = std::filesystem;

namespace {

constexpr std::string_view k_no_transaction = "-- strata:no-transaction";

std::string_view strip_zeros(std::string_view v) {
  while (v.size() > 1 && v.front() == '0') v.remove_prefix(1);
  return v;
}

struct ParsedName {
  std::string version, name;
  bool down = false;
};

// "<digits>_<name>.sql" or "<digits>_<name>.down.sql".
bool parse_name(const std::string& file, ParsedName& out) {
  std::string_view f = file;
  if (!f.ends_with(".sql")) return false;
  f.remove_suffix(4);
  if (f.ends_with(".down")) {
    f.remove_suffix(5);
    out.down = true;
  }
  size_t digits = 0;
  while (digits < f.size() && std::isdigit(static_cast<unsigned char>(f[digits]))) ++digits;
  if (digits == 0) return false;
  out.version = std::string(f.substr(0, digits));
  if (digits == f.size()) return true;  // "<version>.sql"
  if (f[digits] != '_') return false;
  out.name = std::string(f.substr(digits + 1));
  return true;
}

bool first_line_is_directive(std::string_view sql) {
  size_t nl = sql.find('\n');
  std::string_view first = sql.substr(0, nl);
  while (!first.empty() && std::isspace(static_cast<unsigned char>(first.back())))
    first.remove_suffix(1);
  return first == k_no_transaction;
}

Status add_file(const fs::path& path, std::map<std::string, MigrationFile>& by_version,
                std::map<std::string, fs::path>& downs) {
  std::string file = path.filename().string();
  ParsedName p;
  if (!parse_name(file, p))
    return Error("not a migration file name", {path.string()},
                 "name migrations <timestamp>_<name>.sql (strata db new NAME creates one)");
  // Keyed by the number, so "5" and "005" are one version (version_less
  // orders them as equal) and a down file pairs with either spelling.
  std::string key(strip_zeros(p.version));
  if (p.down) {
    downs[key] = path;
    return ok_status();
  }
  if (auto it = by_version.find(key); it != by_version.end())
    return Error("duplicate migration version " + p.version + " (also " +
                     it->second.path.filename().string() + ")",
                 {path.string()}, "give each migration its own version");
  auto text = read_file(path);
  if (!text) return text.error();
  MigrationFile m;
  m.version = p.version;
  m.name = p.name;
  m.path = path;
  m.sql = normalize_line_endings(*text);
  m.checksum = sql_checksum(m.sql);
  m.no_transaction = first_line_is_directive(m.sql);
  by_version.emplace(std::move(key), std::move(m));
  return ok_status();
}

}  // namespace

bool version_less(const std::string& a, const std::string& b) {
  std::string_view x = strip_zeros(a), y = strip_zeros(b);
  if (x.size() != y.size()) return x.size() < y.size();
  return x < y;
}

std::string sql_checksum(std::string_view normalized_sql) {
  return hash_bytes(normalized_sql).hex();
}

Result<std::vector<MigrationFile>> scan_migrations(const fs::path& dir) {
  std::error_code ec;
  if (!fs::is_directory(dir, ec)) return std::vector<MigrationFile>{};
  std::vector<fs::path> paths;
  for (const auto& e : fs::directory_iterator(dir, ec))
    if (e.is_regular_file() && e.path().extension() == ".sql") paths.push_back(e.path());
  std::sort(paths.begin(), paths.end());
  std::map<std::string, MigrationFile> by_version;
  std::map<std::string, fs::path> downs;
  for (const auto& p : paths)
    if (auto st = add_file(p, by_version, downs); !st) return st.error();
  std::vector<MigrationFile> out;
  for (auto& [v, m] : by_version) out.push_back(std::move(m));
  std::sort(out.begin(), out.end(),
            [](const auto& a, const auto& b) { return version_less(a.version, b.version); });
  for (auto& m : out)
    if (auto it = downs.find(std::string(strip_zeros(m.version))); it != downs.end()) {
      m.down_path = it->second;
      downs.erase(it);
    }
  if (!downs.empty())
    return Error("down file without an up migration", {downs.begin()->second.string()},
                 "a down file needs <version>_<name>.sql beside it");
  return out;
}

namespace {

std::string utc_timestamp() {
  std::time_t now = std::time(nullptr);
  std::tm tm{};
  gmtime_r(&now, &tm);
  char buf[16];
  std::strftime(buf, sizeof buf, "%Y%m%d%H%M%S", &tm);
  return buf;
}

// Decimal string + 1.
std::string next_version(std::string v) {
  int i = static_cast<int>(v.size()) - 1;
  for (; i >= 0; --i) {
    if (v[i] != '9') {
      ++v[i];
      return v;
    }
    v[i] = '0';
  }
  return "1" + v;
}

std::string slug(const std::string& name) {
  std::string out;
  for (char c : name) {
    bool word = std::isalnum(static_cast<unsigned char>(c));
    if (word)
      out += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    else if (!out.empty() && out.back() != '_')
      out += '_';
  }
  while (!out.empty() && out.back() == '_') out.pop_back();
  return out;
}

}  // namespace

Result<fs::path> new_migration_path(const fs::path& dir, const std::string& name) {
  std::string s = slug(name);
  if (s.empty()) return Error("a migration name needs letters or digits: '" + name + "'");
  auto existing = scan_migrations(dir);
  if (!existing) return existing.error();
  std::string version = utc_timestamp();
  if (!existing->empty() && !version_less(existing->back().version, version))
    version = next_version(existing->back().version);
  return dir / (version + "_" + s + ".sql");
}

}  // namespace strata::db
