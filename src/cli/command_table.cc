// The binary's command table. The db and vec groups need libpq, SQLite,
// FAISS (BLAS, LAPACK) and OpenSSL's TLS: they live in the "data" plugin
// (cli/data_plugin.cc), so the workspace commands start without loading any
// of those libraries.

#include "cli/command.h"

namespace strata::cli {

const std::vector<CommandSpec>& command_table() {
  static const std::vector<CommandSpec> table = [] {
    std::vector<CommandSpec> t;
    for (auto group : {graph_commands, run_commands, watch_commands, cache_commands, generate_commands,
                       check_commands})
      for (auto& row : group()) t.push_back(std::move(row));
    // The summaries repeat the plugin rows' (db_cmd.cc, vec_cmd.cc).
    t.push_back({"db", "Database migrations, seeds and test data (SQLite or PostgreSQL)", "", {}, "data"});
    t.push_back({"vec", "The vector store: collections of embeddings with metadata, top-k queries, an HTTP API", "",
                 {}, "data"});
    for (auto& row : misc_commands()) t.push_back(std::move(row));
    return t;
  }();
  return table;
}

}  // namespace strata::cli
