#pragma once
// What the db subcommand files share: one options struct for the group,
// settings and connection resolution, and the migration progress lines.
// Each file adds its rows to the group's subcommand table.

#include <functional>
#include <memory>
#include <nlohmann/json_fwd.hpp>
#include <string>
#include <vector>

#include "cli/command.h"
#include "db/db_settings.h"
#include "db/migrator.h"
#include "db/seeder.h"

namespace strata::cli::db_cli {

struct DbCmdOptions {
  db::DbFlags flags;
  bool json = false, dry_run = false, allow_out_of_order = false, yes = false, force = false,
       no_seed = false;
  bool check = false;  // db status: fail on pending migrations too
  bool down = false;
  std::string to, name, scenario, target_url;
  int steps = 1;
  int lock_timeout_s = 600;
  int64_t count = 0;
  int dim = 0;
  uint64_t seed = 42;
  std::string id_prefix = "vec-";
  std::vector<std::string> metadata;
};
using Options = std::shared_ptr<DbCmdOptions>;

// The settings: flags (paths relative to where strata started), then the
// environment, strata.json and the directory layout.
Result<db::DbSettings> settings(const DbCmdOptions& o);

struct Connection {
  db::DbSettings settings;
  std::unique_ptr<db::DatabaseManager> db;
};
Result<Connection> connect(const DbCmdOptions& o);

db::MigrateOptions migrate_options(const DbCmdOptions& o);
nlohmann::json migration_json(const db::MigrationFile& m);

// --url, --dir, --seeds and --json.
void add_connection_options(CLI::App& s, DbCmdOptions& o);
// A row of a subcommand that connects: its options are the connection's
// plus what `more` adds; its handler calls `run`.
CommandSpec connection_row(const char* name, const char* summary, const Options& o,
                           ExitCode (*run)(const DbCmdOptions&),
                           std::function<void(CLI::App&, DbCmdOptions&)> more);

// --allow-out-of-order, --to, --lock-timeout.
void add_migrate_options(CLI::App& s, DbCmdOptions& o);

// Prints one line per migration: while it runs on a terminal, when it ends
// everywhere.
class ProgressLines final : public db::MigrationObserver {
 public:
  ProgressLines(const char* verb, bool quiet);
  void started(const db::MigrationFile& m) override;
  void finished(const db::MigrationFile& m, int64_t ms) override;
  // Ends a half-written line before an error is printed.
  void interrupted() const;

 private:
  const char* m_verb;
  bool m_quiet, m_tty;
};

ExitCode print_seed_results(const std::string& scenario, const std::vector<db::SeedResult>& results,
                            bool json);

// The rows of each file, in the order `strata db --help` lists them.
std::vector<CommandSpec> migration_rows(
    const Options& o);                                 // new, migrate, rollback, status, repair
std::vector<CommandSpec> seed_rows(const Options& o);  // reset, seed
std::vector<CommandSpec> test_data_rows(const Options& o);  // testdb, test-vectors

}  // namespace strata::cli::db_cli
