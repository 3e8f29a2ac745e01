// db new, migrate, rollback, status, repair: the migration subcommands. The
// Migrator (src/db/migrator.h) does the work; these print what it did.

#include <CLI/CLI.hpp>
#include <cstdio>
#include <filesystem>
#include <map>
#include <nlohmann/json.hpp>

#include "cli/command_support.h"
#include "cli/db_cmd.h"
#include "util/fs.h"

namespace strata::cli::db_cli {

namespace {

namespace fs = std::filesystem;
using namespace strata::db;
using enum ExitCode;

// How the summary names what happened: migrate and rollback differ only here.
struct Wording {
  const char* verb;     // "apply"
  const char* done;     // "Applied"
  const char* nothing;  // "up to date"
};
constexpr Wording k_applying{"apply", "Applied", "is up to date"};
constexpr Wording k_rolling_back{"roll back", "Rolled back", "has no applied migrations"};

ExitCode report_migrations(const Connection& c, const std::vector<MigrationFile>& done,
                           bool dry_run, bool json, const Wording& w) {
  if (json) {
    nlohmann::json list = nlohmann::json::array();
    for (const auto& m : done) list.push_back(migration_json(m));
    print_json({{"url", c.db->display_url()}, {"dryRun", dry_run}, {"migrations", list}});
    return k_ok;
  }
  if (dry_run) {
    std::printf("Plan for %s: %zu migration(s) to %s\n", c.db->display_url().c_str(), done.size(),
                w.verb);
    for (const auto& m : done)
      std::printf("  %s_%s%s\n", m.version.c_str(), m.name.c_str(),
                  m.no_transaction ? " (no transaction)" : "");
    return k_ok;
  }
  if (done.empty())
    std::printf("Nothing to %s: %s %s.\n", w.verb, c.db->display_url().c_str(), w.nothing);
  else
    std::printf("%s %zu migration(s) on %s.\n", w.done, done.size(), c.db->display_url().c_str());
  return k_ok;
}

ExitCode run_migrate(const DbCmdOptions& o) {
  auto c = connect(o);
  if (!c) return fail_relative(c.error());
  Migrator m(*c->db, c->settings.migrations);
  ProgressLines progress("applied", o.json);
  auto done = m.migrate(migrate_options(o), &progress);
  if (!done) {
    progress.interrupted();
    return fail_relative(done.error());
  }
  return report_migrations(*c, *done, o.dry_run, o.json, k_applying);
}

ExitCode run_rollback(const DbCmdOptions& o) {
  if (o.steps < 1) return fail_relative(Error("--steps must be at least 1"), k_usage);
  auto c = connect(o);
  if (!c) return fail_relative(c.error());
  Migrator m(*c->db, c->settings.migrations);
  ProgressLines progress("reverted", o.json);
  auto done = m.rollback(o.steps, o.dry_run, &progress);
  if (!done) {
    progress.interrupted();
    return fail_relative(done.error());
  }
  return report_migrations(*c, *done, o.dry_run, o.json, k_rolling_back);
}

nlohmann::json status_json(const MigrationStatus& s) {
  nlohmann::json j = {{"version", s.version},
                      {"name", s.name},
                      {"state", migration_state_name(s.state)},
                      {"file", s.file.empty() ? nlohmann::json(nullptr) : nlohmann::json(s.file)},
                      {"noTransaction", s.no_transaction},
                      {"hasDown", s.has_down}};
  if (s.history)
    j.update({{"appliedAt", s.history->applied_at},
              {"appliedBy", s.history->applied_by},
              {"durationMs", s.history->duration_ms},
              {"checksum", s.history->checksum}});
  return j;
}

// The exit code of `db status`: drift (an applied file changed or gone),
// a dirty or out-of-order migration fails it; with --check a pending one
// too, so CI can stop before deploying an unmigrated schema.
ExitCode status_exit(const std::vector<MigrationStatus>& states, bool check, bool quiet) {
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
    print_error(Error(
        "the migrations are not in order: " + what, {},
        drift + dirty
            ? "see the list above; `strata db repair` accepts edited files and forgets dirty ones"
            : "run `strata db migrate`"));
  }
  return k_failure;
}

ExitCode run_status(const DbCmdOptions& o) {
  auto c = connect(o);
  if (!c) return fail_relative(c.error());
  auto states = Migrator(*c->db, c->settings.migrations).status();
  if (!states) return fail_relative(states.error());
  if (o.json) {
    nlohmann::json list = nlohmann::json::array();
    for (const auto& s : *states) list.push_back(status_json(s));
    print_json({{"url", c->db->display_url()}, {"migrations", std::move(list)}});
    return status_exit(*states, o.check, true);
  }
  std::printf("%s (%s)\n", c->db->display_url().c_str(),
              relative_to(c->settings.migrations, c->settings.root).c_str());
  std::map<std::string, int> counts;
  for (const auto& s : *states) {
    ++counts[migration_state_name(s.state)];
    std::string when = s.history ? s.history->applied_at + " by " + s.history->applied_by : "";
    std::printf("  %-13s %s_%s  %s\n", migration_state_name(s.state), s.version.c_str(),
                s.name.c_str(), when.c_str());
  }
  std::string summary;
  for (const auto& [state, n] : counts)
    summary += (summary.empty() ? "" : ", ") + std::to_string(n) + " " + state;
  std::printf("%s\n", states->empty() ? "No migrations." : summary.c_str());
  std::fflush(stdout);
  return status_exit(*states, o.check, false);
}

ExitCode run_repair(const DbCmdOptions& o) {
  auto c = connect(o);
  if (!c) return fail_relative(c.error());
  auto r = Migrator(*c->db, c->settings.migrations).repair();
  if (!r) return fail_relative(r.error());
  if (o.json) {
    print_json({{"dirtyRemoved", r->dirty_removed}, {"checksumsUpdated", r->checksums_updated}});
    return k_ok;
  }
  for (const auto& v : r->dirty_removed)
    std::printf("  forgot dirty migration %s (it will run again)\n", v.c_str());
  for (const auto& v : r->checksums_updated)
    std::printf("  accepted the changed file of migration %s\n", v.c_str());
  if (r->dirty_removed.empty() && r->checksums_updated.empty()) std::printf("Nothing to repair.\n");
  return k_ok;
}

ExitCode run_new(const DbCmdOptions& o) {
  auto s = settings(o);
  if (!s) return fail_relative(s.error());
  auto path = new_migration_path(s->migrations, o.name);
  if (!path) return fail_relative(path.error(), k_usage);
  std::string header = "-- " + path->filename().string() + "\n";
  if (auto st = write_atomic(*path, header); !st) return fail_relative(st.error());
  std::printf("%s\n", relative_to(*path, s->root).c_str());
  if (o.down) {
    fs::path down = path->parent_path() / (path->stem().string() + ".down.sql");
    if (auto st = write_atomic(down, "-- undoes " + path->filename().string() + "\n"); !st)
      return fail_relative(st.error());
    std::printf("%s\n", relative_to(down, s->root).c_str());
  }
  return k_ok;
}

}  // namespace

std::vector<CommandSpec> migration_rows(const Options& o) {
  return {
      connection_row(
          "new", "Create the next migration file (UTC timestamp version)", o, run_new,
          [](CLI::App& s, DbCmdOptions& v) {
            s.add_option("name", v.name, "What the migration does, e.g. create_users")->required();
            s.add_flag("--down", v.down, "Also create its .down.sql file");
          }),
      connection_row("migrate", "Apply pending migrations, each in its own transaction", o,
                     run_migrate,
                     [](CLI::App& s, DbCmdOptions& v) {
                       s.add_flag("--dry-run", v.dry_run, "Print the plan, change nothing");
                       add_migrate_options(s, v);
                     }),
      connection_row("rollback", "Undo the newest applied migrations with their down files", o,
                     run_rollback,
                     [](CLI::App& s, DbCmdOptions& v) {
                       s.add_option("--steps", v.steps, "How many migrations to undo (default 1)");
                       s.add_flag("--dry-run", v.dry_run, "Print the plan, change nothing");
                     }),
      connection_row(
          "status", "Applied, pending, dirty and changed migrations (exit 1 on drift or dirty)", o,
          run_status,
          [](CLI::App& s, DbCmdOptions& v) {
            s.add_flag("--check", v.check, "Also exit 1 when migrations are pending (for CI)");
          }),
      connection_row("repair", "Forget dirty migrations and accept edited applied files", o,
                     run_repair, [](CLI::App&, DbCmdOptions&) {}),
  };
}

}  // namespace strata::cli::db_cli
