// vec upsert, get, delete, count: records by id, read as JSON lines. An
// upsert acknowledges each record only once its batch is durable.

#include <fmt/format.h>

#include <CLI/CLI.hpp>
#include <cstdio>

#include "cli/command_support.h"
#include "cli/vec_cmd.h"

namespace strata::cli::vec_cli {

namespace {

using json = nlohmann::json;
using namespace strata::vec;
using enum ExitCode;

// Writes one batch and acknowledges each record only once it is durable.
Status flush_batch(VectorStore& store, const std::string& name, std::vector<Record>& batch,
                   bool quiet) {
  if (batch.empty()) return ok_status();
  if (auto st = store.upsert(name, batch); !st) return st;
  if (!quiet)
    for (const auto& r : batch) print_json_line({{"id", r.id}, {"status", "upserted"}});
  std::fflush(stdout);
  batch.clear();
  return ok_status();
}

ExitCode run_upsert(const VecOptions& o) {
  Progress command;  // the whole command: opening, writing, indexing, closing
  LineReader in(o.file);
  if (in.failed()) return fail(Error(fmt::format("{}: cannot open", o.file)));
  auto store = open_store(o, Access::k_write);
  if (!store) return fail(store.error());
  auto spec = (*store)->collection(o.name);
  if (!spec) return fail(spec.error());
  std::vector<Record> batch;
  size_t saved = 0;
  Progress progress;
  std::string line;
  while (in.next(line)) {
    json j = parse_json_line(line);
    auto r = j.is_discarded() ? Result<Record>(Error("not valid JSON")) : record_from_json(j);
    if (r) {
      if (auto st = validate_record(*spec, *r); !st) r = st.error();
    }
    if (!r) {
      size_t n = batch.size();  // what came before the bad line is kept
      if (auto st = flush_batch(**store, o.name, batch, o.quiet); !st) return fail(st.error());
      return fail(Error(r.error().message, in.where(),
                        fmt::format("the {} records before this line are saved", saved + n)));
    }
    batch.push_back(std::move(*r));
    if (batch.size() >= std::max<size_t>(o.batch, 1)) {
      size_t n = batch.size();
      if (auto st = flush_batch(**store, o.name, batch, o.quiet); !st) return fail(st.error());
      saved += n;
      progress.update(saved);
    }
  }
  size_t n = batch.size();
  if (auto st = flush_batch(**store, o.name, batch, o.quiet); !st) return fail(st.error());
  saved += n;
  double acknowledged = progress.seconds();
  store->reset();  // closing waits for the background indexer and saves the index
  progress.clear();
  std::fprintf(
      stderr,
      "Upserted %zu records into '%s' in %.2f s (writes acknowledged in %.2f s, %.0f records/s)\n",
      saved, o.name.c_str(), command.seconds(), acknowledged, saved / acknowledged);
  return k_ok;
}

// ---- get, delete, count ---------------------------------------------------

// Ids from the arguments, else one per input line (a bare id or {"id": ...}).
Result<std::vector<std::string>> input_ids(const VecOptions& o) {
  if (!o.ids.empty()) return o.ids;
  LineReader in(o.file);
  if (in.failed()) return Error(fmt::format("{}: cannot open", o.file));
  std::vector<std::string> ids;
  std::string line;
  while (in.next(line)) {
    json j = parse_json_line(line);
    if (!j.is_discarded() && j.is_object() && j.contains("id") && j["id"].is_string())
      ids.push_back(j["id"]);
    else if (!j.is_discarded() && j.is_string())
      ids.push_back(j.get<std::string>());
    else
      ids.push_back(line.substr(0, line.find_last_not_of(" \t\r") + 1));
  }
  return ids;
}

ExitCode run_get(const VecOptions& o) {
  auto ids = input_ids(o);
  if (!ids) return fail(ids.error());
  auto store = open_store(o, Access::k_read);
  if (!store) return fail(store.error());
  auto got = (*store)->get(o.name, *ids);
  if (!got) return fail(got.error());
  for (const auto& r : *got) print_json_line(record_to_json(r));
  if (got->size() == ids->size()) return k_ok;
  return fail(Error(fmt::format("{} of {} ids not found in '{}'", ids->size() - got->size(),
                                ids->size(), o.name)));
}

ExitCode run_delete(const VecOptions& o) {
  auto ids = input_ids(o);
  if (!ids) return fail(ids.error());
  auto store = open_store(o, Access::k_write);
  if (!store) return fail(store.error());
  auto n = (*store)->remove(o.name, *ids);
  if (!n) return fail(n.error());
  print_json_line({{"deleted", *n}});
  return k_ok;
}

ExitCode run_count(const VecOptions& o) {
  auto where = where_option(o.where);
  if (!where) return fail(where.error());
  auto store = open_store(o, Access::k_read);
  if (!store) return fail(store.error());
  auto n = (*store)->count(o.name, *where);
  if (!n) return fail(n.error());
  if (auto spec = (*store)->collection(o.name); *n == 0 && spec)
    warn_all(empty_result_warnings(**store, *spec, *where));
  if (o.json)
    print_json_line({{"count", *n}});
  else
    std::printf("%zu\n", *n);
  return k_ok;
}

}  // namespace

std::vector<CommandSpec> record_rows(const Options& o) {
  return {
      store_row("upsert", "Insert or replace records read as JSON lines {id, embedding, metadata}",
                o, run_upsert,
                [](CLI::App& s, VecOptions& v) {
                  s.add_option("name", v.name, "Collection name")->required();
                  s.add_option("--file", v.file, "Read this file instead of stdin");
                  s.add_option("--batch", v.batch, "Records per durable transaction (default 500)");
                  s.add_flag("--quiet", v.quiet, "No acknowledgement line per record");
                }),
      store_row("get", "Print records by id as JSON lines", o, run_get,
                [](CLI::App& s, VecOptions& v) {
                  s.add_option("name", v.name, "Collection name")->required();
                  s.add_option("ids", v.ids, "Ids (default: one per stdin line)");
                  s.add_option("--file", v.file, "Read ids from this file");
                }),
      store_row("delete", "Delete records by id", o, run_delete,
                [](CLI::App& s, VecOptions& v) {
                  s.add_option("name", v.name, "Collection name")->required();
                  s.add_option("ids", v.ids, "Ids (default: one per stdin line)");
                  s.add_option("--file", v.file, "Read ids from this file");
                }),
      store_row("count", "Count records, optionally those matching --where", o, run_count,
                [](CLI::App& s, VecOptions& v) {
                  s.add_option("name", v.name, "Collection name")->required();
                  s.add_option("--where", v.where, "Metadata filter (JSON, Chroma-style)");
                  add_json_flag(s, v.json, "Print {\"count\": N}");
                }),
  };
}

}  // namespace strata::cli::vec_cli
