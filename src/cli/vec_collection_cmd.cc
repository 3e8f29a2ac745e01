// vec create, drop, index, info: collections as a whole.

#include <fmt/format.h>

#include <CLI/CLI.hpp>
#include <cstdio>

#include "cli/command_support.h"
#include "cli/vec_cmd.h"
#include "util/redact.h"

namespace strata::cli::vec_cli {

namespace {

using json = nlohmann::json;
using namespace strata::vec;
using enum ExitCode;

ExitCode run_create(const VecOptions& o) {
  auto metric = parse_metric(o.metric);
  if (!metric) return fail(metric.error());
  auto index = parse_index_kind(o.index);
  if (!index) return fail(index.error());
  auto store = open_store(o, Access::k_write);
  if (!store) return fail(store.error());
  auto durability = parse_durability(o.durability);
  if (!durability) return fail(durability.error());
  CollectionSpec spec{o.name,        o.dim,      *metric, *index, o.m, o.ef_construction,
                      o.defer_index, *durability};
  if (auto st = (*store)->create_collection(spec); !st) return fail(st.error());
  if (o.json)
    print_json_line({{"name", o.name}, {"dim", o.dim}, {"metric", metric_name(*metric)}});
  else
    std::fprintf(stderr, "Collection '%s' (dimension %d, %s) in %s\n", o.name.c_str(), o.dim,
                 std::string(metric_name(*metric)).c_str(),
                 redact_secrets(store_location(o)).c_str());
  return k_ok;
}

ExitCode run_drop(const VecOptions& o) {
  auto store = open_store(o, Access::k_write);
  if (!store) return fail(store.error());
  if (auto st = (*store)->drop_collection(o.name); !st) return fail(st.error());
  if (o.json)
    print_json_line({{"dropped", o.name}});
  else
    std::fprintf(stderr, "Dropped collection '%s' from %s\n", o.name.c_str(),
                 redact_secrets(store_location(o)).c_str());
  return k_ok;
}

ExitCode run_index(const VecOptions& o) {
  auto store = open_store(o, Access::k_write);
  if (!store) return fail(store.error());
  Progress progress;
  if (auto st = (*store)->build_index(o.name); !st) return fail(st.error());
  progress.done(fmt::format("Index of '{}' is up to date", o.name));
  return k_ok;
}

ExitCode run_info(const VecOptions& o) {
  auto store = open_store(o, Access::k_read);
  if (!store) return fail(store.error());
  if (!o.name.empty()) {
    auto info = (*store)->info(o.name);
    if (!info) return fail(info.error());
    std::printf("%s\n", info->dump(2).c_str());
    return k_ok;
  }
  auto all = (*store)->collections();
  if (!all) return fail(all.error());
  for (const auto& c : *all) {
    if (o.json)
      print_json_line({{"name", c.name}, {"dim", c.dim}, {"metric", metric_name(c.metric)}});
    else
      std::printf("%s\tdim %d\t%s\n", c.name.c_str(), c.dim,
                  std::string(metric_name(c.metric)).c_str());
  }
  return k_ok;
}

}  // namespace

std::vector<CommandSpec> collection_rows(const Options& o) {
  return {
      store_row(
          "create", "Create a collection", o, run_create,
          [](CLI::App& s, VecOptions& v) {
            s.add_option("name", v.name, "Collection name")->required();
            s.add_option("--dim", v.dim, "Embedding dimension")->required();
            s.add_option("--metric", v.metric, "cosine (default), l2 or ip");
            s.add_option("--index", v.index, "hnsw (default) or ivfflat (PostgreSQL only)");
            s.add_option("--m", v.m, "HNSW graph degree (default 16)");
            s.add_option("--ef-construction", v.ef_construction,
                         "HNSW build beam width (default 100)");
            s.add_option(
                "--durability", v.durability,
                "Embedded: fsync (default; survives power loss) or process (survives kill -9)");
            s.add_flag("--defer-index", v.defer_index,
                       "PostgreSQL: build the ANN index later with 'vec index', after loading");
            add_json_flag(s, v.json, "Print the collection as JSON");
          }),
      store_row("drop", "Delete a collection and all its records", o, run_drop,
                [](CLI::App& s, VecOptions& v) {
                  s.add_option("name", v.name, "Collection name")->required();
                  add_json_flag(s, v.json, "Print {\"dropped\": NAME}");
                }),
      store_row("index", "Bring the ANN index up to date (build ivfflat after a load; compact)", o,
                run_index,
                [](CLI::App& s, VecOptions& v) {
                  s.add_option("name", v.name, "Collection name")->required();
                }),
      store_row("info", "Describe a collection, or list the collections", o, run_info,
                [](CLI::App& s, VecOptions& v) {
                  s.add_option("name", v.name, "Collection name");
                  add_json_flag(s, v.json, "JSON lines when listing");
                }),
  };
}

}  // namespace strata::cli::vec_cli
