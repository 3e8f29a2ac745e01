// db: migrations (new, migrate, rollback, status, repair, reset), seeds and
// the test-data helpers (testdb, test-vectors). The work is in src/db/
// behind the DatabaseManager, MigrationManager and SeedManager ports; this
// file resolves settings, prints progress and results (text or --json) and
// turns failures into one-line errors.

#include <CLI/CLI.hpp>
#include <unistd.h>

#include <cstdio>
#include <filesystem>
#include <memory>

#include <nlohmann/json.hpp>

#include "cli/command.h"
#include "config/loader.h"
#include "db/database_reset.h"
#include "db/db_settings.h"
#include "db/migrator.h"
#include "db/seeder.h"
#include "db/test_data.h"
#include "exec/output.h"
#include "util/diagnostics.h"
#include "util/fs.h"

namespace strata::cli {

namespace {

namespace fs = std::filesystem;
using namespace strata::db;

constexpr int k_ok = static_cast<int>(ExitCode::k_ok);
constexpr int k_failure = static_cast<int>(ExitCode::k_failure);
constexpr int k_usage = static_cast<int>(ExitCode::k_usage);

struct DbCmdOptions {
  DbFlags flags;
  bool json = false, dry_run = false, allow_out_of_order = false, yes = false, force = false, no_seed = false;
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

fs::path start_dir();

// Errors name files relative to where strata started, when they are below it.
int fail(Error e, int code = k_failure) {
  std::string rel = e.loc.known() ? relative_to(e.loc.file, start_dir()) : "";
  if (!rel.empty()) e.loc.file = rel;
  print_error(e);
  return code;
}

void print_json(const nlohmann::json& j) { std::printf("%s\n", j.dump(2).c_str()); }

fs::path start_dir() {
  std::error_code ec;
  const std::string& cwd = global_options().cwd;
  return fs::absolute(cwd.empty() ? fs::current_path(ec) : fs::path(cwd), ec);
}

// Paths given on the command line are relative to where strata started.
std::string from_start(const std::string& p) { return p.empty() ? p : (start_dir() / p).lexically_normal().string(); }

Result<DbSettings> settings(const DbCmdOptions& o) {
  fs::path start = start_dir();
  auto root = find_workspace_root(start);
  DbFlags flags = o.flags;
  flags.migrations = from_start(flags.migrations);
  flags.seeds = from_start(flags.seeds);
  if (auto st = check_database_url(flags.url); !st) return st.error();
  if (backend_of(flags.url) == Backend::k_sqlite && !flags.url.empty()) {
    fs::path p = sqlite_path_of(flags.url);
    if (p.is_relative() && p != ":memory:") flags.url = "sqlite:" + (start / p).lexically_normal().string();
  }
  return resolve_db_settings(root ? *root : start, flags);
}

// Prints one line per migration: while it runs on a terminal, when it ends
// everywhere.
class ProgressLines final : public MigrationObserver {
 public:
  ProgressLines(const char* verb, bool quiet) : m_verb(verb), m_quiet(quiet), m_tty(is_interactive_terminal()) {}
  void started(const MigrationFile& m) override {
    if (m_quiet || !m_tty) return;
    std::printf("  ...      %s_%s", m.version.c_str(), m.name.c_str());
    std::fflush(stdout);
  }
  void finished(const MigrationFile& m, int64_t ms) override {
    if (m_quiet) return;
    if (m_tty) std::printf("\r\033[K");
    std::printf("  %-8s %s_%s (%lld ms)\n", m_verb, m.version.c_str(), m.name.c_str(), static_cast<long long>(ms));
    std::fflush(stdout);
  }
  // Ends a half-written line before an error is printed.
  void interrupted() const {
    if (!m_quiet && m_tty) std::printf("\n");
  }

 private:
  const char* m_verb;
  bool m_quiet, m_tty;
};

nlohmann::json migration_json(const MigrationFile& m) {
  return {{"version", m.version}, {"name", m.name}, {"file", m.path.string()}, {"noTransaction", m.no_transaction}};
}

struct Connection {
  DbSettings settings;
  std::unique_ptr<DatabaseManager> db;
};

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

// How the summary names what happened: migrate and rollback differ only here.
struct Wording {
  const char* verb;     // "apply"
  const char* done;     // "Applied"
  const char* nothing;  // "up to date"
};
constexpr Wording k_applying{"apply", "Applied", "is up to date"};
constexpr Wording k_rolling_back{"roll back", "Rolled back", "has no applied migrations"};

int report_migrations(const Connection& c, const std::vector<MigrationFile>& done, bool dry_run, bool json,
                      const Wording& w) {
  if (json) {
    nlohmann::json list = nlohmann::json::array();
    for (const auto& m : done) list.push_back(migration_json(m));
    print_json({{"url", c.db->display_url()}, {"dryRun", dry_run}, {"migrations", list}});
    return k_ok;
  }
  if (dry_run) {
    std::printf("Plan for %s: %zu migration(s) to %s\n", c.db->display_url().c_str(), done.size(), w.verb);
    for (const auto& m : done)
      std::printf("  %s_%s%s\n", m.version.c_str(), m.name.c_str(), m.no_transaction ? " (no transaction)" : "");
    return k_ok;
  }
  if (done.empty()) std::printf("Nothing to %s: %s %s.\n", w.verb, c.db->display_url().c_str(), w.nothing);
  else std::printf("%s %zu migration(s) on %s.\n", w.done, done.size(), c.db->display_url().c_str());
  return k_ok;
}

int run_migrate(const DbCmdOptions& o) {
  auto c = connect(o);
  if (!c) return fail(c.error());
  Migrator m(*c->db, c->settings.migrations);
  ProgressLines progress("applied", o.json);
  auto done = m.migrate(migrate_options(o), &progress);
  if (!done) {
    progress.interrupted();
    return fail(done.error());
  }
  return report_migrations(*c, *done, o.dry_run, o.json, k_applying);
}

int run_rollback(const DbCmdOptions& o) {
  if (o.steps < 1) return fail(Error("--steps must be at least 1"), k_usage);
  auto c = connect(o);
  if (!c) return fail(c.error());
  Migrator m(*c->db, c->settings.migrations);
  ProgressLines progress("reverted", o.json);
  auto done = m.rollback(o.steps, o.dry_run, &progress);
  if (!done) {
    progress.interrupted();
    return fail(done.error());
  }
  return report_migrations(*c, *done, o.dry_run, o.json, k_rolling_back);
}

nlohmann::json status_json(const MigrationStatus& s) {
  nlohmann::json j = {{"version", s.version}, {"name", s.name}, {"state", migration_state_name(s.state)},
                      {"file", s.file.empty() ? nlohmann::json(nullptr) : nlohmann::json(s.file)},
                      {"noTransaction", s.no_transaction}, {"hasDown", s.has_down}};
  if (s.history)
    j.update({{"appliedAt", s.history->applied_at}, {"appliedBy", s.history->applied_by},
              {"durationMs", s.history->duration_ms}, {"checksum", s.history->checksum}});
  return j;
}

// The exit code of `db status`: drift (an applied file changed or gone),
// a dirty or out-of-order migration fails it; with --check a pending one
// too, so CI can stop before deploying an unmigrated schema.
int status_exit(const std::vector<MigrationStatus>& states, bool check, bool quiet) {
  std::map<MigrationState, int> n;
  for (const auto& s : states) ++n[s.state];
  int drift = n[MigrationState::k_changed] + n[MigrationState::k_missing];
  int dirty = n[MigrationState::k_dirty], out_of_order = n[MigrationState::k_out_of_order];
  int pending = check ? n[MigrationState::k_pending] : 0;
  if (drift + dirty + out_of_order + pending == 0) return k_ok;
  if (!quiet) {
    std::string what;
    auto add = [&](int k, const char* name) {
      if (k) what += (what.empty() ? "" : ", ") + std::to_string(k) + " " + name;
    };
    add(drift, "drifted (changed or missing)");
    add(dirty, "dirty");
    add(out_of_order, "out-of-order");
    add(pending, "pending");
    print_error(Error("the migrations are not in order: " + what, {},
                      drift + dirty ? "see the list above; `strata db repair` accepts edited files and forgets dirty ones"
                                    : "run `strata db migrate`"));
  }
  return k_failure;
}

int run_status(const DbCmdOptions& o) {
  auto c = connect(o);
  if (!c) return fail(c.error());
  auto states = Migrator(*c->db, c->settings.migrations).status();
  if (!states) return fail(states.error());
  if (o.json) {
    nlohmann::json list = nlohmann::json::array();
    for (const auto& s : *states) list.push_back(status_json(s));
    print_json({{"url", c->db->display_url()}, {"migrations", std::move(list)}});
    return status_exit(*states, o.check, true);
  }
  std::printf("%s (%s)\n", c->db->display_url().c_str(), relative_to(c->settings.migrations, c->settings.root).c_str());
  std::map<std::string, int> counts;
  for (const auto& s : *states) {
    ++counts[migration_state_name(s.state)];
    std::string when = s.history ? s.history->applied_at + " by " + s.history->applied_by : "";
    std::printf("  %-13s %s_%s  %s\n", migration_state_name(s.state), s.version.c_str(), s.name.c_str(), when.c_str());
  }
  std::string summary;
  for (const auto& [state, n] : counts) summary += (summary.empty() ? "" : ", ") + std::to_string(n) + " " + state;
  std::printf("%s\n", states->empty() ? "No migrations." : summary.c_str());
  std::fflush(stdout);
  return status_exit(*states, o.check, false);
}

int run_repair(const DbCmdOptions& o) {
  auto c = connect(o);
  if (!c) return fail(c.error());
  auto r = Migrator(*c->db, c->settings.migrations).repair();
  if (!r) return fail(r.error());
  if (o.json) {
    print_json({{"dirtyRemoved", r->dirty_removed}, {"checksumsUpdated", r->checksums_updated}});
    return k_ok;
  }
  for (const auto& v : r->dirty_removed) std::printf("  forgot dirty migration %s (it will run again)\n", v.c_str());
  for (const auto& v : r->checksums_updated) std::printf("  accepted the changed file of migration %s\n", v.c_str());
  if (r->dirty_removed.empty() && r->checksums_updated.empty()) std::printf("Nothing to repair.\n");
  return k_ok;
}

int run_new(const DbCmdOptions& o) {
  auto s = settings(o);
  if (!s) return fail(s.error());
  auto path = new_migration_path(s->migrations, o.name);
  if (!path) return fail(path.error(), k_usage);
  std::string header = "-- " + path->filename().string() + "\n";
  if (auto st = write_atomic(*path, header); !st) return fail(st.error());
  std::printf("%s\n", relative_to(*path, s->root).c_str());
  if (o.down) {
    fs::path down = path->parent_path() / (path->stem().string() + ".down.sql");
    if (auto st = write_atomic(down, "-- undoes " + path->filename().string() + "\n"); !st) return fail(st.error());
    std::printf("%s\n", relative_to(down, s->root).c_str());
  }
  return k_ok;
}

int print_seed_results(const std::string& scenario, const std::vector<SeedResult>& results, bool json) {
  if (json) {
    nlohmann::json files = nlohmann::json::array();
    for (const auto& r : results)
      files.push_back({{"path", r.file.tracked_path}, {"outcome", seed_outcome_name(r.outcome)},
                       {"checksum", r.file.checksum}, {"durationMs", r.duration_ms}});
    print_json({{"scenario", scenario}, {"files", files}});
    return k_ok;
  }
  for (const auto& r : results)
    std::printf("  %-9s %s (%lld ms)\n", seed_outcome_name(r.outcome), r.file.tracked_path.c_str(),
                static_cast<long long>(r.duration_ms));
  std::printf("Seeded scenario '%s' (%zu file(s)).\n", scenario.c_str(), results.size());
  return k_ok;
}

int run_seed(const DbCmdOptions& o) {
  auto c = connect(o);
  if (!c) return fail(c.error());
  Seeder seeder(*c->db, c->settings.seeds, c->settings.root);
  std::string scenario = o.scenario.empty() ? "default" : o.scenario;
  auto r = seeder.seed(scenario, {o.force, o.dry_run});
  if (!r) return fail(r.error());
  return print_seed_results(scenario, *r, o.json);
}

bool confirmed(const DbCmdOptions& o, const std::string& url) {
  if (o.yes) return true;
  if (!isatty(STDIN_FILENO)) return false;
  std::fprintf(stderr, "Drop everything in %s? [y/N] ", url.c_str());
  char answer[8] = {};
  return std::fgets(answer, sizeof answer, stdin) && (answer[0] == 'y' || answer[0] == 'Y');
}

int run_reset(const DbCmdOptions& o) {
  auto c = connect(o);
  if (!c) return fail(c.error());
  if (!confirmed(o, c->db->display_url()))
    return fail(Error("not resetting " + c->db->display_url(), {}, "pass --yes to drop everything in it"), k_usage);
  if (auto st = drop_all_objects(*c->db); !st) return fail(st.error());
  if (!o.json) std::printf("Dropped everything in %s.\n", c->db->display_url().c_str());
  ProgressLines progress("applied", o.json);
  auto done = Migrator(*c->db, c->settings.migrations).migrate(migrate_options(o), &progress);
  if (!done) {
    progress.interrupted();
    return fail(done.error());
  }
  Seeder seeder(*c->db, c->settings.seeds, c->settings.root);
  std::string scenario = o.scenario.empty() ? "default" : o.scenario;
  auto known = seeder.scenarios();
  bool seed = !o.no_seed && (!o.scenario.empty() || std::find(known.begin(), known.end(), scenario) != known.end());
  std::vector<SeedResult> seeded;
  if (seed) {
    auto r = seeder.seed(scenario, {});
    if (!r) return fail(r.error());
    seeded = std::move(*r);
  }
  if (o.json) {
    nlohmann::json migs = nlohmann::json::array(), files = nlohmann::json::array();
    for (const auto& m : *done) migs.push_back(migration_json(m));
    for (const auto& r : seeded) files.push_back(r.file.tracked_path);
    print_json({{"url", c->db->display_url()}, {"migrations", migs}, {"seeded", files}});
    return k_ok;
  }
  std::printf("Applied %zu migration(s).\n", done->size());
  return seed ? print_seed_results(scenario, seeded, false) : k_ok;
}

int run_testdb(CLI::App* create, const DbCmdOptions& o) {
  if (create->parsed()) {
    auto s = settings(o);
    if (!s) return fail(s.error());
    auto url = create_test_database(s->url);
    if (!url) return fail(url.error());
    std::printf("%s\n", url->c_str());
    return k_ok;
  }
  std::string url = o.target_url.empty() ? database_url_or_env(o.flags.url) : o.target_url;
  if (url.empty()) return fail(Error("which test database?", {}, "strata db testdb drop URL"), k_usage);
  if (auto st = drop_test_database(url); !st) return fail(st.error());
  return k_ok;
}

int run_test_vectors(const DbCmdOptions& o) {
  TestVectorOptions t;
  t.count = o.count;
  t.dim = o.dim;
  t.seed = o.seed;
  t.id_prefix = o.id_prefix;
  for (const auto& spec : o.metadata) {
    auto m = parse_metadata_spec(spec);
    if (!m) return fail(m.error(), k_usage);
    t.metadata.push_back(std::move(*m));
  }
  if (auto st = write_test_vectors(t, stdout); !st) return fail(st.error(), k_usage);
  return k_ok;
}

void add_connection_options(CLI::App* s, DbCmdOptions& o) {
  s->add_option("--url", o.flags.url, "Database URL: postgres://..., sqlite:PATH or a file path (or STRATA_DATABASE_URL)");
  s->add_option("--dir", o.flags.migrations, "Migrations directory (default db/migrations or supabase/migrations)");
  s->add_option("--seeds", o.flags.seeds, "Seeds directory or file (default db/seeds or supabase/seed.sql)");
  s->add_flag("--json", o.json, "Print JSON");
}

void add_migrate_options(CLI::App* s, DbCmdOptions& o) {
  s->add_flag("--allow-out-of-order", o.allow_out_of_order, "Apply pending migrations older than applied ones");
  s->add_option("--to", o.to, "Stop after this version");
  s->add_option("--lock-timeout", o.lock_timeout_s, "Seconds to wait for another migrator (default 600)");
}

struct DbSubcommands {
  CLI::App *new_, *migrate, *rollback, *status, *repair, *reset, *seed, *testdb, *testdb_create, *vectors;
};

DbSubcommands add_subcommands(CLI::App& sub, DbCmdOptions& o) {
  DbSubcommands s{};
  s.new_ = sub.add_subcommand("new", "Create the next migration file (UTC timestamp version)");
  s.new_->add_option("name", o.name, "What the migration does, e.g. create_users")->required();
  s.new_->add_flag("--down", o.down, "Also create its .down.sql file");
  s.migrate = sub.add_subcommand("migrate", "Apply pending migrations, each in its own transaction");
  s.migrate->add_flag("--dry-run", o.dry_run, "Print the plan, change nothing");
  add_migrate_options(s.migrate, o);
  s.rollback = sub.add_subcommand("rollback", "Undo the newest applied migrations with their down files");
  s.rollback->add_option("--steps", o.steps, "How many migrations to undo (default 1)");
  s.rollback->add_flag("--dry-run", o.dry_run, "Print the plan, change nothing");
  s.status = sub.add_subcommand("status", "Applied, pending, dirty and changed migrations (exit 1 on drift or dirty)");
  s.status->add_flag("--check", o.check, "Also exit 1 when migrations are pending (for CI)");
  s.repair = sub.add_subcommand("repair", "Forget dirty migrations and accept edited applied files");
  s.reset = sub.add_subcommand("reset", "Drop everything, migrate, seed");
  s.reset->add_option("scenario", o.scenario, "Seed scenario (default: 'default' if there is one)");
  s.reset->add_flag("--yes", o.yes, "Do not ask before dropping");
  s.reset->add_flag("--no-seed", o.no_seed, "Only drop and migrate");
  add_migrate_options(s.reset, o);
  s.seed = sub.add_subcommand("seed", "Apply a seed scenario (SQL, JSON or CSV fixtures)");
  s.seed->add_option("scenario", o.scenario, "Scenario name (default 'default')");
  s.seed->add_flag("--force", o.force, "Apply seeds that changed since they were applied again");
  s.seed->add_flag("--dry-run", o.dry_run, "Report what would be applied");
  for (CLI::App* c : {s.new_, s.migrate, s.rollback, s.status, s.repair, s.reset, s.seed}) add_connection_options(c, o);
  s.testdb = sub.add_subcommand("testdb", "Create or drop a throwaway test database");
  s.testdb->require_subcommand(1);
  s.testdb_create = s.testdb->add_subcommand("create", "Create strata_test_<random> on the server; print its URL");
  s.testdb_create->add_option("--url", o.flags.url, "Server URL (a PostgreSQL database on it); SQLite: a temp file");
  CLI::App* drop = s.testdb->add_subcommand("drop", "Drop a database made by `testdb create`");
  drop->add_option("url", o.target_url, "The URL `testdb create` printed");
  s.vectors = sub.add_subcommand("test-vectors", "Print N deterministic random unit vectors as JSON lines");
  s.vectors->add_option("count", o.count, "How many vectors")->required();
  s.vectors->add_option("--dim", o.dim, "Dimension")->required();
  s.vectors->add_option("--seed", o.seed, "Random seed (default 42); same seed, same bytes");
  s.vectors->add_option("--metadata", o.metadata, "KEY=V1,V2,...: a metadata field picked from these values");
  s.vectors->add_option("--id-prefix", o.id_prefix, "Id prefix (default vec-)");
  return s;
}

int dispatch(const DbSubcommands& s, const DbCmdOptions& o) {
  if (s.new_->parsed()) return run_new(o);
  if (s.migrate->parsed()) return run_migrate(o);
  if (s.rollback->parsed()) return run_rollback(o);
  if (s.status->parsed()) return run_status(o);
  if (s.repair->parsed()) return run_repair(o);
  if (s.reset->parsed()) return run_reset(o);
  if (s.seed->parsed()) return run_seed(o);
  if (s.testdb->parsed()) return run_testdb(s.testdb_create, o);
  return run_test_vectors(o);
}

CommandSpec db_command() {
  return {"db", "Database migrations, seeds and test data (SQLite or PostgreSQL)",
          "  strata db new create_users\n  strata db migrate --dry-run\n"
          "  strata db migrate --url postgres://localhost/app\n  strata db status --json\n"
          "  strata db rollback --steps 2\n  strata db seed demo\n  strata db reset --yes\n"
          "  strata db testdb create --url postgres://localhost/postgres\n"
          "  strata db test-vectors 1000 --dim 384 --seed 7 --metadata lang=en,de",
          [](CLI::App& sub) -> Handler {
            auto o = std::make_shared<DbCmdOptions>();
            sub.require_subcommand(0, 1);
            // A word that is no subcommand lands here, for a suggestion.
            auto unknown = std::make_shared<std::string>();
            sub.add_option("subcommand", *unknown)->group("");
            DbSubcommands s = add_subcommands(sub, *o);
            return [o, s, &sub, unknown] {
              if (sub.get_subcommands().empty()) return unknown_subcommand(sub, *unknown);
              return dispatch(s, *o);
            };
          }};
}

}  // namespace

std::vector<CommandSpec> db_commands() { return {db_command()}; }

}  // namespace strata::cli
