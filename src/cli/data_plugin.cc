// The "data" plugin, strata-data.so: the db, vec, train, evaluate, model and
// serve command groups with the layers they need (db: SQLite, libpq; http:
// OpenSSL; vector: FAISS; registry, ml, serve). The
// binary loads it when one of these commands is chosen (cli/command.cc);
// it runs the same front end as the binary, on its own rows.

#include "cli/command.h"

namespace strata::cli {

namespace {

std::vector<CommandSpec> data_rows() {
  std::vector<CommandSpec> rows;
  for (auto group : {db_commands, vec_commands, ml_commands, model_commands, serve_commands})
    for (auto& row : group()) rows.push_back(std::move(row));
  return rows;
}

}  // namespace

}  // namespace strata::cli

// The plugin's entry points (util/plugin.h): the whole command line, as the
// binary received it, and the rows with their setup, for completions.
extern "C" __attribute__((visibility("default"))) int strata_plugin_main(int argc, char** argv) {
  static const std::vector<strata::cli::CommandSpec> rows = strata::cli::data_rows();
  return strata::cli::run(argc, argv, rows);
}

extern "C" __attribute__((visibility("default"))) void strata_plugin_commands(
    std::vector<strata::cli::CommandSpec>* out) {
  *out = strata::cli::data_rows();
}
