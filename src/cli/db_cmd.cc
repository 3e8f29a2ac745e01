// db: migrations (new, migrate, rollback, status, repair, reset), seeds and
// the test-data helpers (testdb, test-vectors). The work is in src/db/
// behind the DatabaseManager, MigrationManager and SeedManager ports; the
// db_*_cmd.cc files resolve settings, print progress and results (text or
// --json) and turn failures into one-line errors. This file holds what they
// share and the group's row.

#include "cli/db_cmd.h"

#include <unistd.h>

#include <CLI/CLI.hpp>
#include <cstdio>
#include <filesystem>
#include <nlohmann/json.hpp>

#include "cli/command_support.h"
#include "config/loader.h"
#include "exec/output.h"

namespace strata::cli {

namespace db_cli {

namespace fs = std::filesystem;
using namespace strata::db;

Result<DbSettings> settings(const DbCmdOptions& o) {
  fs::path start = start_dir();
  auto root = find_workspace_root(start);
  DbFlags flags = o.flags;
  flags.migrations = from_start(flags.migrations);
  flags.seeds = from_start(flags.seeds);
  if (auto st = check_database_url(flags.url); !st) return st.error();
  if (backend_of(flags.url) == Backend::k_sqlite && !flags.url.empty()) {
    fs::path p = sqlite_path_of(flags.url);
    if (p.is_relative() && p != ":memory:")
      flags.url = "sqlite:" + (start / p).lexically_normal().string();
  }
  return resolve_db_settings(root ? *root : start, flags);
}

Result<Connection> connect(const DbCmdOptions& o) {
  auto s = settings(o);
  if (!s) return s.error();
  auto db = open_database(s->url);
  if (!db) return db.error();
  return Connection{std::move(*s), std::move(*db)};
}

MigrateOptions migrate_options(const DbCmdOptions& o) {
  MigrateOptions m;
  m.dry_run = o.dry_run;
  m.allow_out_of_order = o.allow_out_of_order;
  m.target = o.to;
  m.lock_timeout = std::chrono::seconds(o.lock_timeout_s);
  return m;
}

nlohmann::json migration_json(const MigrationFile& m) {
  return {{"version", m.version},
          {"name", m.name},
          {"file", m.path.string()},
          {"noTransaction", m.no_transaction}};
}

void add_connection_options(CLI::App& s, DbCmdOptions& o) {
  s.add_option("--url", o.flags.url,
               "Database URL: postgres://..., sqlite:PATH or a file path (or STRATA_DATABASE_URL)");
  s.add_option("--dir", o.flags.migrations,
               "Migrations directory (default db/migrations or supabase/migrations)");
  s.add_option("--seeds", o.flags.seeds,
               "Seeds directory or file (default db/seeds or supabase/seed.sql)");
  add_json_flag(s, o.json);
}

CommandSpec connection_row(const char* name, const char* summary, const Options& o,
                           ExitCode (*run)(const DbCmdOptions&),
                           std::function<void(CLI::App&, DbCmdOptions&)> more) {
  return {name, summary, "", [o, run, more](CLI::App& s) -> Handler {
            more(s, *o);
            add_connection_options(s, *o);
            return [o, run] { return run(*o); };
          }};
}

void add_migrate_options(CLI::App& s, DbCmdOptions& o) {
  s.add_flag("--allow-out-of-order", o.allow_out_of_order,
             "Apply pending migrations older than applied ones");
  s.add_option("--to", o.to, "Stop after this version");
  s.add_option("--lock-timeout", o.lock_timeout_s,
               "Seconds to wait for another migrator (default 600)");
}

ProgressLines::ProgressLines(const char* verb, bool quiet)
    : m_verb(verb), m_quiet(quiet), m_tty(is_interactive_terminal()) {}

void ProgressLines::started(const MigrationFile& m) {
  if (m_quiet || !m_tty) return;
  std::printf("  ...      %s_%s", m.version.c_str(), m.name.c_str());
  std::fflush(stdout);
}

void ProgressLines::finished(const MigrationFile& m, int64_t ms) {
  if (m_quiet) return;
  if (m_tty) std::printf("\r\033[K");
  std::printf("  %-8s %s_%s (%lld ms)\n", m_verb, m.version.c_str(), m.name.c_str(),
              static_cast<long long>(ms));
  std::fflush(stdout);
}

void ProgressLines::interrupted() const {
  if (!m_quiet && m_tty) std::printf("\n");
}

ExitCode print_seed_results(const std::string& scenario, const std::vector<SeedResult>& results,
                            bool json) {
  if (json) {
    nlohmann::json files = nlohmann::json::array();
    for (const auto& r : results)
      files.push_back({{"path", r.file.tracked_path},
                       {"outcome", seed_outcome_name(r.outcome)},
                       {"checksum", r.file.checksum},
                       {"durationMs", r.duration_ms}});
    print_json({{"scenario", scenario}, {"files", files}});
    return ExitCode::k_ok;
  }
  for (const auto& r : results)
    std::printf("  %-9s %s (%lld ms)\n", seed_outcome_name(r.outcome), r.file.tracked_path.c_str(),
                static_cast<long long>(r.duration_ms));
  std::printf("Seeded scenario '%s' (%zu file(s)).\n", scenario.c_str(), results.size());
  return ExitCode::k_ok;
}

}  // namespace db_cli

namespace {

std::vector<CommandSpec> db_rows(const db_cli::Options& o) {
  std::vector<CommandSpec> rows = db_cli::migration_rows(o);
  for (auto* more : {db_cli::seed_rows, db_cli::test_data_rows})
    for (auto& row : more(o)) rows.push_back(std::move(row));
  return rows;
}

CommandSpec db_command() {
  return {"db", "Database migrations, seeds and test data (SQLite or PostgreSQL)",
          "  strata db new create_users\n  strata db migrate --dry-run\n"
          "  strata db migrate --url postgres://localhost/app\n  strata db status --json\n"
          "  strata db rollback --steps 2\n  strata db seed demo\n  strata db reset --yes\n"
          "  strata db testdb create --url postgres://localhost/postgres\n"
          "  strata db test-vectors 1000 --dim 384 --seed 7 --metadata lang=en,de",
          [](CLI::App& sub) -> Handler {
            return subcommand_group(sub, db_rows(std::make_shared<db_cli::DbCmdOptions>()));
          }};
}

}  // namespace

std::vector<CommandSpec> db_commands() { return {db_command()}; }

}  // namespace strata::cli
