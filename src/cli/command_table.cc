// The binary's command table. The db, vec, train, evaluate, model and
// serve groups need libpq, SQLite, FAISS (BLAS, LAPACK) and OpenSSL's TLS:
// they live in the "data" plugin
// (cli/data_plugin.cc), so the workspace commands start without loading any
// of those libraries.

#include "cli/command.h"

namespace strata::cli {

const std::vector<CommandSpec>& command_table() {
  static const std::vector<CommandSpec> table = [] {
    std::vector<CommandSpec> t;
    for (auto group : {graph_commands, run_commands, watch_commands, cache_commands,
                       generate_commands, service_commands, image_commands, kube_commands,
                       check_commands, stats_commands, audit_commands, up_commands})
      for (auto& row : group()) t.push_back(std::move(row));
    // The summaries repeat the plugin rows' (db_cmd.cc, vec_cmd.cc,
    // ml_cmd.cc, model_cmd.cc, serve_cmd.cc).
    t.push_back(
        {"db", "Database migrations, seeds and test data (SQLite or PostgreSQL)", "", {}, "data"});
    t.push_back(
        {"vec",
         "The vector store: collections of embeddings with metadata, top-k queries, an HTTP API",
         "",
         {},
         "data"});
    t.push_back(
        {"train",
         "Train models whose training key changed; skip or restore from the cache the others",
         "",
         {},
         "data"});
    t.push_back({"evaluate",
                 "Evaluate models (training first where needed): artifacts/evaluation.json",
                 "",
                 {},
                 "data"});
    t.push_back({"model",
                 "The model registry: register versions, list, show, compare, promote through "
                 "gates, roll back, history",
                 "",
                 {},
                 "data"});
    t.push_back({"serve",
                 "Serve exported models over the KServe v2 inference protocol (HTTP)",
                 "",
                 {},
                 "data"});
    // The summaries repeat the plugin rows' (cluster_cmd.cc).
    t.push_back({"deploy",
                 "Deploy services to a Kubernetes cluster: server-side apply, follow the rollout, "
                 "roll back a failed one",
                 "",
                 {},
                 "cluster"});
    t.push_back({"scale",
                 "Set a deployed service's replica count (the Deployment's scale subresource)",
                 "",
                 {},
                 "cluster"});
    for (auto& row : misc_commands()) t.push_back(std::move(row));
    return t;
  }();
  return table;
}

}  // namespace strata::cli
