#include "db/db_settings.h"

#include <toml++/toml.h>

#include <cstdlib>
#include <nlohmann/json.hpp>

#include "db/database.h"
#include "util/fs.h"
#include "util/json_limits.h"

namespace strata::db {

namespace fs = std::filesystem;

namespace {

struct ConfigDb {
  std::string url, migrations, seeds;
};

Result<ConfigDb> read_config(const fs::path& root) {
  fs::path file = root / "strata.json";
  std::error_code ec;
  if (!fs::exists(file, ec)) return ConfigDb{};
  auto text = read_file(file);
  if (!text) return text.error();
  // db commands do not load the workspace, so a strata.json they cannot
  // read is their error, within the limits of every JSON reader.
  auto parsed = parse_json_file_text(file.string(), *text, /*comments=*/true);
  if (!parsed) return parsed.error();
  const nlohmann::json& doc = *parsed;
  if (!doc.is_object()) return ConfigDb{};  // the workspace loader reports it
  auto it = doc.find("db");
  if (it == doc.end()) return ConfigDb{};
  if (!it->is_object())
    return Error("\"db\" must be an object {\"url\", \"migrations\", \"seeds\"}", {file.string()});
  ConfigDb out;
  for (auto [key, dest] :
       {std::pair{"url", &out.url}, {"migrations", &out.migrations}, {"seeds", &out.seeds}}) {
    auto v = it->find(key);
    if (v == it->end()) continue;
    if (!v->is_string())
      return Error(std::string("\"db.") + key + "\" must be a string", {file.string()});
    *dest = v->get<std::string>();
  }
  return out;
}

std::string first_set(std::initializer_list<std::string> values) {
  for (const auto& v : values)
    if (!v.empty()) return v;
  return "";
}

// A SQLite URL with a relative path made absolute against `root`.
std::string anchored_url(const std::string& url, const fs::path& root) {
  if (backend_of(url) != Backend::k_sqlite || !check_database_url(url).ok()) return url;
  fs::path p = sqlite_path_of(url);
  if (p.is_absolute() || p == ":memory:") return url;
  return "sqlite:" + (root / p).lexically_normal().string();
}

// The local database `supabase start` runs, from supabase/config.toml's
// [db] port (54322 by default); "" without a Supabase project.
Result<std::string> supabase_local_url(const fs::path& root) {
  fs::path file = root / "supabase" / "config.toml";
  std::error_code ec;
  if (!fs::exists(file, ec)) return std::string();
  int64_t port = 54322;
  try {
    toml::table t = toml::parse_file(file.string());
    port = t["db"]["port"].value_or(port);
  } catch (const toml::parse_error& e) {
    // toml++ reports parse failures by exception; this is the boundary.
    return Error(std::string(e.description()),
                 {file.string(), static_cast<int>(e.source().begin.line),
                  static_cast<int>(e.source().begin.column)});
  }
  return "postgres://postgres:postgres@127.0.0.1:" + std::to_string(port) + "/postgres";
}

}  // namespace

Result<DbSettings> resolve_db_settings(const fs::path& root, const DbFlags& flags) {
  auto config = read_config(root);
  if (!config) return config.error();
  std::error_code ec;
  bool supabase = fs::is_directory(root / "supabase" / "migrations", ec) &&
                  !fs::exists(root / "db" / "migrations", ec);
  DbSettings s;
  s.root = root;
  const char* env = std::getenv("STRATA_DATABASE_URL");
  auto supabase_url = supabase_local_url(root);
  if (!supabase_url) return supabase_url.error();
  s.url = first_set(
      {flags.url, env ? env : "", config->url, *supabase_url, "sqlite:.strata/dev.sqlite"});
  if (auto st = check_database_url(s.url); !st) return st.error();
  s.url = anchored_url(s.url, root);
  s.migrations = root / first_set({flags.migrations, config->migrations,
                                   supabase ? "supabase/migrations" : "db/migrations"});
  s.seeds =
      root / first_set({flags.seeds, config->seeds, supabase ? "supabase/seed.sql" : "db/seeds"});
  return s;
}

}  // namespace strata::db
