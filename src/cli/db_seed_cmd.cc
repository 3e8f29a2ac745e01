// db seed and db reset: seed scenarios (src/db/seeder.h), and the drop,
// migrate and seed that gives a developer a fresh database.

#include <unistd.h>

#include <CLI/CLI.hpp>
#include <algorithm>
#include <cstdio>
#include <nlohmann/json.hpp>

#include "cli/command_support.h"
#include "cli/db_cmd.h"
#include "db/database_reset.h"

namespace strata::cli::db_cli {

namespace {

using namespace strata::db;
using enum ExitCode;

ExitCode run_seed(const DbCmdOptions& o) {
  auto c = connect(o);
  if (!c) return fail_relative(c.error());
  Seeder seeder(*c->db, c->settings.seeds, c->settings.root);
  std::string scenario = o.scenario.empty() ? "default" : o.scenario;
  auto r = seeder.seed(scenario, {o.force, o.dry_run});
  if (!r) return fail_relative(r.error());
  return print_seed_results(scenario, *r, o.json);
}

bool confirmed(const DbCmdOptions& o, const std::string& url) {
  if (o.yes) return true;
  if (!isatty(STDIN_FILENO)) return false;
  std::fprintf(stderr, "Drop everything in %s? [y/N] ", url.c_str());
  char answer[8] = {};
  return std::fgets(answer, sizeof answer, stdin) && (answer[0] == 'y' || answer[0] == 'Y');
}

ExitCode run_reset(const DbCmdOptions& o) {
  auto c = connect(o);
  if (!c) return fail_relative(c.error());
  if (!confirmed(o, c->db->display_url()))
    return fail_relative(
        Error("not resetting " + c->db->display_url(), {}, "pass --yes to drop everything in it"),
        k_usage);
  if (auto st = drop_all_objects(*c->db); !st) return fail_relative(st.error());
  if (!o.json) std::printf("Dropped everything in %s.\n", c->db->display_url().c_str());
  ProgressLines progress("applied", o.json);
  auto done = Migrator(*c->db, c->settings.migrations).migrate(migrate_options(o), &progress);
  if (!done) {
    progress.interrupted();
    return fail_relative(done.error());
  }
  Seeder seeder(*c->db, c->settings.seeds, c->settings.root);
  std::string scenario = o.scenario.empty() ? "default" : o.scenario;
  auto known = seeder.scenarios();
  bool seed = !o.no_seed && (!o.scenario.empty() ||
                             std::find(known.begin(), known.end(), scenario) != known.end());
  std::vector<SeedResult> seeded;
  if (seed) {
    auto r = seeder.seed(scenario, {});
    if (!r) return fail_relative(r.error());
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

}  // namespace

std::vector<CommandSpec> seed_rows(const Options& o) {
  return {
      connection_row("reset", "Drop everything, migrate, seed", o, run_reset,
                     [](CLI::App& s, DbCmdOptions& v) {
                       s.add_option("scenario", v.scenario,
                                    "Seed scenario (default: 'default' if there is one)");
                       s.add_flag("--yes", v.yes, "Do not ask before dropping");
                       s.add_flag("--no-seed", v.no_seed, "Only drop and migrate");
                       add_migrate_options(s, v);
                     }),
      connection_row("seed", "Apply a seed scenario (SQL, JSON or CSV fixtures)", o, run_seed,
                     [](CLI::App& s, DbCmdOptions& v) {
                       s.add_option("scenario", v.scenario, "Scenario name (default 'default')");
                       s.add_flag("--force", v.force,
                                  "Apply seeds that changed since they were applied again");
                       s.add_flag("--dry-run", v.dry_run, "Report what would be applied");
                     }),
  };
}

}  // namespace strata::cli::db_cli
