// Each seed file applies in its own transaction together with its row in
// `strata_seed_history`, under the seed lock, so concurrent seeders apply a
// file once and a failure leaves no half-seeded file behind.

#include "db/seeder.h"

#include <algorithm>
#include <map>

#include "db/fixture.h"
#include "db/schema_history.h"
#include "db/sql_text.h"
#include "util/fs.h"
#include "util/hash.h"
#include "util/suggest.h"

namespace strata::db {

namespace fs = std::filesystem;

namespace {

constexpr const char* k_columns = R"( (
  path TEXT PRIMARY KEY,
  scenario TEXT NOT NULL,
  checksum TEXT NOT NULL,
  applied_at TEXT NOT NULL,
  applied_by TEXT NOT NULL
))";

bool seed_extension(const fs::path& p, SeedKind& kind) {
  std::string ext = p.extension().string();
  if (ext == ".sql")
    kind = SeedKind::k_sql;
  else if (ext == ".json")
    kind = SeedKind::k_json;
  else if (ext == ".csv")
    kind = SeedKind::k_csv;
  else
    return false;
  return true;
}

int64_t ms_since(std::chrono::steady_clock::time_point start) {
  return std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now() -
                                                               start)
      .count();
}

}  // namespace

const char* seed_outcome_name(SeedOutcome o) {
  switch (o) {
    case SeedOutcome::k_applied:
      return "applied";
    case SeedOutcome::k_unchanged:
      return "unchanged";
    case SeedOutcome::k_reapplied:
      return "reapplied";
  }
  return "?";
}

std::vector<std::string> Seeder::scenarios() const {
  std::vector<std::string> out;
  std::error_code ec;
  if (fs::is_regular_file(m_seeds, ec)) return {"default"};
  for (const auto& e : fs::directory_iterator(m_seeds, ec)) {
    if (e.is_directory())
      out.push_back(e.path().filename().string());
    else if (e.path().extension() == ".sql")
      out.push_back(e.path().stem().string());
  }
  std::sort(out.begin(), out.end());
  out.erase(std::unique(out.begin(), out.end()), out.end());
  return out;
}

Result<SeedFile> Seeder::load(const fs::path& p) const {
  SeedFile f;
  f.path = p;
  seed_extension(p, f.kind);
  std::string rel = relative_to(p, m_root);
  f.tracked_path = rel.empty() ? p.string() : rel;
  auto text = read_file(p);
  if (!text) return text.error();
  f.text = normalize_line_endings(*text);
  f.checksum = hash_bytes(f.text).hex();
  return f;
}

Result<std::vector<SeedFile>> Seeder::files(const std::string& scenario) const {
  std::error_code ec;
  std::vector<fs::path> paths;
  SeedKind kind;
  if (fs::is_regular_file(m_seeds, ec) && scenario == "default") {
    paths.push_back(m_seeds);
  } else if (fs::is_regular_file(m_seeds / (scenario + ".sql"), ec)) {
    paths.push_back(m_seeds / (scenario + ".sql"));
  } else if (fs::is_directory(m_seeds / scenario, ec)) {
    for (const auto& e : fs::directory_iterator(m_seeds / scenario, ec))
      if (e.is_regular_file() && seed_extension(e.path(), kind)) paths.push_back(e.path());
    std::sort(paths.begin(), paths.end());
  } else {
    std::string hint = did_you_mean(scenario, scenarios());
    if (hint.empty())
      hint = "create " + (m_seeds / (scenario + ".sql")).string() + " or a directory of that name";
    return Error("no seed scenario '" + scenario + "' in " + m_seeds.string(), {}, hint)
        .of(ErrorKind::k_not_found);
  }
  std::vector<SeedFile> out;
  for (const auto& p : paths) {
    auto f = load(p);
    if (!f) return f.error();
    out.push_back(std::move(*f));
  }
  return out;
}

std::string Seeder::history_table() const { return strata_table(m_db, "strata_seed_history"); }

Status Seeder::ensure_table() {
  if (auto st = m_db.exec("CREATE TABLE IF NOT EXISTS " + history_table() + k_columns); !st)
    return st;
  return check_format(m_db, "seed_history_format", k_format);
}

Status Seeder::apply(const SeedFile& f, bool again) {
  std::string file = f.path.string();
  if (f.kind == SeedKind::k_sql) {
    if (auto st = m_db.exec(f.text); !st) {
      const DbErrorDetail& d = m_db.last_error();
      return Error("seed failed and was rolled back: " + st.error().message, {file, d.line, d.col},
                   st.error().hint);
    }
    return ok_status();
  }
  auto rows = f.kind == SeedKind::k_csv ? parse_csv_fixture(f.text, file)
                                        : parse_json_fixture(f.text, file, m_db.backend());
  if (!rows) return rows.error();
  return insert_fixture_rows(m_db, fixture_table(f.path), *rows, file, again);
}

Status Seeder::record(const SeedFile& f, const std::string& scenario, bool update) {
  Params p{f.tracked_path, scenario, f.checksum, utc_now_iso(), current_actor()};
  if (update)
    return m_db.exec(
        "UPDATE " + history_table() +
            " SET scenario = $2, checksum = $3, applied_at = $4, applied_by = $5 WHERE path = $1",
        p);
  return m_db.exec(
      "INSERT INTO " + history_table() +
          " (path, scenario, checksum, applied_at, applied_by) VALUES ($1, $2, $3, $4, $5)",
      p);
}

Result<std::vector<SeedResult>> Seeder::seed(const std::string& scenario, const SeedOptions& opts) {
  auto files_r = files(scenario);
  if (!files_r) return files_r.error();
  std::unique_ptr<DatabaseLock> held;
  if (!opts.dry_run) {
    auto lock = m_db.lock(k_strata_lock_key, std::chrono::minutes(10));
    if (!lock) return lock.error();
    held = std::move(*lock);
    if (auto st = ensure_table(); !st) return st.error();
  }
  std::map<std::string, std::string> recorded;
  auto exists = table_exists(m_db, "strata_seed_history");
  if (!exists) return exists.error();
  if (*exists) {
    auto r = m_db.query("SELECT path, checksum FROM " + history_table());
    if (!r) return r.error();
    for (const auto& row : r->rows) recorded[row[0].value_or("")] = row[1].value_or("");
  }
  std::vector<SeedResult> out;
  for (const SeedFile& f : *files_r) {
    auto it = recorded.find(f.tracked_path);
    SeedResult res{f, SeedOutcome::k_applied, 0};
    if (it != recorded.end() && it->second == f.checksum)
      res.outcome = SeedOutcome::k_unchanged;
    else if (it != recorded.end() && !opts.force)
      return Error("seed file changed since it was applied", {f.path.string()},
                   "run `strata db reset` to start from a clean database, or `strata db seed "
                   "--force` to apply it again")
          .of(ErrorKind::k_conflict);
    else if (it != recorded.end())
      res.outcome = SeedOutcome::k_reapplied;
    if (res.outcome != SeedOutcome::k_unchanged && !opts.dry_run) {
      auto start = std::chrono::steady_clock::now();
      if (auto st = m_db.begin(); !st) return st.error();
      Status st = apply(f, it != recorded.end());
      if (st) st = record(f, scenario, it != recorded.end());
      if (!st) {
        (void)m_db.rollback();
        return st.error();
      }
      if (auto c = m_db.commit(); !c) return c.error();
      res.duration_ms = ms_since(start);
    }
    out.push_back(std::move(res));
  }
  return out;
}

}  // namespace strata::db
