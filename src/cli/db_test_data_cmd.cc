// db testdb (create, drop) and db test-vectors: throwaway databases and
// deterministic vectors for tests (src/db/test_data.h).

#include <CLI/CLI.hpp>
#include <cstdio>

#include "cli/command_support.h"
#include "cli/db_cmd.h"
#include "db/test_data.h"

namespace strata::cli::db_cli {

namespace {

using namespace strata::db;
using enum ExitCode;

ExitCode run_testdb_create(const DbCmdOptions& o) {
  auto s = settings(o);
  if (!s) return fail_relative(s.error());
  auto url = create_test_database(s->url);
  if (!url) return fail_relative(url.error());
  std::printf("%s\n", url->c_str());
  return k_ok;
}

ExitCode run_testdb_drop(const DbCmdOptions& o) {
  std::string url = o.target_url.empty() ? database_url_or_env(o.flags.url) : o.target_url;
  if (url.empty())
    return fail_relative(Error("which test database?", {}, "strata db testdb drop URL"), k_usage);
  if (auto st = drop_test_database(url); !st) return fail_relative(st.error());
  return k_ok;
}

ExitCode run_test_vectors(const DbCmdOptions& o) {
  TestVectorOptions t;
  t.count = o.count;
  t.dim = o.dim;
  t.seed = o.seed;
  t.id_prefix = o.id_prefix;
  for (const auto& spec : o.metadata) {
    auto m = parse_metadata_spec(spec);
    if (!m) return fail_relative(m.error(), k_usage);
    t.metadata.push_back(std::move(*m));
  }
  if (auto st = write_test_vectors(t, stdout); !st) return fail_relative(st.error(), k_usage);
  return k_ok;
}

std::vector<CommandSpec> testdb_rows(const Options& o) {
  return {
      {"create", "Create strata_test_<random> on the server; print its URL", "",
       [o](CLI::App& s) -> Handler {
         s.add_option("--url", o->flags.url,
                      "Server URL (a PostgreSQL database on it); SQLite: a temp file");
         return [o] { return run_testdb_create(*o); };
       }},
      {"drop", "Drop a database made by `testdb create`", "",
       [o](CLI::App& s) -> Handler {
         s.add_option("url", o->target_url, "The URL `testdb create` printed");
         return [o] { return run_testdb_drop(*o); };
       }},
  };
}

}  // namespace

std::vector<CommandSpec> test_data_rows(const Options& o) {
  return {
      {"testdb", "Create or drop a throwaway test database", "",
       [o](CLI::App& s) -> Handler { return subcommand_group(s, testdb_rows(o)); }},
      {"test-vectors", "Print N deterministic random unit vectors as JSON lines", "",
       [o](CLI::App& s) -> Handler {
         s.add_option("count", o->count, "How many vectors")->required();
         s.add_option("--dim", o->dim, "Dimension")->required();
         s.add_option("--seed", o->seed, "Random seed (default 42); same seed, same bytes");
         s.add_option("--metadata", o->metadata,
                      "KEY=V1,V2,...: a metadata field picked from these values");
         s.add_option("--id-prefix", o->id_prefix, "Id prefix (default vec-)");
         return [o] { return run_test_vectors(*o); };
       }},
  };
}

}  // namespace strata::cli::db_cli
